/**
 * A backend restart mid-meeting (SPEC 3, SPEC 10): who is in the meeting is kept in the store, so
 * both people are still in it when their clients reconnect; the media server the backend runs
 * restarts with it, so each client's media start over (a new sending and receiving connection)
 * and the voices arrive again without anyone doing anything. This spec's backend runs on a
 * database file, so it can be restarted, and starts Janus (skipped, saying so, where there is none).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningServer } from '../src-backend/server';
import { startServer } from '../src-backend/server';
import { findJanus } from '../src-backend/media/janusProcess';
import { expect, readSeed, test as base } from './fixtures';
import { openConversation } from './helpers';
import { mediaLaunchOptions, receivedMedia } from './meetingMediaHelpers';

const janus = findJanus();

/** Restarts of each test's backend: down for `downMs`, then up again on the same port and database. */
const restarts = new WeakMap<RunningServer, (downMs: number) => Promise<void>>();

const test = base.extend({
  backend: async ({ seed }, use) => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-meeting-restart-'));
    const db = path.join(folder, 'meridian.db');
    let server = await startServer({ db, seed: seed ?? readSeed('federation-basic.json'), port: 0, mediaServer: 'start' });
    const handle: RunningServer = { ...server, close: () => server.close() };
    restarts.set(handle, async (downMs) => {
      await server.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await startServer({ db, port: handle.port, mediaServer: 'start' });
    });
    await use(handle);
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  },
});

test.skip('missing' in janus, `no media server here (${'missing' in janus ? janus.missing : ''}): scripts/ensure-media-server.ts installs Janus`);
test.use({ launchOptions: mediaLaunchOptions });

test('a backend restart mid-meeting: both are still in it when they reconnect, and each hears the other again', async ({ signIn, backend }) => {
  test.setTimeout(120_000);
  const bella = await signIn('bella@contoso.example');
  const carl = await signIn('carl@contoso.example');
  await openConversation(bella, 'contoso-news');
  await bella.getByRole('button', { name: 'Meet now' }).click();
  await expect(bella.getByRole('region', { name: 'Meeting' })).toBeVisible();
  await openConversation(carl, 'contoso-news');
  await carl.getByRole('group', { name: 'Meetings in this conversation' }).getByRole('button', { name: 'Join' }).click();
  for (const page of [bella, carl]) {
    await expect(page.getByRole('region', { name: 'Meeting' })).toContainText('2 in it');
    await expect.poll(async () => (await receivedMedia(page)).audioBytes, { timeout: 20_000, message: 'the other’s voice arriving' }).toBeGreaterThan(0);
  }

  const restart = restarts.get(backend)!(3_000);
  for (const page of [bella, carl]) await expect(page.getByRole('status').filter({ hasText: 'Reconnecting…' })).toBeVisible();
  await restart;

  // Back: connected, still in the meeting with the same two people, and each hears the other on new connections.
  for (const page of [bella, carl]) {
    await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible({ timeout: 20_000 });
    const meeting = page.getByRole('region', { name: 'Meeting' });
    await expect(meeting).toContainText('2 in it');
    await expect(meeting.getByRole('list', { name: 'Participants' }).getByRole('listitem')).toHaveCount(2);
  }
  for (const page of [bella, carl]) {
    const before = (await receivedMedia(page)).audioBytes;
    await expect.poll(async () => (await receivedMedia(page)).audioBytes, { timeout: 20_000, message: 'the other’s voice arriving again after the restart' }).toBeGreaterThan(before + 2_000);
  }
  // Leaving still works on the new backend: the other sees one left.
  await carl.getByRole('region', { name: 'Meeting' }).getByRole('button', { name: 'Leave' }).click();
  await expect(bella.getByRole('region', { name: 'Meeting' })).toContainText('1 in it');
});
