/**
 * Keyboard only: arrow keys move between the section tabs; every dialog keeps Tab (and
 * Shift+Tab) inside it; Escape closes it and focus returns to where it was; the theme menu; the
 * message log is one Tab stop, with a skip link past everything to the Message box; after choosing a
 * conversation, a quick-switcher result, a message result, Start chat or Create, focus is in that
 * conversation's Message box (SPEC 9).
 */
import type { Locator, Page } from '@playwright/test';
import { expect, readSeed, test } from './fixtures';
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
  // Opened by keyboard, focus is on the first item; each arrow moves it one item, pressed once the
  // last move shows, as a person sees it. Radix moves focus a task after the key (a setTimeout): under
  // load the next press came first, went to the same item, and two presses moved focus once.
  await expect(menu.getByRole('menuitemradio', { name: 'Match system' })).toBeFocused();
  await alice.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitemradio', { name: 'Light' })).toBeFocused();
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

/** The basic seed with Alice's channel `review`: 11 messages of Brian and Alice, 3 with a link. */
function reviewSeed(): unknown {
  const seed = readSeed('federation-basic.json') as { channels: unknown[]; messages: unknown[] };
  seed.channels.push({ id: 'ch-review', name: 'review', accountId: '100100', visibility: 'public', members: ['nw-alice', 'nw-brian'] });
  for (let number = 1; number <= 11; number++) {
    const text = number % 3 ? `review #${number}` : `review #${number}, see https://example.com/${number}`;
    seed.messages.push({ channel: 'ch-review', from: number % 2 ? 'nw-brian' : 'nw-alice', text, at: new Date(Date.parse('2026-11-20T08:00:00Z') + number * 11 * 60_000).toISOString() });
  }
  return seed;
}

/** Where focus is, as far as the message log goes: in which message (its text), and whether on the message itself. */
function focusInLog(page: Page): Promise<{ message: string | null; onMessage: boolean; inLog: boolean; composer: boolean }> {
  return page.evaluate(() => {
    interface Element {
      closest(selector: string): Element | null;
      matches(selector: string): boolean;
      textContent: string | null;
      getAttribute(name: string): string | null;
    }
    const active = (globalThis as unknown as { document: { activeElement: Element | null } }).document.activeElement;
    const message = active?.closest('[role="log"] article') ?? null;
    return {
      message: message ? /review #\d+/.exec(message.textContent ?? '')?.[0] ?? '?' : null,
      onMessage: message !== null && message === active,
      inLog: active?.closest('[role="log"]') != null,
      composer: active?.getAttribute('aria-label') === 'Message',
    };
  });
}

test.describe('the message log by keyboard', () => {
  test.use({ seed: reviewSeed() });

  test('the log is one Tab stop: the arrow keys move between messages, Tab goes into one message’s buttons and then on', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const log = await openConversation(alice, 'review');
    // Shown, as a person sees it, not only in the page: the list stays hidden (visibility) until it
    // has placed itself at the newest message, and Tab passes over what is hidden.
    await expect(log.getByRole('article').filter({ hasText: 'review #11' })).toBeVisible();
    await alice.getByRole('textbox', { name: 'Message' }).focus();
    // Back from the Message box to the log: it lands on the newest message, not on its last button.
    for (let press = 0; press < 8 && !(await focusInLog(alice)).inLog; press++) await alice.keyboard.press('Shift+Tab');
    await expect.poll(() => focusInLog(alice)).toMatchObject({ message: 'review #11', onMessage: true });
    await alice.keyboard.press('ArrowUp');
    await expect.poll(() => focusInLog(alice)).toMatchObject({ message: 'review #10', onMessage: true });
    await alice.keyboard.press('ArrowUp');
    await expect.poll(() => focusInLog(alice)).toMatchObject({ message: 'review #9', onMessage: true });
    await alice.keyboard.press('ArrowUp');
    await expect.poll(() => focusInLog(alice)).toMatchObject({ message: 'review #8', onMessage: true });
    await alice.keyboard.press('ArrowDown');
    await expect.poll(() => focusInLog(alice)).toMatchObject({ message: 'review #9', onMessage: true });
    // Its actions show while it has focus.
    await expect(log.getByRole('article').filter({ hasText: 'review #9' }).getByRole('button', { name: 'Reply in thread' })).toBeVisible();

    // Tab goes through #9's own links and buttons, then leaves the log: no other message is a stop.
    const stops: string[] = [];
    for (let press = 0; press < 20; press++) {
      await alice.keyboard.press('Tab');
      const where = await focusInLog(alice);
      if (!where.inLog) break;
      stops.push(where.message ?? 'the log');
    }
    expect(stops.length).toBeGreaterThan(0);
    expect(new Set(stops)).toEqual(new Set(['review #9']));
    // Shift+Tab comes back to the message last chosen, the one stop of the log.
    for (let press = 0; press < 20 && (await focusInLog(alice)).inLog === false; press++) await alice.keyboard.press('Shift+Tab');
    await expect.poll(async () => (await focusInLog(alice)).message).toBe('review #9');
  });

  test('the skip link is the first Tab stop of the page and goes to the Message box; from the top, the log is one stop on the way', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const log = await openConversation(alice, 'review');
    // Shown, not only in the page (see above: Tab passes over the list while it is still hidden, placing itself).
    await expect(log.getByRole('article').filter({ hasText: 'review #11' })).toBeVisible();
    // Before the banner's Search box comes the skip link, and nothing before it.
    await alice.getByRole('searchbox', { name: 'Search' }).focus();
    await alice.keyboard.press('Shift+Tab');
    const skip = alice.getByRole('link', { name: 'Skip to message box' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await alice.keyboard.press('Shift+Tab');
    expect(await alice.evaluate(() => (globalThis as unknown as { document: { activeElement: { tagName: string } | null } }).document.activeElement?.tagName ?? 'none')).toMatch(/^(BODY|none)$/);
    await skip.focus();
    await alice.keyboard.press('Enter');
    await expect(alice.getByRole('textbox', { name: 'Message' })).toBeFocused();

    // Without it, Tab from the top reaches the Message box through one message of the log only (of 11, 3 with a link).
    await skip.focus();
    const messages: string[] = [];
    for (let press = 0; press < 60; press++) {
      await alice.keyboard.press('Tab');
      const where = await focusInLog(alice);
      if (where.composer) break;
      if (where.inLog) messages.push(where.message ?? 'the log');
    }
    expect((await focusInLog(alice)).composer).toBe(true);
    expect(messages[0]).toBe('review #11');
    expect(new Set(messages)).toEqual(new Set(['review #11']));
  });
});

