/**
 * What a phone adds to the desktop's flows (SPEC 11): the on-screen keyboard never covers the
 * `Message` box, pinch-zoom stays on, links open the right pane (and Back leaves it), and the
 * page checks of ./pageChecks.ts notice what they are there to notice.
 */
import { horizontalOverflow, undersizedTargets } from './pageChecks';
import { expect, openConversation, test } from './phone';

/**
 * The on-screen keyboard, as a browser that does not resize the page for it shows it: only the
 * VisualViewport shrinks. Chromium cannot show a keyboard headless, so the page gets a stand-in
 * VisualViewport before it loads, and `keyboard(px)` raises one that tall (0 lowers it).
 */
const visualViewportStandIn = () => {
  const page = globalThis as unknown as {
    innerHeight: number;
    innerWidth: number;
    visualViewport: unknown;
    keyboard: (height: number) => void;
    pinch: (scale: number) => void;
  };
  let keyboard = 0;
  let zoom = 1;
  const viewport = new EventTarget();
  // Read when asked, as the real one is: the window has its size only once the page lays out.
  Object.defineProperties(viewport, {
    height: { get: () => (page.innerHeight - keyboard) / zoom },
    width: { get: () => page.innerWidth / zoom },
    scale: { get: () => zoom },
    offsetTop: { value: 0 },
    offsetLeft: { value: 0 },
    pageTop: { value: 0 },
    pageLeft: { value: 0 },
  });
  Object.defineProperty(globalThis, 'visualViewport', { configurable: true, get: () => viewport });
  const changed = () => viewport.dispatchEvent(new Event('resize'));
  page.keyboard = (height) => {
    keyboard = height;
    changed();
  };
  page.pinch = (scale) => {
    zoom = scale;
    changed();
  };
};

test('the on-screen keyboard never covers the Message box or Send; a pinch-zoom leaves the layout as it is', async ({ openClient }) => {
  const alice = await openClient();
  await alice.addInitScript(visualViewportStandIn);
  await alice.reload();
  await alice.getByLabel('Email').fill('alice@northwind.example');
  await alice.getByLabel('Password').fill('demo');
  await alice.getByRole('button', { name: 'Sign in', exact: true }).tap();
  await openConversation(alice, 'general');
  const box = alice.getByRole('textbox', { name: 'Message' });
  const send = alice.getByRole('button', { name: 'Send' });
  await box.tap();
  const height = alice.viewportSize()!.height;
  const bottomOf = async (locator: typeof box) => {
    const rect = (await locator.boundingBox())!;
    return rect.y + rect.height;
  };
  expect(await bottomOf(box)).toBeGreaterThan(height - 120);

  const keyboard = 320;
  await alice.evaluate((px) => (globalThis as unknown as { keyboard(px: number): void }).keyboard(px), keyboard);
  await expect.poll(() => bottomOf(box)).toBeLessThanOrEqual(height - keyboard);
  expect(await bottomOf(send)).toBeLessThanOrEqual(height - keyboard);
  // Typing and sending while it is up.
  await box.pressSequentially('Above the keyboard');
  await send.tap();
  await expect(alice.getByRole('log', { name: 'Messages' }).getByRole('article').filter({ hasText: 'Above the keyboard' })).toBeInViewport();

  await alice.evaluate(() => (globalThis as unknown as { keyboard(px: number): void }).keyboard(0));
  await expect.poll(() => bottomOf(box)).toBeGreaterThan(height - 120);

  // Zoomed in, the page is looked at closer: the layout keeps its height.
  await alice.evaluate(() => (globalThis as unknown as { pinch(scale: number): void }).pinch(2));
  await expect(alice.locator('html')).toHaveCSS('--viewport-height', `${height}px`);
  expect(await bottomOf(box)).toBeGreaterThan(height - 120);
});

