import { expect, test } from './fixtures';

/** `yyyy-MM-ddTHH:mm` in local time, as a datetime-local field takes it (browser and test share the machine's zone). */
function localInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

test('Meet now from a contact card invites the other side, who joins; participants show live', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');

  await alice.getByRole('searchbox', { name: 'Search' }).fill('Bella');
  await alice.getByRole('option', { name: /Bella Martins/ }).click();
  await alice.getByRole('dialog', { name: 'Bella Martins' }).getByRole('button', { name: 'Meet now' }).click();
  const aliceMeeting = alice.getByRole('region', { name: 'Meeting' });
  await expect(aliceMeeting.getByRole('list', { name: 'Participants' })).toContainText('Alice Nguyen');

  const invitation = bella.getByRole('dialog', { name: 'Meeting invitation' });
  await expect(invitation).toContainText('Alice Nguyen');
  await invitation.getByRole('button', { name: 'Join' }).click();
  await expect(invitation).toHaveCount(0);

  const bellaParticipants = bella.getByRole('region', { name: 'Meeting' }).getByRole('list', { name: 'Participants' });
  await expect(bellaParticipants.getByRole('listitem')).toHaveCount(2);
  await expect(bellaParticipants).toContainText('Alice Nguyen');
  await expect(bellaParticipants).toContainText('Federated');
  await expect(aliceMeeting.getByRole('list', { name: 'Participants' })).toContainText('Bella Martins');

  await bella.getByRole('region', { name: 'Meeting' }).getByRole('button', { name: 'Leave' }).click();
  await expect(bella.getByRole('region', { name: 'Meeting' })).toHaveCount(0);
  await expect(aliceMeeting.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(1);
});

test('Meet now from a 1:1 chat; a dismissed invitation stays joinable from Meetings', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Alice Nguyen' }).getByRole('button').click();
  await bella.getByRole('button', { name: 'Meet now' }).click();
  await expect(bella.getByRole('region', { name: 'Meeting' })).toBeVisible();

  const invitation = alice.getByRole('dialog', { name: 'Meeting invitation' });
  await expect(invitation).toContainText('Bella Martins');
  await invitation.getByRole('button', { name: 'Dismiss' }).click();
  await alice.getByRole('tab', { name: 'Meetings' }).click();
  const ongoing = alice.getByRole('list', { name: 'Ongoing meetings' });
  await expect(ongoing).toContainText('with Bella Martins');
  await ongoing.getByRole('button', { name: 'Join' }).click();
  await expect(bella.getByRole('region', { name: 'Meeting' }).getByRole('list', { name: 'Participants' })).toContainText('Alice Nguyen');
});

test('a meeting scheduled in a channel is posted there and joined by a federated member; unseen participants are UNKNOWN USER', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  const alice = await signIn('alice@northwind.example');
  const bob = await signIn('bob@fabrikam.example');

  await bella.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'deal-room' }).getByRole('button').click();
  await bella.getByRole('button', { name: 'Schedule meeting' }).click();
  const dialog = bella.getByRole('dialog', { name: 'Schedule meeting' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Contract review');
  await dialog.getByLabel('Start').fill(localInputValue(new Date()));
  await dialog.getByRole('combobox', { name: 'Duration' }).selectOption({ label: '30 minutes' });
  await dialog.getByRole('button', { name: 'Schedule' }).click();
  await expect(dialog).toHaveCount(0);

  // Alice (Northwind, federated with Contoso) finds it under Meetings and in the channel.
  await alice.getByRole('tab', { name: 'Meetings' }).click();
  const upcoming = alice.getByRole('list', { name: 'Upcoming meetings' });
  await expect(upcoming).toContainText('Contract review');
  await expect(upcoming).toContainText('# deal-room');
  await upcoming.getByRole('listitem', { name: 'Contract review' }).getByRole('button', { name: 'Join' }).click();
  const aliceParticipants = alice.getByRole('region', { name: 'Meeting' }).getByRole('list', { name: 'Participants' });
  await expect(aliceParticipants).toContainText('Alice Nguyen');

  // The channel shows the meeting under way with Join.
  await expect(bella.getByRole('log', { name: 'Messages' })).toContainText('Contract review');
  await bella.getByRole('group', { name: 'Meetings in this conversation' }).getByRole('button', { name: 'Join' }).click();
  await expect(aliceParticipants).toContainText('Bella Martins');

  // Bob (Fabrikam) is a member too; Alice does not see him.
  await bob.getByRole('tab', { name: 'Meetings' }).click();
  await bob.getByRole('list', { name: 'Ongoing meetings' }).getByRole('button', { name: 'Join' }).click();
  await expect(aliceParticipants.getByRole('listitem')).toHaveCount(3);
  await expect(aliceParticipants).toContainText('UNKNOWN USER');
  await expect(aliceParticipants).not.toContainText('Bob');
  await expect(bella.getByRole('region', { name: 'Meeting' }).getByRole('list', { name: 'Participants' })).toContainText('Bob Alvarez');
});
