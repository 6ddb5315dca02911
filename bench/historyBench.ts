/**
 * `npm run bench:history`: a channel of 50,000 messages opened in the browser build. Reports
 * the time from the click to the first paint of the open channel with its newest message, and
 * how many message rows are in the DOM (bounded by the viewport when the list is virtualized):
 * - cold: a freshly signed-in window that has not loaded the channel (the history page is fetched);
 * - warm: the channel opened again in the same window (its messages are held, and refreshed),
 *   beside the same for the seed's `general` (a few messages) in the same window: the ratio of the
 *   two is what is judged (≤ 2×, history's size should not show); the times are for information.
 * By default the messages are rich, as people write them: a third carry reactions, a seventh
 * mention the other person, a fifth are formatted, and every tenth starts a thread of three
 * replies (BENCH_THREAD_EVERY=0 for none), so pages carry thread summaries and catching up
 * carries replies. BENCH_PLAIN=1 leaves them plain text, without threads.
 * BENCH_MESSAGES and BENCH_RUNS change the size and the number of runs.
 */
import { findChromium } from '../e2e/browser';
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { startServer } from '../src-backend/server';
import { basicSeed } from '../src-backend/testing/testServer';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 50_000);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const rich = process.env.BENCH_PLAIN !== '1';
const threadEvery = rich ? Number(process.env.BENCH_THREAD_EVERY ?? 10) : 0;
let replies = 0;
/** Long enough for a loaded machine; a channel that never shows its newest message fails the bench instead of hanging it. */
const paintTimeoutMs = 20_000;

/** The bench's channel: Alice and Brian take turns, Alice writing the newest message, so every open lands at the newest (nothing unread). */
function seedWithBigChannel(): ReturnType<typeof basicSeed> {
  const seed = basicSeed();
  seed.channels.push({ id: 'ch-big', name: 'big-history', accountId: '100100', visibility: 'public', topic: 'Fifty thousand messages', members: ['nw-alice', 'nw-brian'] });
  const start = Date.parse('2026-01-01T00:00:00Z');
  const messages = seed.messages as Array<Record<string, unknown>>;
  for (let index = 1; index <= messageCount; index++) {
    const byAlice = (messageCount - index) % 2 === 0;
    const text = `Message ${index}: status update on the rollout, ward ${index % 40}.`;
    const formatted = index % 5 === 0 ? `**${text}** \`ward ${index % 40}\`` : text;
    const mention = index % 7 === 0 ? ` <@${byAlice ? 'nw-brian' : 'nw-alice'}>` : '';
    const at = start + index * 60_000;
    const root = threadEvery > 0 && index % threadEvery === 0 ? `m-big-${index}` : undefined;
    messages.push({
      ...(root ? { id: root } : {}),
      channel: 'ch-big',
      from: byAlice ? 'nw-alice' : 'nw-brian',
      text: rich ? formatted + mention : text,
      at: new Date(at).toISOString(),
      ...(rich && index % 3 === 0 ? { reactions: { '👍': ['nw-alice', 'nw-brian'], ...(index % 6 === 0 ? { '🎉': ['nw-brian'] } : {}) } } : {}),
    });
    // The thread's replies come within the minute, before the next message.
    for (let reply = 1; root && reply <= 3; reply++, replies++) {
      messages.push({ channel: 'ch-big', from: reply % 2 ? 'nw-brian' : 'nw-alice', text: `Reply ${reply} to message ${index}.`, at: new Date(at + reply * 10_000).toISOString(), replyTo: root });
    }
  }
  return seed;
}

/** A new window (its own context: nothing held from before), signed in as Alice, with the conversation list shown. */
async function signedInPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Email', { exact: true }).fill('alice@northwind.example');
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await conversation(page, 'big-history').waitFor({ timeout: 10_000 });
  return page;
}

function conversation(page: Page, name: string): Locator {
  return page.getByRole('listitem', { name }).getByRole('button');
}

