/**
 * Group chats (SPEC 7, SPEC 6 "group chat") with people of three accounts (federation-basic.json):
 * Alice and Brian (Northwind) and Bella (Contoso) see each other; Bob (Fabrikam) sees only Contoso.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const conversation = (page: Page, title: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: title, exact: true });

async function pick(dialog: ReturnType<Page['getByRole']>, name: string, person: RegExp) {
  await dialog.getByRole('searchbox', { name: 'Search' }).fill(name);
  await dialog.getByRole('option', { name: person }).click();
}

test('New chat with several people starts a group chat, titled for each by the others; messages reach everyone live', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const brian = await signIn('brian@northwind.example');

  await alice.getByRole('button', { name: 'New chat' }).click();
  const dialog = alice.getByRole('dialog', { name: 'New chat' });
  await pick(dialog, 'Bella', /Bella Martins/);
  await pick(dialog, 'Brian', /Brian Okafor/);
  const selected = dialog.getByRole('list', { name: 'Selected people' });
  await expect(selected.getByRole('listitem')).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  await expect(dialog).toHaveCount(0);

  const aliceView = alice.getByRole('region', { name: 'Bella Martins, Brian Okafor' });
  await expect(aliceView).toBeVisible();
  await expect(conversation(bella, 'Alice Nguyen, Brian Okafor')).toBeVisible();
  await expect(conversation(brian, 'Alice Nguyen, Bella Martins')).toBeVisible();

  await alice.getByRole('textbox', { name: 'Message' }).fill('Huddle at 3 about the contract?');
  await alice.keyboard.press('Enter');
  await conversation(bella, 'Alice Nguyen, Brian Okafor').getByRole('button').click();
  await expect(bella.getByRole('log', { name: 'Messages' })).toContainText('Huddle at 3 about the contract?');
  await bella.getByRole('textbox', { name: 'Message' }).fill('Works for me.');
  await bella.keyboard.press('Enter');
  await conversation(brian, 'Alice Nguyen, Bella Martins').getByRole('button').click();
  await expect(brian.getByRole('log', { name: 'Messages' })).toContainText('Works for me.');
  await expect(aliceView.getByRole('log', { name: 'Messages' })).toContainText('Works for me.');

  // Picking one person still opens a 1:1 chat.
  await alice.getByRole('button', { name: 'New chat' }).click();
  await pick(alice.getByRole('dialog', { name: 'New chat' }), 'Brian', /Brian Okafor/);
  await alice.getByRole('dialog', { name: 'New chat' }).getByRole('button', { name: 'Start chat' }).click();
  await expect(alice.getByRole('region', { name: 'Brian Okafor' })).toBeVisible();
});

test('a group of people who do not all see each other is refused, naming who cannot see whom', async ({ signIn }) => {
  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('button', { name: 'New chat' }).click();
  const dialog = bella.getByRole('dialog', { name: 'New chat' });
  await pick(dialog, 'Alice', /Alice Nguyen/);
  await pick(dialog, 'Bob', /Bob Alvarez/);
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Alice Nguyen (Northwind Health) and Bob Alvarez (Fabrikam Labs)');
  await expect(dialog.getByRole('alert')).toContainText('cannot see each other');
  await expect(bella.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: /Alice Nguyen, Bob Alvarez/ })).toHaveCount(0);
});

test('adding someone some members do not see asks first, as for channels; they show as UNKNOWN USER; a member leaves', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  const bob = await signIn('bob@fabrikam.example');

  await bella.getByRole('button', { name: 'New chat' }).click();
  const dialog = bella.getByRole('dialog', { name: 'New chat' });
  await pick(dialog, 'Alice', /Alice Nguyen/);
  await pick(dialog, 'Carl', /Carl Jensen/);
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  await expect(bella.getByRole('region', { name: 'Alice Nguyen, Carl Jensen' })).toBeVisible();

  await bella.getByRole('button', { name: 'Add people' }).click();
  const add = bella.getByRole('dialog', { name: 'Add people' });
  await pick(add, 'Bob', /Bob Alvarez/);
  await expect(add.getByRole('alert')).toContainText('Bob Alvarez (Fabrikam Labs) will show as UNKNOWN USER to 1 member from Northwind Health.');
  await expect(add.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
  await add.getByRole('checkbox', { name: 'Add anyway' }).check();
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(add).toHaveCount(0);

  // Alice sees Bob only as UNKNOWN USER, in the title and the members; Bob sees Alice so.
  await expect(conversation(alice, 'Bella Martins, Carl Jensen, UNKNOWN USER')).toBeVisible();
  await conversation(alice, 'Bella Martins, Carl Jensen, UNKNOWN USER').getByRole('button').click();
  await expect(alice.getByRole('list', { name: 'Members' })).toContainText('UNKNOWN USER');
  await expect(alice.getByRole('main')).not.toContainText('Bob');
  await expect(conversation(bob, 'Bella Martins, Carl Jensen, UNKNOWN USER')).toBeVisible();

  await alice.getByRole('button', { name: 'Leave chat' }).click();
  await alice.getByRole('dialog', { name: 'Confirm' }).getByRole('button', { name: 'Leave' }).click();
  await expect(conversation(alice, 'Bella Martins, Carl Jensen, UNKNOWN USER')).toHaveCount(0);
  await expect(conversation(bella, 'Bob Alvarez, Carl Jensen')).toBeVisible();
});
