import { expect, test } from './fixtures';

test('a federation deleted while both are looking: the chat goes from both, the card closes, the channel shows UNKNOWN USER', async ({ signIn, backend }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');

  await bella.getByRole('listitem', { name: 'deal-room' }).getByRole('button').click();
  await expect(bella.getByRole('list', { name: 'Members' })).toContainText('Alice Nguyen');
  await alice.getByRole('listitem', { name: 'Bella Martins' }).getByRole('button').click();
  await expect(alice.getByRole('log', { name: 'Messages' })).toContainText('Hi Alice');
  await alice.getByRole('searchbox', { name: 'Search' }).fill('Bella');
  await alice.getByRole('option', { name: /Bella Martins/ }).click();
  await expect(alice.getByRole('dialog', { name: 'Bella Martins' })).toBeVisible();

  await backend.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });

  await expect(alice.getByRole('dialog', { name: 'Bella Martins' })).toHaveCount(0);
  await expect(alice.getByRole('listitem', { name: 'Bella Martins' })).toHaveCount(0);
  await expect(alice.getByRole('status').filter({ hasText: 'removed because a federation changed' })).toBeVisible();
  await expect(alice.getByRole('log', { name: 'Messages' })).toHaveCount(0);
  await expect(bella.getByRole('listitem', { name: 'Alice Nguyen' })).toHaveCount(0);
  const members = bella.getByRole('list', { name: 'Members' });
  await expect(members).toContainText('UNKNOWN USER');
  await expect(members).not.toContainText('Alice Nguyen');

  // Federated again: the chat comes back, its history with it, and the notice of its removal goes.
  await backend.federations.create({
    name: 'Northwind and Contoso',
    accountIds: ['100100', '200200'],
    consents: [{ accountId: '100100', who: 'Ann Lee', form: 'written' }, { accountId: '200200', who: 'Cy Moss', form: 'verbal' }],
    confirmAllSeeAll: true,
  });
  await alice.getByRole('listitem', { name: 'Bella Martins' }).getByRole('button').click();
  await expect(alice.getByRole('log', { name: 'Messages' })).toContainText('Hi Alice');
  await expect(alice.getByRole('status').filter({ hasText: 'removed because a federation changed' })).toHaveCount(0);
});

test('a federation created: newly visible people appear in search and their messages show their names', async ({ signIn, backend }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('listitem', { name: 'deal-room' }).getByRole('button').click();
  await expect(alice.getByRole('log', { name: 'Messages' })).toContainText('UNKNOWN USER');
  await alice.getByRole('searchbox', { name: 'Search' }).fill('Bob');
  await expect(alice.getByRole('listbox', { name: 'Search results' })).toContainText('No people or channels match');

  await backend.federations.create({
    name: 'Northwind and Fabrikam',
    accountIds: ['100100', '300300'],
    consents: [{ accountId: '100100', who: 'Ann Lee', form: 'written' }, { accountId: '300300', who: 'Bo Park', form: 'verbal' }],
    confirmAllSeeAll: true,
  });

  await expect(alice.getByRole('option', { name: /Bob Alvarez/ })).toContainText('Federated');
  await expect(alice.getByRole('log', { name: 'Messages' })).toContainText('Bob Alvarez');
  await expect(alice.getByRole('log', { name: 'Messages' })).not.toContainText('UNKNOWN USER');
});

test('a user added appears in another account’s search without reload', async ({ signIn, backend }) => {
  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('searchbox', { name: 'Search' }).fill('Nora');
  await expect(bella.getByRole('listbox', { name: 'Search results' })).toContainText('No people or channels match');
  await backend.federations.addUser({ accountId: '100100', name: 'Nora Quinn', email: 'nora@northwind.example', password: 'a long passphrase', title: 'Pharmacist' });
  await expect(bella.getByRole('option', { name: /Nora Quinn/ })).toContainText('Federated');
});
