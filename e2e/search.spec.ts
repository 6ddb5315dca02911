import { expect, test } from './fixtures';

test('unified search finds own and federated people together, the federated ones marked', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('searchbox', { name: 'Search' }).fill('b');
  const results = alice.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option', { name: /Bella Martins/ })).toContainText('Federated');
  await expect(results.getByRole('option', { name: /Brian Okafor/ })).not.toContainText('Federated');
  // Bob is in Fabrikam, federated with Contoso but not with Northwind: never shown to Alice.
  await expect(results.getByRole('option', { name: /Bob Alvarez/ })).toHaveCount(0);
});

test('a federated contact card says where the person is from', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('searchbox', { name: 'Search' }).fill('Bella');
  await alice.getByRole('option', { name: /Bella Martins/ }).click();
  const card = alice.getByRole('dialog', { name: 'Bella Martins' });
  await expect(card).toContainText('Federated');
  await expect(card).toContainText('From federated account: Contoso Legal');
  await expect(card).toContainText('(212) 555-0141');
  await expect(card).toContainText('Counsel');
  await expect(card).toContainText('In court');
  await expect(card).not.toContainText('Extension');
  for (const action of ['Chat', 'Call', 'Meet now']) await expect(card.getByRole('button', { name: action, exact: true })).toBeVisible();
  await alice.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
});

test('visibility is not transitive: Alice never finds Bob, Bella finds both', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('searchbox', { name: 'Search' }).fill('Bob');
  await expect(alice.getByRole('listbox', { name: 'Search results' })).toContainText('No people or channels match');

  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('searchbox', { name: 'Search' }).fill('Bob');
  await expect(bella.getByRole('option', { name: /Bob Alvarez/ })).toContainText('Federated');
  await bella.getByRole('searchbox', { name: 'Search' }).fill('Alice');
  await expect(bella.getByRole('option', { name: /Alice Nguyen/ })).toContainText('Federated');
});

test('search is keyboard driven: Ctrl+K focuses it, the first match is chosen, arrows move, Enter opens the card; the last option searches messages', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('tab', { name: 'Calling' }).focus();
  await alice.keyboard.press('Control+k');
  await expect(alice.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  await alice.keyboard.type('4155');
  const options = alice.getByRole('listbox', { name: 'Search results' }).getByRole('option');
  await expect(options).toHaveCount(3);
  await expect(options.last()).toHaveText('Search messages for “4155”');
  // The first match is chosen until the arrows choose another (SPEC 9: Ctrl+K and Enter opens it).
  await expect(alice.getByRole('option', { selected: true })).toContainText('Alice Nguyen');
  await alice.keyboard.press('ArrowDown');
  await expect(alice.getByRole('option', { selected: true })).toContainText('Brian Okafor');
  await alice.keyboard.press('Enter');
  await expect(alice.getByRole('dialog', { name: 'Brian Okafor' })).toContainText('Extension');
});

test('channels show in search: own account’s public channels, and one’s own', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const search = alice.getByRole('searchbox', { name: 'Search' });
  await search.fill('general');
  await expect(alice.getByRole('option', { name: /^# general/ })).toBeVisible();
  await search.fill('contoso');
  await expect(alice.getByRole('listbox', { name: 'Search results' })).toContainText('No people or channels match');
});
