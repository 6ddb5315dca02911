/**
 * `npm run bench:history`: a channel of 50,000 messages opened in the browser build. Reports
 * the time from the click to the first paint of the open channel, and how many message rows
 * are in the DOM (bounded by the viewport when the list is virtualized).
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { startServer } from '../src-backend/server';
import { basicSeed } from '../src-backend/testing/testServer';

const messageCount = Number(process.env.BENCH_MESSAGES ?? 50_000);
const runs = Number(process.env.BENCH_RUNS ?? 7);

async function main(): Promise<void> {
  const seed = basicSeed();
  seed.channels.push({ id: 'ch-big', name: 'big-history', accountId: '100100', visibility: 'public', topic: 'Fifty thousand messages', members: ['nw-alice', 'nw-brian'] });
  const start = Date.parse('2026-01-01T00:00:00Z');
  // Rich messages, as people write them (BENCH_PLAIN=1 leaves them plain): a third carry reactions,
  // a seventh mention someone, a fifth are formatted.
  const rich = process.env.BENCH_PLAIN !== '1';
  const messages = seed.messages as Array<Record<string, unknown>>;
  for (let index = 1; index <= messageCount; index++) {
    const text = `Message ${index}: status update on the rollout, ward ${index % 40}.`;
    messages.push({
      channel: 'ch-big',
      from: index % 2 ? 'nw-alice' : 'nw-brian',
      text: !rich ? text : `${index % 5 === 0 ? `**${text}** \`ward ${index % 40}\`` : text}${index % 7 === 0 ? ' <@nw-brian>' : ''}`,
      at: new Date(start + index * 60_000).toISOString(),
      ...(rich && index % 3 === 0 ? { reactions: { '👍': ['nw-alice', 'nw-brian'], ...(index % 6 === 0 ? { '🎉': ['nw-brian'] } : {}) } } : {}),
    });
  }
  console.log(rich ? 'Messages: a third with reactions, a seventh with a mention, a fifth formatted' : 'Messages: plain text (BENCH_PLAIN=1)');
  const seeding = Date.now();
  const server = await startServer({ db: ':memory:', seed, port: 0 });
  console.log(`Seeded a channel of ${messageCount.toLocaleString('en-US')} messages in ${Date.now() - seeding} ms`);

  let ownBrowser = false;
  try {
    ownBrowser = existsSync(chromium.executablePath());
  } catch {
    ownBrowser = false;
  }
  const browser = await chromium.launch({
    executablePath: ownBrowser ? undefined : '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    await page.getByLabel('Email').fill('alice@northwind.example');
    await page.getByLabel('Password').fill('demo');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const big = page.getByRole('listitem', { name: 'big-history' }).getByRole('button');
    const other = page.getByRole('listitem', { name: 'general' }).getByRole('button');
    await big.waitFor({ timeout: 10_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: '.cache/bench-history-failure.png' });
      throw error;
    });

    const timings: number[] = [];
    let rows = 0;
    for (let run = 0; run < runs; run++) {
      await other.click();
      await page.getByRole('log', { name: 'Messages' }).getByText('Welcome to Meridian.').waitFor();
      // Scripts as strings: tsx's helpers do not exist in the page.
      await page.evaluate(`window.clickedAt = 0; document.addEventListener('click', () => { window.clickedAt = performance.now(); }, { capture: true, once: true });`);
      await big.click();
      const last = `Message ${messageCount}:`;
      timings.push(
        await page.evaluate<number>(`new Promise((resolve) => {
          const check = () => {
            if (document.querySelector('[role=log]')?.textContent?.includes(${JSON.stringify(last)})) {
              requestAnimationFrame(() => resolve(performance.now() - window.clickedAt));
            } else requestAnimationFrame(check);
          };
          check();
        })`),
      );
      rows = await page.locator('[role=log] article').count();
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
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)]!;
    console.log(`Open channel → first paint: median ${median.toFixed(1)} ms, best ${timings[0]!.toFixed(1)} ms, worst ${timings.at(-1)!.toFixed(1)} ms over ${runs} runs (target ≤ 200 ms)`);
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