test('Ctrl+/ opens Keyboard shortcuts; Alt+Down and Alt+Up open the next and the previous conversation of the list, focus in its Message box', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  await alice.getByRole('searchbox', { name: 'Search' }).focus();
  await alice.keyboard.press('Control+/');
  const dialog = alice.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('row').filter({ hasText: 'Open the conversation below in the list' })).toContainText('Alt + ↓');
  await expect(dialog.getByRole('row').filter({ hasText: 'Search people and conversations' })).toContainText('Ctrl + K');
  await alice.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(alice.getByRole('searchbox', { name: 'Search' })).toBeFocused();

  // The list's order as shown: its first two items.
  const list = alice.getByRole('list', { name: 'Conversations' });
  const items = list.getByRole('listitem').filter({ has: alice.getByRole('button') });
  await expect(items.nth(1)).toBeVisible();
  const [first, second] = await Promise.all([0, 1].map((index) => items.nth(index).getAttribute('aria-label')));
  await openConversation(alice, first!);
  await alice.keyboard.press('Alt+ArrowDown');
  await expect(alice.getByRole('region', { name: second! })).toBeVisible();
  await expect(alice.getByRole('region', { name: second! }).getByRole('textbox', { name: 'Message' })).toBeFocused();
  await alice.keyboard.press('Alt+ArrowUp');
  await expect(alice.getByRole('region', { name: first! })).toBeVisible();
  await expect(alice.getByRole('region', { name: first! }).getByRole('textbox', { name: 'Message' })).toBeFocused();
  // At the top of the list, Alt+Up stays where it is.
  await alice.keyboard.press('Alt+ArrowUp');
  await expect(alice.getByRole('region', { name: first! }).getByRole('textbox', { name: 'Message' })).toBeFocused();
});

test.describe('SPEC 9: focus goes where the person is going, by keyboard alone', () => {
  test('a conversation chosen in the list with Enter, and one opened from Ctrl+K with Enter, leave focus in its Message box', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const list = alice.getByRole('list', { name: 'Conversations' });
    await list.getByRole('listitem', { name: 'general', exact: true }).getByRole('button').focus();
    await alice.keyboard.press('Enter');
    await expect(alice.getByRole('region', { name: 'general' }).getByRole('textbox', { name: 'Message' })).toBeFocused();

    await alice.keyboard.press('Control+k');
    await expect(alice.getByRole('searchbox', { name: 'Search' })).toBeFocused();
    await alice.keyboard.type('deal-ro');
    await expect(alice.getByRole('listbox', { name: 'Search results' }).getByRole('option').first()).toContainText('deal-room');
    await alice.keyboard.press('Enter');
    await expect(alice.getByRole('region', { name: 'deal-room' }).getByRole('textbox', { name: 'Message' })).toBeFocused();
  });

  test('a message result opened with Enter leaves focus in that conversation’s Message box', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const search = alice.getByRole('searchbox', { name: 'Search' });
    await search.focus();
    // The seed's deal-room has 'Draft is in the folder.'
    await alice.keyboard.type('folder');
    await alice.keyboard.press('Enter');
    const results = alice.getByRole('list', { name: 'Message results' });
    const first = results.getByRole('listitem').first();
    await expect(first).toContainText('deal-room');
    await first.getByRole('button').focus();
    await alice.keyboard.press('Enter');
    await expect(alice.getByRole('region', { name: 'deal-room' }).getByRole('textbox', { name: 'Message' })).toBeFocused();
  });

  test('New channel, by keyboard: Create leaves focus in the new channel’s Message box; closed without a result, focus is back on New channel', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const opener = alice.getByRole('button', { name: 'New channel' });
    await opener.focus();
    await alice.keyboard.press('Enter');
    const dialog = alice.getByRole('dialog', { name: 'New channel' });
    await expect(dialog.getByRole('textbox', { name: 'Channel name' })).toBeFocused();
    await alice.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(opener).toBeFocused();

    await alice.keyboard.press('Enter');
    await expect(dialog.getByRole('textbox', { name: 'Channel name' })).toBeFocused();
    await alice.keyboard.type('keyboard-room');
    await alice.keyboard.press('Enter');
    await expect(alice.getByRole('region', { name: 'keyboard-room' }).getByRole('textbox', { name: 'Message' })).toBeFocused();
  });
});
