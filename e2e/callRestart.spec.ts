/**
 * A call keeps its audio through a 10-second restart of the backend (SPEC 3: "a call or meeting
 * keeps its media through a short loss of the connection to the backend"): the media goes
 * peer to peer meanwhile, the call is kept in the database, and both clients carry on with it
 * when they reconnect. This spec's backend runs on a database file, so it can be restarted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { RunningServer } from '../src-backend/server';
import { startServer } from '../src-backend/server';
import { expect, readSeed, test as base } from './fixtures';
import { mediaStats } from './media/peerStats';

/** Restarts of each test's backend: down for `downMs`, then up again on the same port and database. */
const restarts = new WeakMap<RunningServer, (downMs: number) => Promise<void>>();

const test = base.extend({
  backend: async ({ seed }, use) => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-restart-'));
    const db = path.join(folder, 'meridian.db');
    let server = await startServer({ db, seed: seed ?? readSeed('federation-basic.json'), port: 0 });
    const handle: RunningServer = { ...server, close: () => server.close() };
    restarts.set(handle, async (downMs) => {
      await server.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await startServer({ db, port: handle.port });
    });
    await use(handle);
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  },
});

const bytesIn = async (page: Page) => (await mediaStats(page)).audioIn.bytes;

test('a backend restart of 10 s mid-call: the audio keeps flowing both ways, and the call goes on after', async ({ signIn, backend }) => {
  test.setTimeout(90_000);
  const alice = await signIn('alice@northwind.example');
  const bella = await signIn('bella@contoso.example');
  await alice.getByRole('tab', { name: 'Calling' }).click();
  await alice.getByRole('form', { name: 'Dialer' }).getByRole('textbox', { name: 'Phone number' }).fill('2125550141');
  await alice.getByRole('form', { name: 'Dialer' }).getByRole('button', { name: 'Call', exact: true }).click();
  await bella.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
  for (const page of [alice, bella]) await expect.poll(() => bytesIn(page), { timeout: 3_000 }).toBeGreaterThan(0);

  const restart = restarts.get(backend)!(10_000);
  // While the backend is down, both clients say so, and the media still flows.
  for (const page of [alice, bella]) await expect(page.getByRole('status').filter({ hasText: 'Reconnecting…' })).toBeVisible();
  for (const second of [3, 7]) {
    const before = await Promise.all([alice, bella].map(bytesIn));
    await alice.waitForTimeout(1_000);
    const after = await Promise.all([alice, bella].map(bytesIn));
    console.log(`backend down, second ${second}: audio in ${after.map((bytes, index) => bytes - before[index]!).join(' and ')} bytes/s`);
    expect(after[0]!).toBeGreaterThan(before[0]!);
    expect(after[1]!).toBeGreaterThan(before[1]!);
  }
  await restart;

  // Back: connected again, the same call on both sides, media still flowing, and hanging up works.
  for (const page of [alice, bella]) {
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('region', { name: 'Active call' })).toContainText('Connected');
    const before = await bytesIn(page);
    await expect.poll(() => bytesIn(page)).toBeGreaterThan(before);
  }
  await alice.getByRole('region', { name: 'Active call' }).getByRole('button', { name: 'Hang up' }).click();
  await expect(bella.getByRole('region', { name: 'Active call' })).toContainText('Call ended');
  for (const page of [alice, bella]) await expect.poll(async () => (await mediaStats(page)).connectionStates).toEqual(['closed']);
});