/** Milliseconds from the click on `target` to the frame after the log first shows `newest` (the big channel's newest message). */
async function timeOpen(page: Page, target: Locator, newest = `Message ${messageCount}:`): Promise<number> {
  // Scripts as strings: tsx's helpers do not exist in the page.
  await page.evaluate(`window.clickedAt = 0; document.addEventListener('click', () => { window.clickedAt = performance.now(); }, { capture: true, once: true });`);
  await target.click();
  try {
    return await page.evaluate<number>(`new Promise((resolve, reject) => {
      const deadline = performance.now() + ${paintTimeoutMs};
      const check = () => {
        if (document.querySelector('[role=log]')?.textContent?.includes(${JSON.stringify(newest)})) {
          requestAnimationFrame(() => resolve(performance.now() - window.clickedAt));
        } else if (performance.now() > deadline) {
          reject(new Error('the newest message did not show within ${paintTimeoutMs / 1000} s'));
        } else requestAnimationFrame(check);
      };
      check();
    })`);
  } catch (error) {
    await page.screenshot({ path: '.cache/bench-history-failure.png' });
    throw new Error(`${(error as Error).message} (screenshot: .cache/bench-history-failure.png)`);
  }
}

const medianOf = (timings: number[]) => [...timings].sort((a, b) => a - b)[Math.floor(timings.length / 2)]!;

function summary(label: string, timings: number[]): string {
  const sorted = [...timings].sort((a, b) => a - b);
  return `${label}: median ${medianOf(timings).toFixed(1)} ms, best ${sorted[0]!.toFixed(1)} ms, worst ${sorted.at(-1)!.toFixed(1)} ms over ${sorted.length} runs`;
}

async function main(): Promise<void> {
  const seed = seedWithBigChannel();
  console.log(rich ? 'Messages: a third with reactions, a seventh with a mention, a fifth formatted, every tenth starting a thread' : 'Messages: plain text (BENCH_PLAIN=1)');
  const seeding = Date.now();
  const server = await startServer({ db: ':memory:', seed, port: 0 });
  console.log(`Seeded a channel of ${messageCount.toLocaleString('en-US')} messages (and ${replies.toLocaleString('en-US')} thread replies) in ${Date.now() - seeding} ms`);

  const browser = await chromium.launch({
    executablePath: findChromium({ headless: true })?.executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    // Cold: each run in a new window. The first window also warms the server's statement cache and the browser's.
    const cold: number[] = [];
    let page: Page | undefined;
    for (let run = 0; run <= runs; run++) {
      await page?.context().close();
      page = await signedInPage(browser, server.url);
      const timing = await timeOpen(page, conversation(page, 'big-history'));
      if (run > 0) cold.push(timing);
    }
    page = page!;
    const rows = await page.locator('[role=log] article').count();

    // Warm: away to another channel and back, in the last window.
    // The baseline, in the same window and the same runs: opening `general`, a channel of a few messages.
    const warm: number[] = [];
    const small: number[] = [];
    for (let run = 0; run < runs; run++) {
      small.push(await timeOpen(page, conversation(page, 'general'), 'Welcome to Meridian.'));
      warm.push(await timeOpen(page, conversation(page, 'big-history')));
    }

    // Scroll up through several pages: the DOM must stay bounded as history grows.
    const log = page.getByRole('log', { name: 'Messages' });
    for (let scroll = 0; scroll < 6; scroll++) {
      await log.hover();
      await page.mouse.wheel(0, -20_000);
      await page.waitForTimeout(300);
    }
    const loaded = await page.evaluate<number>(`document.querySelectorAll('[role=log] article').length`);
    const oldestShown = await page.evaluate<string>(`(document.querySelector('[role=log] article .message__text')?.textContent ?? '').split(':')[0]`);
    console.log(summary('Open channel → first paint, cold (history fetched)', cold));
    console.log(summary('Open channel → first paint, warm (opened again)', warm));
    console.log(summary('Baseline: open general (a few messages) → first paint, warm', small));
    const ratio = medianOf(warm) / medianOf(small);
    console.log(`A channel of ${messageCount.toLocaleString('en-US')} messages ÷ one of a few, opened again: ${ratio.toFixed(2)}× (target ≤ 2× — ${ratio <= 2 ? 'met' : 'NOT MET'}; the times above are for information)`);
    console.log(`Message rows in the DOM: ${rows} after opening; ${loaded} after scrolling back through older pages to "${oldestShown}" (viewport 1280×800)`);
  } finally {
    await browser.close();
    await server.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
