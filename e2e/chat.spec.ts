import { expect, test } from './fixtures';

test('a 1:1 chat across federated accounts, both ways, in real time', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');

  await alice.getByRole('searchbox', { name: 'Search' }).fill('Bella');
  await alice.getByRole('option', { name: /Bella Martins/ }).click();
  await alice.getByRole('dialog', { name: 'Bella Martins' }).getByRole('button', { name: 'Chat', exact: true }).click();
  const aliceLog = alice.getByRole('log', { name: 'Messages' });
  await expect(aliceLog).toContainText('Hi Alice, can we talk today?');
  await expect(alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins' })).toContainText('Federated');

  await bella.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Alice Nguyen' }).getByRole('button').click();
  const bellaLog = bella.getByRole('log', { name: 'Messages' });
  await expect(bellaLog).toContainText('Hi Alice, can we talk today?');

  await alice.getByRole('textbox', { name: 'Message' }).fill('Yes — 3 pm works.');
  await alice.getByRole('button', { name: 'Send' }).click();
  await expect(bellaLog).toContainText('Yes — 3 pm works.');
  await expect(bellaLog.getByText('Alice Nguyen').last()).toBeVisible();

  await bella.getByRole('textbox', { name: 'Message' }).fill('Great, talk then.');
  await bella.keyboard.press('Enter');
  await expect(aliceLog).toContainText('Great, talk then.');
});

test('UNKNOWN USER in a channel whose members do not all see each other', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('listitem', { name: 'deal-room' }).getByRole('button').click();
  const log = alice.getByRole('log', { name: 'Messages' });
  await expect(log).toContainText('Draft is in the folder.');
  await expect(log).toContainText('UNKNOWN USER');
  await expect(log).not.toContainText('Bob');
  const members = alice.getByRole('list', { name: 'Members' });
  await expect(members).toContainText('UNKNOWN USER');
  await expect(members).toContainText('Bella Martins');
  await expect(members).not.toContainText('Bob Alvarez');

  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('listitem', { name: 'deal-room' }).getByRole('button').click();
  await expect(bella.getByRole('log', { name: 'Messages' })).toContainText('Bob Alvarez');
  await expect(bella.getByRole('list', { name: 'Members' })).not.toContainText('UNKNOWN USER');
});

test('markup is sent as text and shown as text', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('listitem', { name: 'general' }).getByRole('button').click();
  const markup = '<b>bold</b><img src=x onerror="document.title=\'pwned\'">';
  await alice.getByRole('textbox', { name: 'Message' }).fill(markup);
  await alice.getByRole('button', { name: 'Send' }).click();
  const log = alice.getByRole('log', { name: 'Messages' });
  await expect(log.getByText(markup, { exact: true })).toBeVisible();
  // Nothing of it became an element: no <b>, no image of its own, no handler (the log's own emoji images are not its).
  await expect(log.locator('b, img[src="x"], [onerror]')).toHaveCount(0);
  expect(await alice.title()).not.toContain('pwned');
});
