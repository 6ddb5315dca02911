import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Opens the Calling section and dials what a person would type. */
async function dial(page: Page, input: string, how: 'button' | 'enter' = 'button') {
  await page.getByRole('tab', { name: 'Calling' }).click();
  const dialer = page.getByRole('form', { name: 'Dialer' });
  await dialer.getByRole('textbox', { name: 'Phone number' }).fill(input);
  if (how === 'enter') await dialer.getByRole('textbox', { name: 'Phone number' }).press('Enter');
  else await dialer.getByRole('button', { name: 'Call', exact: true }).click();
}

async function openList(page: Page, name: 'Call history' | 'Voicemail') {
  await page.getByRole('tab', { name: 'Calling' }).click();
  await page.getByRole('tab', { name }).click();
  return page.getByRole('list', { name, exact: true });
}

test('a 10-digit call across federated accounts is rung, answered and hung up, with records on both sides', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');

  await alice.getByRole('tab', { name: 'Calling' }).click();
  const number = alice.getByRole('form', { name: 'Dialer' }).getByRole('textbox', { name: 'Phone number' });
  await number.fill('2125550141');
  await expect(number).toHaveValue('(212) 555-0141');
  await alice.getByRole('form', { name: 'Dialer' }).getByRole('button', { name: 'Call', exact: true }).click();

  const aliceCall = alice.getByRole('region', { name: 'Active call' });
  await expect(aliceCall).toContainText('Bella Martins');
  await expect(aliceCall).toContainText('Federated');
  await expect(aliceCall).toContainText('Ringing');

  const incoming = bella.getByRole('dialog', { name: 'Incoming call' });
  await expect(incoming).toContainText('Alice Nguyen');
  await expect(incoming).toContainText('Federated');
  await incoming.getByRole('button', { name: 'Answer' }).click();
  await expect(incoming).toHaveCount(0);

  const bellaCall = bella.getByRole('region', { name: 'Active call' });
  await expect(aliceCall).toContainText('Connected');
  await expect(bellaCall).toContainText('Connected');
  await expect(bellaCall).toContainText('Alice Nguyen');
  await expect(aliceCall).toContainText(/0:0[1-9]/); // the timer runs
  await aliceCall.getByRole('button', { name: 'Mute' }).click();
  await expect(aliceCall.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'true');
  await expect(bellaCall).toContainText('Alice Nguyen is muted');

  await bellaCall.getByRole('button', { name: 'Hang up' }).click();
  await expect(aliceCall).toContainText('Call ended');

  const aliceHistory = await openList(alice, 'Call history');
  await expect(aliceHistory.getByRole('listitem').first()).toContainText('Bella Martins');
  await expect(aliceHistory.getByRole('listitem').first()).toContainText('Outgoing · Answered');
  const bellaHistory = await openList(bella, 'Call history');
  await expect(bellaHistory.getByRole('listitem').first()).toContainText('Alice Nguyen');
  await expect(bellaHistory.getByRole('listitem').first()).toContainText('Incoming · Answered');
});

test('what is not a 10-digit number or an own extension is refused in an alert, and nothing is dialed', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  // 2202 is Carl's extension in Contoso, a federated account: extensions do not cross accounts.
  for (const input of ['5550101', '2202', '+44 20 7946 0958', 'call Bella', '24155550101']) {
    await dial(alice, input, 'enter');
    const alert = alice.getByRole('form', { name: 'Dialer' }).getByRole('alert');
    await expect(alert, input).toContainText('10-digit');
    await expect(alert).toContainText('Extensions work only inside your own account.');
    await expect(alice.getByRole('region', { name: 'Active call' })).toHaveCount(0);
  }
});

test('an own-account extension call; declined, it offers a voicemail that the callee finds', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const brian = await signIn('brian@northwind.example');

  await dial(alice, '1202', 'enter');
  const aliceCall = alice.getByRole('region', { name: 'Active call' });
  await expect(aliceCall).toContainText('Brian Okafor');
  await expect(aliceCall).not.toContainText('Federated');
  const incoming = brian.getByRole('dialog', { name: 'Incoming call' });
  await expect(incoming).toContainText('Alice Nguyen');
  await incoming.getByRole('button', { name: 'Decline' }).click();

  await expect(aliceCall).toContainText('Declined');
  await aliceCall.getByRole('button', { name: 'Leave voicemail' }).click();
  await aliceCall.getByRole('textbox', { name: 'Note (optional)' }).fill('Brian, the printers on 3 are down again.');
  await aliceCall.getByRole('button', { name: 'Stop and send' }).click();
  await expect(aliceCall).toHaveCount(0);

  await expect(brian.getByRole('tab', { name: 'Calling' })).toContainText('1');
  const voicemail = await openList(brian, 'Voicemail');
  const entry = voicemail.getByRole('listitem').first();
  await expect(entry).toContainText('Alice Nguyen');
  await expect(entry).toContainText('the printers on 3 are down again');
  await entry.getByRole('button', { name: 'Mark as listened' }).click();
  await expect(brian.getByRole('tab', { name: 'Calling' })).not.toContainText('1');

  const history = await openList(brian, 'Call history');
  await expect(history.getByRole('listitem').first()).toContainText('Incoming · Declined');
});