test('pinch-zoom is never turned off', async ({ openClient }) => {
  const page = await openClient();
  const viewport = await page.locator('meta[name="viewport"]').getAttribute('content');
  expect(viewport).toContain('width=device-width');
  expect(viewport).not.toMatch(/user-scalable\s*=\s*(no|0)|maximum-scale/);
  // Nor by the stylesheet: no touch-action that forbids zooming on the page.
  expect(await page.evaluate(() => (globalThis as unknown as { getComputedStyle(element: unknown): { touchAction: string }; document: { body: unknown } }).getComputedStyle((globalThis as unknown as { document: { body: unknown } }).document.body).touchAction)).toBe('auto');
});

test('a link opens the right pane, reloads keep it, Back leaves it; a link to what one may not read says so', async ({ signIn, backend }) => {
  const alice = await signIn('alice@northwind.example');
  // A thread's address, from opening it.
  const log = await openConversation(alice, 'deal-room');
  await log.getByRole('article').first().getByText('Draft is in the folder.').tap();
  await log.getByRole('article').first().getByRole('button', { name: 'Reply in thread' }).tap();
  await expect(alice.getByRole('region', { name: 'Thread' })).toBeVisible();
  const threadUrl = alice.url();
  const [, conversationId, rootId] = /#\/chat\/([^/]+)\/thread\/([^/]+)$/.exec(threadUrl) ?? [];
  expect(conversationId).toBeTruthy();
  await alice.getByRole('button', { name: 'Close thread' }).tap();
  await alice.getByRole('button', { name: 'Back to conversations' }).tap();
  await expect(alice).toHaveURL(/#\/chat$/);

  // The link, followed in the page, then the page opened anew on it: the thread over its conversation, each a Back away.
  await alice.goto(threadUrl);
  await expect(alice.getByRole('region', { name: 'Thread' }).getByRole('article').first()).toContainText('Draft is in the folder.');
  await alice.reload();
  await expect(alice.getByRole('region', { name: 'Thread' }).getByRole('article').first()).toContainText('Draft is in the folder.');
  await alice.goBack();
  await expect(alice.getByRole('region', { name: 'Thread' })).toBeHidden();
  await expect(alice.getByRole('region', { name: 'deal-room' })).toBeVisible();
  await alice.goBack();
  await expect(alice.getByRole('list', { name: 'Conversations' })).toBeVisible();

  // A link to the message itself opens its conversation there.
  await alice.goto(`${backend.url}/#/chat/${conversationId}/message/${rootId}`);
  await expect(alice.getByRole('region', { name: 'deal-room' }).getByRole('article').filter({ hasText: 'Draft is in the folder.' })).toBeInViewport();
  await alice.getByRole('button', { name: 'Back to conversations' }).tap();

  // A channel Alice is not in: she is told, on the list.
  await alice.goto(`${backend.url}/#/chat/ch-ct-public`);
  await expect(alice.getByRole('alert')).toContainText('not a member');
  await expect(alice.getByRole('list', { name: 'Conversations' })).toBeVisible();
});

test('the page checks notice a control too small to touch and a box wider than the screen', async ({ signIn }) => {
  const alice = await signIn('alice@northwind.example');
  expect(await undersizedTargets(alice)).toEqual([]);
  expect(await horizontalOverflow(alice)).toEqual([]);
  await alice.evaluate(() => {
    const { document } = globalThis as unknown as { document: { createElement(tag: string): { textContent: string; style: { cssText: string } }; body: { append(...nodes: unknown[]): void } } };
    const small = document.createElement('button');
    small.textContent = 'x';
    small.style.cssText = 'position: fixed; top: 300px; left: 100px; width: 20px; height: 20px; min-width: 0; min-height: 0; z-index: 100';
    const wide = document.createElement('div');
    wide.style.cssText = 'position: absolute; top: 0; left: 0; width: 900px; height: 4px';
    document.body.append(small, wide);
  });
  await expect.poll(() => undersizedTargets(alice)).toEqual([expect.stringMatching(/^button “x” 20×20$/)]);
  // The phone's browser zooms out to fit it: the whole app is then wider than the screen.
  expect(await horizontalOverflow(alice)).toEqual(expect.arrayContaining([expect.stringMatching(/^the page is \d+ px wide/), expect.stringMatching(/^div runs past the screen's edge \(0 to 900 px/)]));
});
