/**
 * Keyboard only: arrow keys move between the section tabs; every dialog keeps Tab (and
 * Shift+Tab) inside it; Escape closes it and focus returns to where it was; the theme menu.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectFocusKeptIn, focusedRole, holdsFocus, openConversation } from './helpers';

/** Focuses `opener`, opens its dialog with Enter, checks Tab stays in, and that Escape returns focus to `opener`. */
async function checkDialog(page: Page, opener: Locator, dialogName: string): Promise<void> {
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: dialogName });
  await expect(dialog).toBeVisible();
  await expect.poll(() => holdsFocus(dialog), `focus moves into ${dialogName}`).toBe(true);
  await expectFocusKeptIn(page, dialog, 'Tab');
  await expectFocusKeptIn(page, dialog, 'Shift+Tab');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener, `focus back after ${dialogName}`).toBeFocused();
}

test('arrow keys move between the section tabs, which follow', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const tab = (name: string) => alice.getByRole('tab', { name, exact: true });
  await tab('Chat').focus();
  await alice.keyboard.press('ArrowDown');
  await expect(tab('Calling')).toBeFocused();
  await expect(tab('Calling')).toHaveAttribute('aria-selected', 'true');
  await expect(alice.getByRole('form', { name: 'Dialer' })).toBeVisible();
  await alice.keyboard.press('ArrowDown');
  await expect(tab('Meetings')).toBeFocused();
  await expect(alice.getByRole('heading', { name: 'Meetings', level: 2 })).toBeVisible();
  await alice.keyboard.press('ArrowDown');
  await expect(tab('Chat')).toBeFocused();
  await alice.keyboard.press('ArrowUp');
  await expect(tab('Meetings')).toBeFocused();
  await alice.keyboard.press('Home');
  await expect(tab('Chat')).toBeFocused();
  await expect(alice.getByRole('list', { name: 'Conversations' })).toBeVisible();
  // One Tab stop for the whole tab list: Tab goes on to the section itself.
  await alice.keyboard.press('Tab');
  expect(await focusedRole(alice)).not.toBe('tab');
});

// Every dialog keeps Tab inside and gives focus back on Escape: in four tests, each well inside its timeout.
test('dialogs of the header keep Tab inside; Escape closes them and returns focus to what opened them', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await checkDialog(alice, alice.getByRole('button', { name: 'Set status' }), 'Set status');
  await checkDialog(alice, alice.getByRole('button', { name: 'New chat' }), 'New chat');
  await checkDialog(alice, alice.getByRole('button', { name: 'New channel' }), 'New channel');
});

test('Invite people and Schedule meeting keep Tab inside; Escape closes them and returns focus to what opened them', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await openConversation(alice, 'general');
  await checkDialog(alice, alice.getByRole('button', { name: 'Invite', exact: true }), 'Invite people');
  await checkDialog(alice, alice.getByRole('button', { name: 'Schedule meeting' }), 'Schedule meeting');
});

test('Edit channel and Confirm keep Tab inside; Escape closes them and returns focus to what opened them', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await openConversation(alice, 'general');
  await checkDialog(alice, alice.getByRole('button', { name: 'Edit channel' }), 'Edit channel');
  await checkDialog(alice, alice.getByRole('button', { name: 'Leave channel' }), 'Confirm');
});

test('the contact card, opened from search with Enter (the first match is chosen), keeps Tab inside and gives focus back to the search box', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const search = alice.getByRole('searchbox', { name: 'Search' });
  await search.fill('Bella');
  await expect(alice.getByRole('option', { name: /Bella Martins/ })).toHaveAttribute('aria-selected', 'true');
  await search.press('Enter');
  const card = alice.getByRole('dialog', { name: 'Bella Martins' });
  await expect(card).toBeVisible();
  await expectFocusKeptIn(alice, card, 'Tab');
  await alice.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
  await expect(search).toBeFocused();
});

test('an incoming call takes focus on Answer and is not dismissed by Escape', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const brian = await signIn('brian@northwind.example');
  await brian.getByRole('tab', { name: 'Calling' }).click();
  await brian.getByRole('form', { name: 'Dialer' }).getByRole('textbox', { name: 'Phone number' }).fill('1201');
  await brian.keyboard.press('Enter');
  const incoming = alice.getByRole('dialog', { name: 'Incoming call' });
  await expect(incoming.getByRole('button', { name: 'Answer' })).toBeFocused();
  await expectFocusKeptIn(alice, incoming, 'Tab', 4);
  await alice.keyboard.press('Escape');
  await expect(incoming).toBeVisible();
  await incoming.getByRole('button', { name: 'Decline' }).press('Enter');
  await expect(incoming).toHaveCount(0);
});

test('the theme menu works by keyboard, and the choice is kept', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const theme = alice.getByRole('button', { name: 'Theme' });
  await theme.focus();
  await alice.keyboard.press('Enter');
  const menu = alice.getByRole('menu');
  await expect(menu.getByRole('menuitemradio', { name: 'Match system' })).toHaveAttribute('aria-checked', 'true');
  // The arrows go to the menu once it holds focus (under load a press could land before Radix moves focus there).
  await expect.poll(() => holdsFocus(menu)).toBe(true);
  await alice.keyboard.press('ArrowDown');
  await alice.keyboard.press('ArrowDown');
  await alice.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemradio', { name: 'Dark' })).toBeFocused();
  await alice.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(theme).toBeFocused();
  await expect(alice.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(alice.locator('html')).toHaveCSS('background-color', 'rgb(20, 23, 31)');
  await alice.reload();
  await expect(alice.locator('html')).toHaveAttribute('data-theme', 'dark');
});