test('the number of someone the caller does not see is dialed like an outside number: the same states, and they are never rung', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bob = await signIn('bob@fabrikam.example');
  const bobCall = bob.getByRole('region', { name: 'Active call' });
  // A number nobody owns, then Alice's (online, free): ringing, then the simulated outside party answers.
  for (const number of ['(800) 555-0199', '+1 415 555 0101']) {
    await dial(bob, number);
    await expect(bobCall).toContainText('Ringing');
    await expect(bobCall).toContainText('Connected');
    await expect(bobCall).not.toContainText(/Alice|Nguyen|Northwind/);
    await bobCall.getByRole('button', { name: 'Hang up' }).click();
    await expect(bobCall).toContainText('Call ended');
  }
  await expect(alice.getByRole('dialog', { name: 'Incoming call' })).toHaveCount(0);
  const aliceHistory = await openList(alice, 'Call history');
  await expect(aliceHistory).not.toContainText('(617) 555-0161');
  const bobHistory = await openList(bob, 'Call history');
  await expect(bobHistory.getByRole('listitem').first()).toContainText('(415) 555-0101');
  await expect(bobHistory).not.toContainText('Alice');
});

test('a voicemail from someone no longer seen shows only as a formatted number', async ({ signIn, backend }) => {
  // Northwind and Fabrikam federated for a while: Bob calls Alice, she declines, he leaves a voicemail.
  const federation = await backend.federations.create({
    name: 'Northwind and Fabrikam',
    accountIds: ['100100', '300300'],
    consents: [{ accountId: '100100', who: 'Ann Lee', form: 'written' }, { accountId: '300300', who: 'Bo Park', form: 'verbal' }],
    confirmAllSeeAll: true,
  }) as { id: string };
  const alice = await signIn('alice@northwind.example');
  const bob = await signIn('bob@fabrikam.example');
  await dial(bob, '+1 415 555 0101');
  const bobCall = bob.getByRole('region', { name: 'Active call' });
  await expect(bobCall).toContainText('Alice Nguyen');
  await alice.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Decline' }).click();
  await bobCall.getByRole('button', { name: 'Leave voicemail' }).click();
  await bobCall.getByRole('textbox', { name: 'Note (optional)' }).fill('About the lab results.');
  await bobCall.getByRole('button', { name: 'Stop and send' }).click();

  await backend.federations.delete({ federationId: federation.id, ackChannelCleanup: true });
  const voicemail = await openList(alice, 'Voicemail');
  const fromBob = voicemail.getByRole('listitem').filter({ hasText: 'About the lab results.' });
  await expect(fromBob).toContainText('(617) 555-0161');
  await expect(voicemail).not.toContainText('Bob');
  await expect(voicemail).not.toContainText('Alvarez');
  // The seeded voicemail is from Bella, whom Alice sees: it shows her name, marked Federated.
  const fromBella = voicemail.getByRole('listitem').filter({ hasText: 'about the contract' });
  await expect(fromBella).toContainText('Bella Martins');
  await expect(fromBella).toContainText('Federated');
});

test('calling from a contact card and from call history', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await alice.getByRole('searchbox', { name: 'Search' }).fill('Bella');
  await alice.getByRole('option', { name: /Bella Martins/ }).click();
  await alice.getByRole('dialog', { name: 'Bella Martins' }).getByRole('button', { name: 'Call', exact: true }).click();
  await expect(bella.getByRole('dialog', { name: 'Incoming call' })).toBeVisible();
  await alice.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Hang up' }).click();
  await expect(bella.getByRole('dialog', { name: 'Incoming call' })).toHaveCount(0);

  const history = await openList(alice, 'Call history');
  await history.getByRole('button', { name: 'Call Bella Martins' }).first().click();
  await expect(bella.getByRole('dialog', { name: 'Incoming call' })).toBeVisible();
});
