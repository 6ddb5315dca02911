/**
 * `npm run demo` as a sales person runs it: it starts, prints two one-click links and the three
 * console commands; each link signs its person in; each command does its live moment in the two
 * windows; `--reset` restores the demo data. One-click links sign in only demo people of a
 * backend that runs demo data.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const projectRoot = path.resolve(__dirname, '..');

interface RunningDemo {
  process: ChildProcess;
  output: () => string;
  links: string[];
  commands: string[];
}

/** Starts `npm run demo -- …` in its own process group and waits until it has printed everything. */
async function startDemo(args: string[]): Promise<RunningDemo> {
  const child = spawn('npm', ['run', '--silent', 'demo', '--', ...args], { cwd: projectRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await expect.poll(() => output, { timeout: 60_000, message: 'the demo to print its links' }).toContain('Ctrl+C stops the demo.');
  return {
    process: child,
    output: () => output,
    links: [...output.matchAll(/^ {2}.+?: (http:\/\/127\.0\.0\.1:\d+\/\?demo=\S+)$/gm)].map((match) => match[1]!),
    commands: [...output.matchAll(/^ {5}(npm run support -- .+)$/gm)].map((match) => match[1]!),
  };
}

/** Stops the demo (its whole process group: npm, tsx, node) and waits for it to end. */
async function stopDemo(demo: RunningDemo): Promise<void> {
  if (demo.process.exitCode !== null) return;
  const ended = new Promise((resolve) => demo.process.once('exit', resolve));
  process.kill(-demo.process.pid!, 'SIGTERM');
  await ended;
}

async function openLink(browser: Browser, link: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  return page;
}

/** Runs a printed console command as the sales person would paste it. */
function run(command: string): string {
  const result = spawnSync('bash', ['-c', command], { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 });
  expect(result.status, `${command}\n${result.stdout}${result.stderr}`).toBe(0);
  return result.stdout;
}

test.describe('npm run demo', () => {
  test.skip(({ platform }) => platform === 'electron', 'the demo script starts its own windows; it is tested once, with the browser build');
  test.setTimeout(180_000);

  let folder: string | null = null;
  let demo: RunningDemo | null = null;
  test.beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'meridian-demo-test-'));
  });
  // Runs for a skipped test too (the Electron project), where nothing was started.
  test.afterEach(async () => {
    if (demo) await stopDemo(demo);
    if (folder) rmSync(folder, { recursive: true, force: true });
    demo = null;
    folder = null;
  });

  test('starts, prints two links that each sign their person in, and three commands that each do their live moment', async ({ browser }) => {
    const database = path.join(folder!, 'demo.db');
    demo = await startDemo(['--no-open', '--port', '0', '--db', database, '--operator', 'Sam (sales)']);
    expect(demo.links).toHaveLength(2);
    expect(demo.links[0]).toMatch(/\/\?demo=alice@northwind\.example$/);
    expect(demo.links[1]).toMatch(/\/\?demo=bella@contoso\.example&chat=\S+$/);
    expect(demo.commands).toHaveLength(3);
    expect(demo.commands[0]).toContain('federation delete fed-northwind-contoso --ack-channel-cleanup');
    expect(demo.commands[1]).toContain('federation create --id fed-northwind-contoso');
    expect(demo.commands[2]).toContain('user add');
    // Nothing secret on the lines npm will echo: the console finds the token the demo left for it.
    for (const command of demo.commands) expect(command).not.toContain('--token');

    const alice = await openLink(browser, demo.links[0]!);
    const bella = await openLink(browser, demo.links[1]!);
    for (const [page, name, company] of [[alice, 'Alice Nguyen', 'Northwind Health'], [bella, 'Bella Martins', 'Contoso Legal']] as const) {
      await expect(page.getByRole('tab', { name: 'Chat' })).toBeVisible();
      await expect(page.locator('.shell__me')).toContainText(name);
      await expect(page.locator('.shell__me')).toContainText(company);
      // The link is used once: the address no longer carries it.
      expect(new URL(page.url()).search).toBe('');
    }
    // Exactly: the demo data also has a group chat of Alice, Bella and Daniel, titled by the other two.
    const aliceChat = alice.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Bella Martins', exact: true });
    const bellaChat = bella.getByRole('list', { name: 'Conversations' }).getByRole('listitem', { name: 'Alice Nguyen', exact: true });
    await expect(aliceChat).toBeVisible();
    await expect(bellaChat).toBeVisible();

    // Step 2 of docs/demo.md: Bella's window already shows her chat with Alice, so Alice's message appears there at once.
    const bellaLog = bella.getByRole('region', { name: 'Alice Nguyen' }).getByRole('log', { name: 'Messages' });
    await expect(bellaLog).toContainText('Dr. Cohen will be relieved.');
    await alice.getByRole('searchbox', { name: 'Search' }).fill('Bella');
    // Bella herself, not a group chat she is in (its option names her first too).
    await alice.getByRole('option', { name: /^Bella Martins(?!,)/ }).click();
    await alice.getByRole('dialog', { name: 'Bella Martins' }).getByRole('button', { name: 'Chat', exact: true }).click();
    await alice.getByRole('textbox', { name: 'Message' }).fill('Can we go over the data-sharing terms?');
    await alice.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(bellaLog).toContainText('Can we go over the data-sharing terms?');

    // 1. Delete the federation: the chat vanishes from both windows.
    expect(run(demo.commands[0]!)).toContain('Deleted federation fed-northwind-contoso');
    await expect(aliceChat).toHaveCount(0);
    await expect(bellaChat).toHaveCount(0);
    // 2. Create it again: it returns, history and all, with the consents recorded by the operator named.
    run(demo.commands[1]!);
    await expect(aliceChat).toBeVisible();
    await aliceChat.getByRole('button').click();
    await expect(alice.getByRole('log', { name: 'Messages' })).toContainText('Dr. Cohen will be relieved.');
    await expect(bellaChat).toBeVisible();
    const server = new URL(demo.links[0]!).origin;
    expect(run(`npm run --silent support -- --server ${server} federation show fed-northwind-contoso`)).toMatch(/consent: Priya Raman \(written\), recorded \S+ by Sam \(sales\)/);
    // The printed delete and create work again (a demo is given more than once).
    run(demo.commands[0]!);
    await expect(aliceChat).toHaveCount(0);
    run(demo.commands[1]!);
    await expect(aliceChat).toBeVisible();
    // 3. Add a user: Alice finds her at once, from the other company; her password is made and shown once.
    expect(run(demo.commands[2]!)).toMatch(/Their password, shown this once .*: \S{18}/);
    await alice.getByRole('searchbox', { name: 'Search' }).fill('Rosa');
    await expect(alice.getByRole('option', { name: /Rosa Diaz/ })).toContainText('Federated');

  });

  test('--reset restores the demo data as it was', async ({ browser }) => {
    const database = path.join(folder!, 'demo.db');
    demo = await startDemo(['--no-open', '--port', '0', '--db', database]);
    run(demo.commands[2]!);
    run(demo.commands[0]!);
    await stopDemo(demo);
    // Started again without --reset, the demo goes on where it stopped…
    demo = await startDemo(['--no-open', '--port', '0', '--db', database]);
    expect(demo.output()).toContain('NOT federated right now');
    await stopDemo(demo);
    // …and with it, the demo data is as it was: the federation back, and no Rosa.
    demo = await startDemo(['--no-open', '--port', '0', '--db', database, '--reset']);
    expect(demo.output()).toContain('Demo data restored');
    expect(demo.commands[0]).toContain('federation delete fed-northwind-contoso');
    const again = await openLink(browser, demo.links[0]!);
    await expect(again.getByRole('tab', { name: 'Chat' })).toBeVisible();
    await again.getByRole('searchbox', { name: 'Search' }).fill('Rosa');
    await expect(again.getByRole('listbox', { name: 'Search results' })).toContainText('No people or channels match');
  });

  test('a one-click link signs in only a demo person of a backend that runs demo data', async ({ browser, backend }) => {
    demo = await startDemo(['--no-open', '--port', '0', '--db', path.join(folder!, 'demo.db')]);
    const origin = new URL(demo.links[0]!).origin;
    // Someone who is not a demo person of this server: nothing happens but an explanation.
    const stranger = await openLink(browser, `${origin}/?demo=mallory@example.com`);
    await expect(stranger.getByRole('alert')).toContainText('not one of this server’s demo people');
    await expect(stranger.getByRole('tab', { name: 'Chat' })).toHaveCount(0);
    // A backend whose data is not demo data (this test's own) signs nobody in by link, not even its own people.
    const real = await openLink(browser, `${backend.url}/?demo=alice@northwind.example`);
    await expect(real.getByRole('alert')).toContainText('not one of this server’s demo people');
    await expect(real.getByRole('tab', { name: 'Chat' })).toHaveCount(0);
    expect(await (await fetch(`${backend.url}/api/demo-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@northwind.example' }) })).json()).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
