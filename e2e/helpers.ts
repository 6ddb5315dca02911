/** Steps the chat and accessibility specs share; locate by role and accessible name (SPEC 6). */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Opens a conversation from the list (the Chat section first) and returns its log `Messages`. */
export async function openConversation(page: Page, title: string): Promise<Locator> {
  await page.getByRole('tab', { name: 'Chat' }).click();
  await page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: title, exact: true }).getByRole('button').click();
  return page.getByRole('region', { name: title }).getByRole('log', { name: 'Messages' });
}

/** The little of the page's DOM these checks use (the e2e code compiles without the DOM library). */
interface PageElement {
  contains(other: PageElement | null): boolean;
  getAttribute(name: string): string | null;
}
// Functions passed to evaluate run in the page: each names the page's globals itself.

/** Whether focus is inside the element. */
export function holdsFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => (element as unknown as PageElement).contains((globalThis as unknown as { document: { activeElement: PageElement | null } }).document.activeElement));
}

/** The role attribute of what has focus. */
export function focusedRole(page: Page): Promise<string | null> {
  return page.evaluate(() => (globalThis as unknown as { document: { activeElement: PageElement | null } }).document.activeElement?.getAttribute('role') ?? null);
}

/** Presses a key several times and checks after each press that focus is still inside `dialog`. */
export async function expectFocusKeptIn(page: Page, dialog: Locator, key: 'Tab' | 'Shift+Tab', presses = 12): Promise<void> {
  for (let press = 0; press < presses; press++) {
    await page.keyboard.press(key);
    expect(await holdsFocus(dialog), `${key} #${press + 1}`).toBe(true);
  }
}

/**
 * Searches the open `Emoji` picker as a keyboard user does — focus starts in its searchbox, so
 * the query is typed there — and resolves with its region `Search results` once it shows a
 * result. The region is there as soon as the query is typed, saying `Loading emoji…` while the
 * emoji load on the picker's first opening in a window: a key pressed then (ArrowDown, Enter)
 * has no result to go to, so a person, and this, waits for the first one to show.
 * (The picker is virtualized: it draws only the rows in view, so a locator by role inside it is cheap.)
 */
export async function searchEmoji(page: Page, query: string): Promise<Locator> {
  await expect(page.locator(':focus')).toHaveAccessibleName('Search emoji');
  await page.keyboard.type(query);
  const results = page.getByRole('dialog', { name: 'Emoji' }).getByRole('region', { name: 'Search results' });
  await expect(results.getByRole('button').first()).toBeVisible();
  return results;
}

/** Makes the page believe it is in the background, and records the notifications it shows. */
export async function inBackground(page: Page): Promise<void> {
  await page.evaluate(`
    document.hasFocus = () => false;
    window.dispatchEvent(new Event('blur'));
    window.shownNotifications = [];
    window.Notification = class {
      static permission = 'granted';
      static requestPermission() { return Promise.resolve('granted'); }
      constructor(title, options) { this.title = title; this.body = options?.body; window.shownNotifications.push(this); }
      close() {}
    };
  `);
}
/** The notifications the page has shown since `inBackground`, title and body. */
export const shown = (page: Page) => page.evaluate<Array<{ title: string; body: string }>>(`window.shownNotifications.map(({ title, body }) => ({ title, body }))`);
