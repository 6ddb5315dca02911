/**
 * TURN (issue 19 item 2): a call through a real coturn, started here on 127.0.0.1 with
 * `use-auth-secret`, the backend handing out its short-lived credentials and
 * `iceTransportPolicy: 'relay'` — so the media can only flow through the relay. getStats must
 * show a relay candidate pair on both sides, and the bytes grow. And a bad network: the same
 * relay behind a forwarder that loses packets makes both sides say `Poor connection` (read from
 * getStats), and it goes once the network recovers.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { mediaStats } from './media/peerStats';
import { startLossyRelay, type LossyRelay } from './media/lossyRelay';
import { startTurnServer, turnUnavailable, type TurnServer } from './media/turnServer';

let turn: TurnServer | null = null;
let lossy: LossyRelay | null = null;

// `npm test` (scripts/ensure-browser.ts) installs coturn beforehand where it can; here it is only looked for.
test.beforeAll(async () => {
  turn = await startTurnServer();
  if (turn) lossy = await startLossyRelay(Number(new URL(turn.url.replace(/^turn:/, 'turn://')).port));
});
test.afterAll(async () => {
  await lossy?.stop();
  await turn?.stop();
});

async function callBellaFromAlice(alice: Page, bella: Page) {
  await alice.getByRole('tab', { name: 'Calling' }).click();
  await alice.getByRole('form', { name: 'Dialer' }).getByRole('textbox', { name: 'Phone number' }).fill('2125550141');
  await alice.getByRole('form', { name: 'Dialer' }).getByRole('button', { name: 'Call', exact: true }).click();
  await bella.getByRole('dialog', { name: 'Incoming call' }).getByRole('button', { name: 'Answer' }).click();
}

test.describe('through a TURN relay', () => {
  test.skip(() => turn === null, `TURN test skipped: ${turnUnavailable}`);
  // The options read `turn` when each test's backend starts, after beforeAll.
  test.use({ ice: async ({ seed: _seed }, use) => use(turn ? { turnUrls: [turn.url], turnSecret: turn.secret, relayOnly: true } : undefined) });

  test('a call with iceTransportPolicy relay connects through coturn and its audio flows both ways', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const bella = await signIn('bella@contoso.example');
    await callBellaFromAlice(alice, bella);

    const relayed = async (page: Page) => {
      await expect.poll(async () => (await mediaStats(page)).path, { timeout: 10_000 }).toEqual({ local: 'relay', remote: 'relay' });
      const first = (await mediaStats(page)).audioIn.bytes;
      await expect.poll(async () => (await mediaStats(page)).audioIn.bytes).toBeGreaterThan(first);
      // The page was told to relay only, with the backend's TURN credentials.
      const configuration = await page.evaluate(() => {
        const peer = (globalThis as unknown as { __meridianPeers: Array<{ getConfiguration(): { iceTransportPolicy: string; iceServers: Array<{ urls: string[]; username?: string }> } }> }).__meridianPeers.at(-1)!;
        return peer.getConfiguration();
      });
      expect(configuration.iceTransportPolicy).toBe('relay');
      expect(configuration.iceServers[0]).toMatchObject({ urls: [turn!.url], username: expect.stringMatching(/^\d+:(nw-alice|ct-bella)$/) });
    };
    await relayed(alice);
    await relayed(bella);
  });
});

test.describe('over a path that loses packets', () => {
  test.skip(() => turn === null, `TURN test skipped: ${turnUnavailable}`);
  // Both sides reach coturn only through the lossy forwarder.
  test.use({ ice: async ({ seed: _seed }, use) => use(turn && lossy ? { turnUrls: [`turn:127.0.0.1:${lossy.port}?transport=udp`], turnSecret: turn.secret, relayOnly: true } : undefined) });
  test.afterEach(() => lossy?.setLoss(0));

  // Three phases (connect, lose, recover), each allowed up to 15 s.
  test.setTimeout(60_000);
  test('both sides say Poor connection while a quarter of the packets are lost, the call goes on, and the notice goes when the network recovers', async ({ signIn }) => {
    const alice = await signIn('alice@northwind.example');
    const bella = await signIn('bella@contoso.example');
    await callBellaFromAlice(alice, bella);
    const sides = [alice, bella];
    for (const page of sides) {
      await expect.poll(async () => (await mediaStats(page)).path, { timeout: 10_000 }).toEqual({ local: 'relay', remote: 'relay' });
      const first = (await mediaStats(page)).audioIn.bytes;
      await expect.poll(async () => (await mediaStats(page)).audioIn.bytes).toBeGreaterThan(first);
    }

    lossy!.setLoss(0.25);
    const droppedBefore = lossy!.dropped();
    for (const page of sides) await expect(page.getByRole('region', { name: 'Active call' }).getByRole('status').filter({ hasText: 'Poor connection' })).toBeVisible({ timeout: 15_000 });
    expect(lossy!.dropped()).toBeGreaterThan(droppedBefore);
    // Poor, not gone: the audio still arrives.
    for (const page of sides) {
      const during = (await mediaStats(page)).audioIn.bytes;
      await expect.poll(async () => (await mediaStats(page)).audioIn.bytes).toBeGreaterThan(during);
      await expect(page.getByRole('region', { name: 'Active call' })).toContainText('Connected');
    }

    lossy!.setLoss(0);
    for (const page of sides) await expect(page.getByRole('region', { name: 'Active call' })).not.toContainText('Poor connection', { timeout: 15_000 });
  });
});
