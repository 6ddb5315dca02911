/**
 * The `phone` project's fixtures and steps (SPEC 11). Every client opens as the project's phone
 * (a Pixel 7: its screen, touch and user agent; `test.use(iPhone14)` for an iPhone's), signs in
 * with a session (by tap on the form where a spec says `test.use({ signInBy: 'form' })`), and is driven by tap: `locator.tap()`, never `click()`. `signInOnDesktop` opens the same
 * backend in a desktop window beside it, for one person on both at once.
 *
 *   import { expect, test, openConversation } from './phone';
 *   test('…', async ({ signIn }) => {
 *     const alice = await signIn('alice@northwind.example');   // a phone, signed in
 *     const log = await openConversation(alice, 'deal-room');  // the list, a tap, the conversation pane
 *   });
 */
import { devices, type Locator, type Page } from '@playwright/test';
import { expect, seedSessionToken, sessionToken, test as base } from '../fixtures';

/** An iPhone 14's screen, touch and user agent, in Chromium (the project runs no WebKit). */
export const iPhone14 = (({ defaultBrowserType: _webkit, ...rest }) => rest)(devices['iPhone 14']);

interface PhoneFixtures {
  /** The same backend in a desktop browser window (1280×800, a mouse), signed in. */
  signInOnDesktop: (email: string, password?: string) => Promise<Page>;
}

export const test = base.extend<PhoneFixtures>({
  signIn: async ({ openClient, signInBy, backend }, use) => {
    await use(async (email, password = 'demo') => {
      // Signing in by tap is tested where a spec asks for the form (`signInBy: 'form'`); elsewhere the phone starts with a session.
      if (signInBy === 'session') {
        const page = await openClient({ sessionToken: await sessionToken(backend.url, email, password) });
        await expect(page.getByRole('tab', { name: 'Chat' })).toBeVisible();
        await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeAttached();
        return page;
      }
      const page = await openClient();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).tap();
      const chatTab = page.getByRole('tab', { name: 'Chat' });
      const refusal = page.getByRole('alert');
      await expect(chatTab.or(refusal).first()).toBeVisible();
      if (!(await chatTab.isVisible())) throw new Error(`Sign-in of ${email} was refused: ${await refusal.first().innerText()}`);
      await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeAttached();
      return page;
    });
  },

  signInOnDesktop: async ({ browser, backend }, use) => {
    const contexts: Array<{ close(): Promise<void> }> = [];
    await use(async (email, password = 'demo') => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, userAgent: undefined });
      contexts.push(context);
      const page = await context.newPage();
      await page.addInitScript(seedSessionToken, await sessionToken(backend.url, email, password));
      await page.goto(backend.url);
      await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
      return page;
    });
    for (const context of contexts) await context.close().catch(() => undefined);
  },
});

export { expect };

/** From wherever the phone is: the Chat tab, then a tap on the conversation; returns its log `Messages`. */
export async function openConversation(page: Page, title: string): Promise<Locator> {
  await page.getByRole('tab', { name: 'Chat' }).tap();
  await page.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: title, exact: true }).getByRole('button').tap();
  const conversation = page.getByRole('region', { name: title });
  await expect(conversation).toBeVisible();
  return conversation.getByRole('log', { name: 'Messages' });
}

/** A finger held on the middle of `locator` for longer than a tap (a real touch, through Chromium's input). */
export async function longPress(page: Page, locator: Locator, holdMs = 800): Promise<void> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('nothing to long-press: the element has no box');
  const point = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const session = await page.context().newCDPSession(page);
  await session.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  // The hold is the gesture itself, not a wait for something to happen.
  await page.waitForTimeout(holdMs);
  await session.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await session.detach();
}

/** Types into a text box the way a phone's keyboard does: a tap to focus, then the keys. */
export async function typeInto(box: Locator, text: string): Promise<void> {
  await box.tap();
  await box.pressSequentially(text);
}
