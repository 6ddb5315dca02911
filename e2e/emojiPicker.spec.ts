/**
 * The emoji picker (SPEC 6 "reactions"), virtualized: of about 1,800 emoji only the rows in view
 * are drawn, and it stays whole by keyboard — focus starts in `Search emoji`, ArrowDown goes into
 * the grid, the arrow keys move between emoji in rows and columns (the one moved to is scrolled
 * into view and focused, even when it was not drawn yet), Home and End reach the first and last,
 * Up from the first row goes back to the search box, Enter picks, Escape closes back to the opener.
 * (Searching and picking from the results by keyboard: richMessaging.spec.ts.)
 */
import { expect, test } from './fixtures';
import { openConversation } from './helpers';

test('the picker draws only what is in view; the arrow keys move through its grid by rows and columns, scrolling as they go', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await openConversation(alice, 'deal-room');
  await alice.getByRole('button', { name: 'Insert emoji' }).click();
  const picker = alice.getByRole('dialog', { name: 'Emoji' });
  const search = picker.getByRole('searchbox', { name: 'Search emoji' });
  await expect(search).toBeFocused();
  const all = picker.getByRole('region', { name: 'All emoji' });
  await expect(all.getByRole('heading', { name: 'Smileys & emotion' })).toBeVisible();
  // A few rows of buttons, not every emoji at once.
  expect(await all.getByRole('button').count()).toBeLessThan(300);

  // Into the grid, along its first row, then down it row by row in the same column.
  await alice.keyboard.press('ArrowDown');
  await expect(all.getByRole('button', { name: 'grinning face', exact: true })).toBeFocused();
  await alice.keyboard.press('ArrowRight');
  await expect(all.getByRole('button', { name: 'grinning face with big eyes', exact: true })).toBeFocused();
  const focused = alice.locator('.emoji-picker__emoji:focus');
  const columnOf = async () => (await focused.boundingBox())!.x;
  const column = await columnOf();
  for (let row = 0; row < 5; row++) await alice.keyboard.press('ArrowDown');
  // PageDown: five rows at a time.
  for (let page = 0; page < 4; page++) await alice.keyboard.press('PageDown');
  // Far below what was first drawn, in the same column, scrolled into view.
  await expect(focused).toBeInViewport();
  expect(await columnOf()).toBeCloseTo(column, 0);
  await expect(all.getByRole('button', { name: 'grinning face', exact: true })).toHaveCount(0);

});

test('in the picker End reaches the last emoji, Home the first, Up the search box, and Enter picks the emoji focused', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await openConversation(alice, 'deal-room');
  const box = alice.getByRole('textbox', { name: 'Message' });
  await box.pressSequentially('Ready ');
  await expect(box).toHaveValue('Ready ');
  await alice.getByRole('button', { name: 'Insert emoji' }).click();
  const picker = alice.getByRole('dialog', { name: 'Emoji' });
  const search = picker.getByRole('searchbox', { name: 'Search emoji' });
  const all = picker.getByRole('region', { name: 'All emoji' });
  const focused = alice.locator('.emoji-picker__emoji:focus');
  await expect(all.getByRole('button', { name: 'grinning face', exact: true })).toBeVisible();
  await alice.keyboard.press('ArrowDown');
  // End: the last emoji (a flag), drawn and focused; Home: back to the first; Up: the search box.
  await alice.keyboard.press('End');
  await expect(all.getByRole('button', { name: 'flag: Wales', exact: true })).toBeFocused();
  await expect(focused).toBeInViewport();
  await alice.keyboard.press('Home');
  await expect(all.getByRole('button', { name: 'grinning face', exact: true })).toBeFocused();
  await alice.keyboard.press('ArrowUp');
  await expect(search).toBeFocused();

  // Back down, and Enter picks the emoji focused: into the Message box, where focus returns.
  await alice.keyboard.press('ArrowDown');
  await expect(all.getByRole('button', { name: 'grinning face', exact: true })).toBeFocused();
  await alice.keyboard.press('Enter');
  await expect(picker).toBeHidden();
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('Ready 😀');
});

test("from a message's Add reaction, Escape closes the picker and focus is back on that button", async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  const log = await openConversation(alice, 'deal-room');
  const picker = alice.getByRole('dialog', { name: 'Emoji' });
  const message = log.getByRole('article').last();
  await message.hover();
  const addReaction = message.getByRole('button', { name: 'Add reaction' });
  await addReaction.click();
  await expect(picker.getByRole('searchbox', { name: 'Search emoji' })).toBeFocused();
  await alice.keyboard.press('Escape');
  await expect(picker).toBeHidden();
  await expect(addReaction).toBeFocused();
});
