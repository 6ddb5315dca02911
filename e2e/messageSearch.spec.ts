/**
 * Message search (SPEC 7, SPEC 6 "message search") across accounts (federation-basic.json):
 * Alice (Northwind) reads deal-room, where Bob (Fabrikam) is UNKNOWN USER to her, and has a
 * 1:1 chat with Bella (Contoso).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function searchMessages(page: Page, query: string) {
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill(query);
  await search.press('Enter');
  const results = page.getByRole('region', { name: 'Message results' });
  await expect(results).toBeVisible();
  return results.getByRole('list', { name: 'Message results' });
}

test('Enter in Search finds messages, newest first, shown as their conversation shows them; choosing one opens it there', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await bella.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'deal-room' }).getByRole('button').click();
  await bella.getByRole('textbox', { name: 'Message' }).fill('The second **draft** fixes clause 7. 🎉');
  await bella.keyboard.press('Enter');
  await expect(bella.getByRole('log', { name: 'Messages' })).toContainText('The second draft fixes clause 7.');

  const results = await searchMessages(alice, 'draft');
  const items = results.getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('deal-room');
  await expect(items.nth(0)).toContainText('Bella Martins');
  await expect(items.nth(0).locator('mark')).toHaveText('draft');
  // As the message reads: no Markdown markers, the emoji as the app draws it.
  await expect(items.nth(0)).toContainText('The second draft fixes clause 7.');
  await expect(items.nth(0).getByRole('img', { name: '🎉' })).toBeVisible();
  // Bob's message: found, by UNKNOWN USER, nothing of his shown.
  await expect(items.nth(1)).toContainText('UNKNOWN USER');
  await expect(items.nth(1)).toContainText('Draft is in the folder.');
  await expect(alice.getByRole('region', { name: 'Message results' })).not.toContainText('Bob');

  await items.nth(1).getByRole('button').click();
  await expect(alice.getByRole('region', { name: 'Message results' })).toHaveCount(0);
  const log = alice.getByRole('region', { name: 'deal-room' }).getByRole('log', { name: 'Messages' });
  await expect(log.getByRole('article').filter({ hasText: 'Draft is in the folder.' })).toBeVisible();
});

test('results filter by conversation and by person; a 1:1 chat hidden by a federation change is not searched', async ({ signIn, backend }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'general' }).getByRole('button').click();
  await alice.getByRole('textbox', { name: 'Message' }).fill('Can we talk about the rota?');
  await alice.keyboard.press('Enter');
  await expect(alice.getByRole('log', { name: 'Messages' })).toContainText('Can we talk about the rota?');

  let results = await searchMessages(alice, 'talk');
  await expect(results.getByRole('listitem')).toHaveCount(2);
  const region = alice.getByRole('region', { name: 'Message results' });
  await region.getByRole('combobox', { name: 'In' }).selectOption({ label: 'Bella Martins' });
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results).toContainText('Hi Alice, can we talk today?');
  await region.getByRole('combobox', { name: 'In' }).selectOption({ label: 'All conversations' });
  await region.getByRole('searchbox', { name: 'From' }).fill('Alice');
  await region.getByRole('option', { name: /Alice Nguyen/ }).click();
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results).toContainText('Can we talk about the rota?');

  await region.getByRole('button', { name: 'Remove filter From Alice Nguyen' }).click();
  await expect(results.getByRole('listitem')).toHaveCount(2);

  // Northwind and Contoso part: the chat with Bella is hidden, and so are its messages.
  await backend.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
  await expect(alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins' })).toHaveCount(0);
  results = await searchMessages(alice, 'talk');
  await expect(results.getByRole('listitem')).toHaveCount(1);
  await expect(results).not.toContainText('Hi Alice');
});
