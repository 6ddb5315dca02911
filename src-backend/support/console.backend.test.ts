import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidArguments, RuleRefusal } from '../federation/federationService';
import type { DryRun } from '../federation/federationService';
import { cliArguments } from '../testing/listening';
import { basicSeed, dataOf, startTestServer, waitFor, type TestServer } from '../testing/testServer';
import { runConsole, type ConsoleInput } from './console';
import { supportTokenFile, writeSupportToken } from './supportToken';
import { loadSeed, validateSeed } from '../seed/loadSeed';

let server: TestServer;
/** Where this test's backend leaves its token, as the CLI does: the console finds it there by itself. */
let tokenFolder: string;
beforeEach(async () => {
  server = await startTestServer(basicSeed(), { supportToken: 'support-token-for-tests' });
  tokenFolder = mkdtempSync(path.join(tmpdir(), 'meridian-tokens-'));
  writeSupportToken(server.port, 'support-token-for-tests', tokenFolder);
});
afterEach(async () => {
  await server.close();
  rmSync(tokenFolder, { recursive: true, force: true });
});

/** Runs the console against the test server, as support types it (no token on the line); gives its exit status and what it printed. */
async function support(...args: string[]) {
  return supportWith({}, ...args);
}
async function supportWith(input: ConsoleInput, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runConsole(['--server', server.url, ...args], (text) => out.push(text), (text) => err.push(text), { tokenFolder, ...input });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
/** A password support may give. */
const strong = 'correct horse battery';
const json = (result: { out: string }) => JSON.parse(result.out) as Record<string, unknown> & Array<Record<string, unknown>>;
const auditActions = async () => (await server.federations.auditLog({})).map((entry) => entry.action);
/** Every refusal (exit 1) names the rule that refused it. */
const expectRefusedBy = (result: { code: number; err: string }, rule: string) => {
  expect(result.code, result.err).toBe(1);
  expect(result.err).toContain(`rule: ${rule})`);
};

describe('federation create', () => {
  const create = ['federation', 'create', '--name', 'Northwind and Fabrikam', '--accounts', '100100,300300'];
  const consents = ['--consent', '100100=Ann Lee:written', '--consent', '300300=Bo Park:verbal'];

  it('creates a federation with consent and confirmation, audits it with its operator and reason, and prints its id', async () => {
    const result = await support('--json', ...create, ...consents, '--confirm-all-see-all', '--operator', 'Sam Support', '--reason', 'TICKET-1234');
    expect(result.code).toBe(0);
    const created = json(result);
    expect(created.id).toMatch(/^fed-/);
    expect(server.context.directory.sees({ id: 'nw-alice', accountId: '100100' }, { accountId: '300300' })).toBe(true);
    const [entry] = await server.federations.auditLog({ federationId: created.id as string });
    expect(entry).toMatchObject({ operator: 'Sam Support', reason: 'TICKET-1234' });
    expect(entry?.detail).toMatchObject({ accounts: ['100100', '300300'], consents: [{ accountId: '100100', who: 'Ann Lee', form: 'written' }, { accountId: '300300', who: 'Bo Park', form: 'verbal' }] });
  });

  it.each<[string, string[], string, string]>([
    ['without a consent for every account', ['--consent', '100100=Ann Lee:written', '--confirm-all-see-all'], 'consent', '--consent ID=WHO:written|verbal'],
    ['without the all-see-all confirmation', consents, 'confirm-all-see-all', '--confirm-all-see-all'],
  ])('is refused %s, with exit 1, the rule named and the flag to give', async (_why, extra, rule, flag) => {
    const result = await support(...create, ...extra);
    expectRefusedBy(result, rule);
    expect(result.err).toContain(flag);
    expect(server.context.directory.federations.size).toBe(2);
    expect(await auditActions()).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['one account', '100100', 'account-count'],
    ['an account twice', '100100,100100', 'distinct-accounts'],
    ['an account that does not exist', '100100,999999', 'existing-accounts'],
  ])('is refused for %s', async (_why, accounts, rule) => {
    const result = await support('federation', 'create', '--name', 'x', '--accounts', accounts, '--consent', '100100=A:written', '--confirm-all-see-all');
    expectRefusedBy(result, rule);
    expect(server.context.directory.federations.size).toBe(2);
  });

  it('validates consent forms: written or verbal, and required', async () => {
    for (const consent of ['500923=Wes:email', '100100=Ann Lee', '300300=Bo:Written!', '=Ann:written', '100100=:verbal']) {
      const result = await support(...create, '--consent', consent, '--consent', '300300=Bo Park:verbal', '--confirm-all-see-all');
      expect(result.code, consent).toBe(2);
      expect(result.err).toContain('consent-form');
    }
    // A WHO with a colon of its own is fine: the form is what follows the last one.
    expect((await support(...create, '--consent', '100100=Ann Lee: CEO:written', '--consent', '300300=Bo Park:verbal', '--confirm-all-see-all')).code).toBe(0);
    expect((await server.federations.auditLog({})).map((entry) => entry.detail.consents)).toEqual([
      [
        { accountId: '100100', who: 'Ann Lee: CEO', form: 'written' },
        { accountId: '300300', who: 'Bo Park', form: 'verbal' },
      ],
    ]);
  });

  it('gives exit 2 and the usage for a usage error', async () => {
    const missing = await support('federation', 'create', '--name', 'x');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Usage:');
    const unknown = await support('federation', 'explode');
    expect(unknown.code).toBe(2);
    const badConsent = await support(...create, '--consent', 'nonsense', '--confirm-all-see-all');
    expect(badConsent.code).toBe(2);
  });

  it('refuses a wrong support token, naming the rule', async () => {
    const out: string[] = [];
    const code = await runConsole(['--server', server.url, '--token', 'wrong-token-wrong-token', 'federation', 'list'], (text) => out.push(text), (text) => out.push(text), { tokenFolder });
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('rule: support-token');
    // A token typed on the line is used, with a word on where else it shows.
    expect(out.join('\n')).toContain('a token given with --token shows wherever the command line does');
  });

  it('--help never shows the token from the environment', async () => {
    const previous = process.env.MERIDIAN_SUPPORT_TOKEN;
    process.env.MERIDIAN_SUPPORT_TOKEN = 'token-from-the-environment';
    try {
      for (const args of [['--help'], ['federation', 'create', '--help'], ['channel', 'remove-member', '--help']]) {
        const out: string[] = [];
        expect(await runConsole(args, (text) => out.push(text), (text) => out.push(text))).toBe(0);
        expect(out.join('\n')).toContain('Usage:');
        expect(out.join('\n')).not.toContain('token-from-the-environment');
      }
      // …and the console still uses it.
      const listed: string[] = [];
      process.env.MERIDIAN_SUPPORT_TOKEN = 'support-token-for-tests';
      expect(await runConsole(['--server', server.url, 'federation', 'list'], (text) => listed.push(text), (text) => listed.push(text))).toBe(0);
      expect(listed.join('\n')).toContain('fed-nw-ct');
    } finally {
      if (previous === undefined) delete process.env.MERIDIAN_SUPPORT_TOKEN;
      else process.env.MERIDIAN_SUPPORT_TOKEN = previous;
    }
  });

  it('federation show shows the consent on record for each account', async () => {
    const id = json(await support('--json', ...create, ...consents, '--confirm-all-see-all', '--operator', 'Sam Support')).id as string;
    const shown = await support('federation', 'show', id);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/100100\s+Northwind Health\s+consent: Ann Lee \(written\), recorded \S+ by Sam Support/);
    expect(shown.out).toMatch(/300300\s+Fabrikam Labs\s+consent: Bo Park \(verbal\)/);
    // A seeded federation has no consent on record, and says so.
    expect((await support('federation', 'show', 'fed-nw-ct')).out).toContain('consent: none on record');
    expect(json(await support('--json', 'federation', 'show', id)).consents).toMatchObject([
      { accountId: '100100', who: 'Ann Lee', form: 'written', operator: 'Sam Support' },
      { accountId: '300300', who: 'Bo Park', form: 'verbal' },
    ]);
  });
});

describe('federation add-accounts, remove-accounts, delete', () => {
  it('needs consent for every account of the resulting federation, present ones included', async () => {
    const refused = await support('federation', 'add-accounts', 'fed-nw-ct', '--accounts', '400400', '--consent', '400400=Tia:written', '--confirm-all-see-all');
    expectRefusedBy(refused, 'consent');
    expect(refused.err).toContain('missing for 100100 (Northwind Health), 200200 (Contoso Legal)');
    const added = await support(
      'federation', 'add-accounts', 'fed-nw-ct', '--accounts', '400400',
      '--consent', '400400=Tia:written', '--consent', '100100=Ann:written', '--consent', '200200=Cy:verbal', '--confirm-all-see-all',
    );
    expect(added.code).toBe(0);
    expect(added.out).toContain('400400  Tailspin Air');
    expect(server.context.directory.sees({ id: 'ts-dana', accountId: '400400' }, { accountId: '100100' })).toBe(true);
  });

  it('refuses to pass 10 accounts', async () => {
    // Nine more accounts, written as a seed of accounts alone would write them (on either engine).
    await loadSeed(server.context.store, validateSeed({ accounts: Array.from({ length: 9 }, (_, index) => ({ id: `9${index}`, name: `Extra ${index}` })), users: [] }));
    await server.context.directory.reload();
    const accounts = Array.from({ length: 9 }, (_, index) => `9${index}`);
    const consents = [...accounts, '100100', '200200'].flatMap((accountId) => ['--consent', `${accountId}=Someone:written`]);
    const result = await support('federation', 'add-accounts', 'fed-nw-ct', '--accounts', accounts.join(','), ...consents, '--confirm-all-see-all');
    expectRefusedBy(result, 'account-count');
  });

  it('removing accounts or deleting needs the channel-cleanup acknowledgement; deleting prints a sentence, not JSON', async () => {
    const refused = await support('federation', 'delete', 'fed-ct-fb');
    expectRefusedBy(refused, 'ack-channel-cleanup');
    expect(refused.err).toContain('--ack-channel-cleanup');
    expect(server.context.directory.federations.has('fed-ct-fb')).toBe(true);
    const deleted = await support('federation', 'delete', 'fed-ct-fb', '--ack-channel-cleanup');
    expect(deleted.code).toBe(0);
    expect(deleted.out).toMatch(/^Deleted federation fed-ct-fb \(Contoso and Fabrikam\)\./);
    expect(server.context.directory.federations.has('fed-ct-fb')).toBe(false);
    expect(await auditActions()).toEqual(['federation delete']);
  });

  it('refuses to leave fewer than 2 accounts, and names the rule for a federation that does not exist', async () => {
    expectRefusedBy(await support('federation', 'remove-accounts', 'fed-nw-ct', '--accounts', '100100', '--ack-channel-cleanup'), 'account-count');
    expectRefusedBy(await support('federation', 'delete', 'fed-nowhere', '--ack-channel-cleanup'), 'existing-federation');
    expectRefusedBy(await support('federation', 'show', 'fed-nowhere'), 'existing-federation');
  });

  it('tells connected clients at once: Alice no longer finds Bella; Dana (Tailspin), whose view did not change, hears nothing', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const dana = await server.signIn('dana@tailspin.example');
    const bob = await server.signIn('bob@fabrikam.example');
    expect(dataOf(await alice.request('directory:search', { query: 'bella' })).people).toHaveLength(1);
    expect((await support('federation', 'delete', 'fed-nw-ct', '--ack-channel-cleanup')).code).toBe(0);
    await waitFor(() => alice.events.some((event) => event.type === 'directory:changed'), 'Alice told of the change');
    expect(dataOf(await alice.request('directory:search', { query: 'bella' })).people).toHaveLength(0);
    expect(await alice.request('person:card', { userId: 'ct-bella' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Bob (Fabrikam) sees Contoso through another federation and never saw Northwind: his view is unchanged.
    await server.settled(dana, bob);
    expect(dana.events.filter((event) => event.type === 'directory:changed')).toEqual([]);
    expect(bob.events.filter((event) => event.type === 'directory:changed')).toEqual([]);
  });
});

describe('--dry-run', () => {
  /** Who sees whom among all people, as a set of "a b" pairs (a < b) that see each other. */
  function seeingPairs(): Set<string> {
    const users = [...server.context.directory.users.values()];
    const pairs = new Set<string>();
    for (const a of users) for (const b of users) if (a.id < b.id && server.context.directory.sees(a, b)) pairs.add(`${a.id} ${b.id}`);
    return pairs;
  }
  /** The channels holding a pair of members who do not see each other, with those pairs. */
  async function channelPairs(see: Set<string>): Promise<Map<string, Set<string>>> {
    const result = new Map<string, Set<string>>();
    for (const channel of await server.context.conversations.channelsWithMembers()) {
      const members = [...channel.memberIds].sort();
      const unseen = new Set<string>();
      for (const a of members) for (const b of members) if (a < b && !see.has(`${a} ${b}`)) unseen.add(`${a} ${b}`);
      result.set(channel.id, unseen);
    }
    return result;
  }
  const accountOf = (userId: string) => server.context.directory.user(userId)!.accountId;

  /**
   * Previews a change (the same command with --dry-run), checks nothing changed, makes it, and checks the preview said exactly what
   * happened: the account pairs (and how many pairs of people) that newly see or stop seeing each
   * other, and the channels whose members newly see (shared) or stop seeing (stranded) each other.
   */
  async function previewThenApply(args: string[], confirm: string[]) {
    const before = seeingPairs();
    const federationsBefore = JSON.stringify(server.federations.listFederations());
    const auditBefore = await auditActions();
    const printed = await support(...args, ...confirm, '--dry-run');
    expect(printed.code, printed.err).toBe(0);
    expect(printed.out).toMatch(/^Dry run of /);
    const preview = json(await support('--json', ...args, ...confirm, '--dry-run')) as unknown as DryRun;
    expect(preview.dryRun).toBe(true);
    expect(preview.stillNeeded).toEqual([]);
    expect(JSON.stringify(server.federations.listFederations())).toBe(federationsBefore);
    expect(seeingPairs()).toEqual(before);
    expect(await auditActions()).toEqual(auditBefore);

    const applied = await support(...args, ...confirm);
    expect(applied.code, applied.err).toBe(0);
    const after = seeingPairs();

    const actual = new Map<string, { change: string; pairs: number }>();
    for (const pair of new Set([...before, ...after])) {
      if (before.has(pair) === after.has(pair)) continue;
      const [a, b] = pair.split(' ').map(accountOf).sort() as [string, string];
      const key = `${a} ${b}`;
      const entry = actual.get(key) ?? { change: after.has(pair) ? 'newly-see' : 'stop-seeing', pairs: 0 };
      entry.pairs += 1;
      actual.set(key, entry);
    }
    const previewed = new Map(preview.preview.accountPairs.map((pair) => [[pair.accounts[0].id, pair.accounts[1].id].sort().join(' '), { change: pair.change, pairs: pair.pairs }]));
    expect(previewed).toEqual(actual);

    const channelsBefore = await channelPairs(before);
    const channelsAfter = await channelPairs(after);
    const changedChannels: string[] = [];
    for (const [channelId, unseenAfter] of channelsAfter) {
      const unseenBefore = channelsBefore.get(channelId)!;
      if ([...unseenAfter].some((pair) => !unseenBefore.has(pair))) changedChannels.push(`stranded ${channelId}`);
      if ([...unseenBefore].some((pair) => !unseenAfter.has(pair))) changedChannels.push(`shared ${channelId}`);
    }
    expect(preview.preview.channels.map((channel) => `${channel.change} ${channel.channelId}`).sort()).toEqual(changedChannels.sort());
    for (const channel of preview.preview.channels) expect(channel.strandedAfter, channel.channelId).toBe(channelsAfter.get(channel.channelId)!.size > 0);
    return { printed: printed.out, preview };
  }

  it('on delete: Northwind and Contoso stop seeing each other; deal-room is stranded; their chat is hidden', async () => {
    const { printed, preview } = await previewThenApply(['federation', 'delete', 'fed-nw-ct'], ['--ack-channel-cleanup']);
    expect(printed).toContain('Northwind Health (100100, 2 people) and Contoso Legal (200200, 2 people) will stop seeing each other: 4 pairs of people.');
    expect(printed).toContain('#deal-room (ch-ct-deal, owned by Contoso Legal) will be stranded: 1 pair of members (Contoso Legal, Northwind Health) will show to each other as UNKNOWN USER.');
    expect(printed).toContain('Direct chats: 1 chat hidden from both people (kept on the server), 0 chats back.');
    expect(preview.preview.directChats).toEqual({ hidden: 1, restored: 0 });
  });

  it('lists what the change would still need, without refusing', async () => {
    const result = await support('federation', 'delete', 'fed-ct-fb', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Still needed to make the change:\n  (rule: ack-channel-cleanup) Acknowledge that federated users must be removed from shared channels by hand (--ack-channel-cleanup)');
    expect(server.context.directory.federations.has('fed-ct-fb')).toBe(true);
  });

  it('on create: Northwind and Fabrikam newly see each other; deal-room becomes shared; missing consents are listed, not refused', async () => {
    const args = ['federation', 'create', '--name', 'Northwind and Fabrikam', '--accounts', '100100,300300'];
    const incomplete = await support(...args, '--consent', '100100=Ann Lee:written', '--dry-run');
    expect(incomplete.code).toBe(0);
    expect(incomplete.out).toContain('(rule: consent) Every account involved needs a consent record (--consent ID=WHO:written|verbal');
    expect(incomplete.out).toContain('missing for 300300 (Fabrikam Labs)');
    expect(incomplete.out).toContain('(rule: confirm-all-see-all)');
    const { printed } = await previewThenApply(args, ['--consent', '100100=Ann Lee:written', '--consent', '300300=Bo Park:verbal', '--confirm-all-see-all']);
    expect(printed).toContain('Northwind Health (100100, 2 people) and Fabrikam Labs (300300, 1 person) will newly see each other: 2 pairs of people.');
    expect(printed).toContain('#deal-room (ch-ct-deal, owned by Contoso Legal) will be shared: 1 pair of members (Fabrikam Labs, Northwind Health) will see each other by name.');
    expect(printed).not.toContain('Still needed');
  });

  it('on add-accounts: Tailspin newly sees Northwind and Contoso; no channel concerned', async () => {
    const { printed } = await previewThenApply(
      ['federation', 'add-accounts', 'fed-nw-ct', '--accounts', '400400'],
      ['--consent', '400400=Tia:written', '--consent', '100100=Ann:written', '--consent', '200200=Cy:verbal', '--confirm-all-see-all'],
    );
    expect(printed).toContain('Northwind Health (100100, 2 people) and Tailspin Air (400400, 1 person) will newly see each other: 2 pairs of people.');
    expect(printed).toContain('Contoso Legal (200200, 2 people) and Tailspin Air (400400, 1 person) will newly see each other: 2 pairs of people.');
    expect(printed).toContain('Channels:\n  none concerned.');
  });

  it('on remove-accounts: Fabrikam stops seeing Contoso and Tailspin; deal-room is stranded further', async () => {
    await server.federations.addAccounts({
      federationId: 'fed-ct-fb',
      accountIds: ['400400'],
      consents: ['200200', '300300', '400400'].map((accountId) => ({ accountId, who: 'Someone', form: 'written' as const })),
      confirmAllSeeAll: true,
    });
    const { printed } = await previewThenApply(['federation', 'remove-accounts', 'fed-ct-fb', '--accounts', '300300'], ['--ack-channel-cleanup']);
    expect(printed).toContain('Contoso Legal (200200, 2 people) and Fabrikam Labs (300300, 1 person) will stop seeing each other: 2 pairs of people.');
    expect(printed).toContain('Fabrikam Labs (300300, 1 person) and Tailspin Air (400400, 1 person) will stop seeing each other: 1 pair of people.');
    expect(printed).toContain('#deal-room (ch-ct-deal, owned by Contoso Legal) will be stranded');
  });
});

describe('users', () => {
  it('issue 18 #8: refuses a person named so as to read as UNKNOWN USER, and cleans what shows nothing from names', async () => {
    const refused = await support('user', 'add', '--account', '100100', '--name', 'Unknown\u200b User', '--email', 'ghost@northwind.example', '--password', 'pw');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/reads as UNKNOWN USER/);
    const added = await support('--json', 'user', 'add', '--account', '100100', '--name', 'No\u200bra\u202e Quinn', '--email', 'nora2@northwind.example', '--password', strong);
    expect(added.code).toBe(0);
    expect(server.context.directory.user(json(added).id as string)?.displayName).toBe('Nora Quinn');
  });

  it('a user added appears in every federated account’s search at once; removed, disappears; both print a sentence', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const added = await support('--json', 'user', 'add', '--account', '100100', '--name', 'Nora Quinn', '--email', 'nora@northwind.example', '--password', strong, '--phone', '(415) 555-0109', '--extension', '1209');
    expect(added.code).toBe(0);
    await waitFor(() => bella.events.some((event) => event.type === 'directory:changed'), 'Bella told');
    const found = dataOf(await bella.request('directory:search', { query: 'nora' })).people;
    expect(found.map((person) => person.displayName)).toEqual(['Nora Quinn']);
    expect(found[0]).toMatchObject({ federated: true, phone: '+14155550109' });
    const bob = await server.signIn('bob@fabrikam.example');
    expect(dataOf(await bob.request('directory:search', { query: 'nora' })).people).toEqual([]);

    const removed = await support('user', 'remove', json(added).id as string, '--confirm');
    expect(removed.code).toBe(0);
    expect(removed.out).toBe(`Removed user Nora Quinn (${json(added).id as string}).`);
    expect(dataOf(await bella.request('directory:search', { query: 'nora' })).people).toEqual([]);
    const human = await support('user', 'add', '--account', '300300', '--name', 'Ola Berg', '--email', 'ola@fabrikam.example', '--password', strong);
    expect(human.out).toMatch(/^Added Ola Berg <ola@fabrikam\.example> \(u-[0-9a-f]+\) to Fabrikam Labs \(300300\)\.$/);
  });

  it('refuses an email already used, or an extension taken in the account', async () => {
    expectRefusedBy(await support('user', 'add', '--account', '100100', '--name', 'X', '--email', 'ALICE@northwind.example', '--password', strong), 'unique-email');
    expectRefusedBy(await support('user', 'add', '--account', '100100', '--name', 'X', '--email', 'x@northwind.example', '--password', strong, '--extension', '1201'), 'unique-extension');
    expectRefusedBy(await support('user', 'add', '--account', '999999', '--name', 'X', '--email', 'x@nowhere.example', '--password', strong), 'existing-account');
    expectRefusedBy(await support('user', 'remove', 'nobody'), 'existing-user');
  });

  it('a removed user’s connections end and their token stops working', async () => {
    const brian = await server.signIn('brian@northwind.example');
    expect((await support('user', 'remove', 'nw-brian', '--confirm')).code).toBe(0);
    await waitFor(() => brian.connectionState !== 'connected', 'Brian disconnected');
    const response = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'brian@northwind.example', password: 'demo' }) });
    expect(response.status).toBe(401);
  });
});

describe('stranded channels', () => {
  it('lists deal-room, says the owning account chooses when it sees everyone, and removes a stranded member by email, live', async () => {
    const stranded = json(await support('--json', 'channels', 'stranded'));
    expect(stranded.map((channel) => channel.name)).toEqual(['deal-room']);
    expect(stranded[0]).toMatchObject({ accountId: '200200', accountName: 'Contoso Legal', ownerDecides: true, pairs: [{ userId: 'fb-bob', doesNotSee: 'nw-alice' }] });
    // Bella sees everyone there: she is not listed.
    expect((stranded[0]!.members as Array<{ userId: string; remove: boolean }>).map((member) => [member.userId, member.remove])).toEqual([
      ['nw-alice', false],
      ['fb-bob', false],
    ]);
    const printed = await support('channels', 'stranded');
    expect(printed.out).toContain('#deal-room (ch-ct-deal), owned by Contoso Legal (200200): the owning account sees everyone here and chooses whom to remove');
    expect(printed.out).toMatch(/stranded {2}Bob Alvarez <bob@fabrikam\.example> \(fb-bob, Fabrikam Labs\): does not see Alice Nguyen/);
    // Alice (Northwind) and Bob (Fabrikam) were never federated together by fed-nw-ct: not its concern.
    expect(json(await support('--json', 'channels', 'stranded', '--federation', 'fed-nw-ct'))).toEqual([]);

    // Nobody there is marked REMOVE: Contoso, the owner, still sees Bob, so it is Contoso's choice, and support must force it.
    const bob = await server.signIn('bob@fabrikam.example');
    const refused = await support('channel', 'remove-member', 'ch-ct-deal', 'BOB@fabrikam.example');
    expectRefusedBy(refused, 'marked-only');
    expect(refused.err).toContain('they are stranded, but Contoso Legal (the owning account) still sees them, so the owner chooses');
    expect(await server.context.conversations.isMember('ch-ct-deal', 'fb-bob')).toBe(true);
    const removed = await support('channel', 'remove-member', 'ch-ct-deal', 'BOB@fabrikam.example', '--force', '--operator', 'Sam Support', '--reason', 'TICKET-77');
    expect(removed.code).toBe(0);
    expect(removed.out).toBe('Removed Bob Alvarez (fb-bob) from #deal-room (ch-ct-deal), forced: they were not marked to remove.');
    await waitFor(() => bob.events.some((event) => event.type === 'conversation:changed'), 'Bob told');
    expect(json(await support('--json', 'channels', 'stranded'))).toEqual([]);
    expect(await server.federations.auditLog({})).toMatchObject([{ action: 'channel remove-member', operator: 'Sam Support', reason: 'TICKET-77', detail: { userId: 'fb-bob', stranded: true, marked: false } }]);
  });

  it('a group chat a federation held together is previewed, listed and cleaned up too: no owner, so nobody is marked', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const group = dataOf(await bella.request('group:create', { memberIds: ['nw-alice', 'nw-brian'] }));
    const title = 'Alice Nguyen, Bella Martins, Brian Okafor';

    const preview = await support('federation', 'delete', 'fed-nw-ct', '--ack-channel-cleanup', '--dry-run');
    expect(preview.out).toContain(`group chat of ${title} (${group.id}) will be stranded: 2 pairs of members (Contoso Legal, Northwind Health) will show to each other as UNKNOWN USER.`);
    await support('federation', 'delete', 'fed-nw-ct', '--ack-channel-cleanup');

    const stranded = json(await support('--json', 'channels', 'stranded', '--federation', 'fed-nw-ct'));
    const listed = stranded.find((entry) => entry.channelId === group.id);
    expect(listed).toMatchObject({ kind: 'group', name: title, accountId: null, accountName: null, ownerDecides: true });
    expect((listed!.members as Array<{ userId: string; remove: boolean }>).map((member) => [member.userId, member.remove])).toEqual([
      ['nw-alice', false],
      ['ct-bella', false],
      ['nw-brian', false],
    ]);
    expect((await support('channels', 'stranded')).out).toContain(`group chat of ${title} (${group.id}): it has no owning account; its members choose who leaves`);

    // A group chat has no owner to decide: its members choose, and support only forces it.
    expectRefusedBy(await support('channel', 'remove-member', group.id, 'bella@contoso.example'), 'marked-only');
    const removed = await support('channel', 'remove-member', group.id, 'bella@contoso.example', '--force', '--reason', 'TICKET-88');
    expect(removed.out).toBe(`Removed Bella Martins (ct-bella) from the group chat of ${title} (${group.id}), forced: they were not marked to remove.`);
    await waitFor(() => bella.events.some((event) => event.type === 'conversation:changed'), 'Bella told');
    expect(json(await support('--json', 'channels', 'stranded')).some((entry) => entry.channelId === group.id)).toBe(false);
    // Alice and Brian see each other: neither is stranded there any more.
    const refused = await support('channel', 'remove-member', group.id, 'nw-brian');
    expectRefusedBy(refused, 'marked-only');
    expect(refused.err).toContain('a group chat has no owning account');
  });

  it('a federation deleted strands the channels it held together, and marks the people the owning account no longer sees', async () => {
    await support('federation', 'delete', 'fed-ct-fb', '--ack-channel-cleanup');
    const stranded = json(await support('--json', 'channels', 'stranded', '--federation', 'fed-ct-fb'));
    expect(stranded.map((channel) => channel.name)).toEqual(['deal-room']);
    expect(stranded[0]).toMatchObject({ ownerDecides: false, pairs: [{ userId: 'ct-bella', doesNotSee: 'fb-bob' }] });
    // The people to remove first.
    expect(stranded[0]!.members).toEqual([
      { userId: 'fb-bob', displayName: 'Bob Alvarez', email: 'bob@fabrikam.example', accountId: '300300', accountName: 'Fabrikam Labs', doesNotSee: ['ct-bella'], remove: true },
      { userId: 'ct-bella', displayName: 'Bella Martins', email: 'bella@contoso.example', accountId: '200200', accountName: 'Contoso Legal', doesNotSee: ['fb-bob'], remove: false },
    ]);
    const printed = await support('channels', 'stranded', '--federation', 'fed-ct-fb');
    expect(printed.out).toMatch(/REMOVE {4}Bob Alvarez <bob@fabrikam\.example> \(fb-bob, Fabrikam Labs\): not seen by the owning account; does not see Bella Martins/);
    expect(printed.out).toMatch(/stranded {2}Bella Martins/);
  });

  it('channel remove-member refuses someone who is not stranded unless forced, and names the rule of every refusal', async () => {
    const refused = await support('channel', 'remove-member', 'ch-ct-deal', 'ct-bella');
    expectRefusedBy(refused, 'marked-only');
    expect(refused.err).toContain('they see every member of #deal-room and are seen by them');
    expect(refused.err).toContain('--force');
    expect(await server.context.conversations.isMember('ch-ct-deal', 'ct-bella')).toBe(true);
    expectRefusedBy(await support('channel', 'remove-member', 'ch-ct-deal', 'Bob Alvarez'), 'existing-user');
    expectRefusedBy(await support('channel', 'remove-member', 'ch-nowhere', 'fb-bob'), 'existing-channel');
    expectRefusedBy(await support('channel', 'remove-member', 'ch-nw-general', 'bob@fabrikam.example'), 'channel-member');
    expect(await auditActions()).toEqual([]);

    const forced = await support('channel', 'remove-member', 'ch-ct-deal', 'bella@contoso.example', '--force', '--reason', 'owner asked');
    expect(forced.code).toBe(0);
    expect(forced.out).toBe('Removed Bella Martins (ct-bella) from #deal-room (ch-ct-deal), forced: they were not marked to remove.');
    expect(await server.context.conversations.isMember('ch-ct-deal', 'ct-bella')).toBe(false);
    expect(await server.federations.auditLog({})).toMatchObject([{ action: 'channel remove-member', reason: 'owner asked', detail: { userId: 'ct-bella', stranded: false } }]);
  });
});

describe('audit', () => {
  it('records the operator and the reason of every change, and prints them', async () => {
    process.env.MERIDIAN_OPERATOR = 'Operator From Env';
    try {
      expect((await support('federation', 'delete', 'fed-ct-fb', '--ack-channel-cleanup', '--operator', 'Sam Support', '--reason', 'TICKET-1234')).code).toBe(0);
      expect((await support('user', 'remove', 'ts-dana', '--confirm', '--reason', 'left the company')).code).toBe(0);
    } finally {
      delete process.env.MERIDIAN_OPERATOR;
    }
    expect((await server.federations.auditLog({})).map(({ action, operator, reason }) => ({ action, operator, reason }))).toEqual([
      { action: 'federation delete', operator: 'Sam Support', reason: 'TICKET-1234' },
      { action: 'user remove', operator: 'Operator From Env', reason: 'left the company' },
    ]);
    const printed = await support('audit');
    expect(printed.out).toMatch(/^[\d-]+ [\d:]+Z {2}federation delete {2}fed-ct-fb {2}by Sam Support {2}— TICKET-1234\n {4}Deleted federation Contoso and Fabrikam \(fed-ct-fb\) of Contoso Legal \(200200\), Fabrikam Labs \(300300\)\. Channel clean-up acknowledged\./);
    expect(printed.out).toMatch(/[\d:]+Z {2}user remove {2}by Operator From Env {2}— left the company\n {4}Removed Dana Brooks of Tailspin Air \(400400\) <dana@tailspin\.example>; their sessions ended\./);
  });
});

describe('the federation API the test fixtures use', () => {
  it('names its own field when consents are missing, instead of throwing a TypeError or naming a console flag', async () => {
    const call = () => server.federations.create({ name: 'x', accountIds: ['100100', '300300'], confirmAllSeeAll: true } as never);
    await expect(call()).rejects.toThrow(InvalidArguments);
    await expect(call()).rejects.toThrow(/consents: one consent record per account involved/);
    let refusal: unknown;
    try {
      await server.federations.create({ name: 'x', accountIds: ['100100', '300300'], consents: [{ accountId: '100100', who: 'Ann', form: 'written' }], confirmAllSeeAll: true });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RuleRefusal);
    expect((refusal as RuleRefusal).rule).toBe('consent');
    expect((refusal as Error).message).toContain('`consents`');
    expect((refusal as Error).message).not.toContain('--consent');
    await expect(server.federations.create({ name: 'x', accountIds: ['100100', '300300'], consents: [{ accountId: '100100', who: 'Ann', form: 'email' }], confirmAllSeeAll: true } as never)).rejects.toThrow(
      /consents\.0\.form: is "written" or "verbal"/,
    );
  });
});

describe('channel members, remove-member and add-member (issue 21)', () => {
  it('remove-member takes only a member marked REMOVE without --force: never the owning account’s own member, whom it lists as stranded', async () => {
    // Contoso–Fabrikam ends: in deal-room (Contoso's), Bob of Fabrikam is now unseen by the owner (REMOVE);
    // Bella, Contoso's own member, is stranded too (she no longer sees Bob), but the channel is hers.
    expect((await support('federation', 'delete', 'fed-ct-fb', '--ack-channel-cleanup')).code).toBe(0);
    const members = await support('channel', 'members', 'ch-ct-deal');
    expect(members.code).toBe(0);
    expect(members.out).toMatch(/^#deal-room \(ch-ct-deal\), owned by Contoso Legal \(200200\), 3 members:/);
    expect(members.out).toMatch(/REMOVE\s+Bob Alvarez\s+bob@fabrikam\.example\s+fb-bob\s+Fabrikam Labs\s+Bella Martins/);
    expect(members.out).toMatch(/stranded\s+Bella Martins\s+bella@contoso\.example\s+ct-bella\s+Contoso Legal\s+Bob Alvarez/);
    // Alice never saw Bob (Northwind and Fabrikam were never federated): stranded, and Contoso's to decide.
    expect(members.out).toMatch(/stranded\s+Alice Nguyen\s+alice@northwind\.example\s+nw-alice\s+Northwind Health\s+Bob Alvarez/);

    const bella = await support('channel', 'remove-member', 'ch-ct-deal', 'ct-bella');
    expectRefusedBy(bella, 'marked-only');
    expect(bella.err).toContain('Bella Martins (ct-bella) is not marked to remove from #deal-room: they are stranded, but Contoso Legal (the owning account) still sees them, so the owner chooses. To remove them anyway, force it (--force).');
    expect(await server.context.conversations.isMember('ch-ct-deal', 'ct-bella')).toBe(true);

    // A dry run says what would happen, and changes nothing.
    const preview = await support('channel', 'remove-member', 'ch-ct-deal', 'fb-bob', '--dry-run');
    expect(preview.code).toBe(0);
    expect(preview.out).toBe('Dry run: nothing was changed. Would remove Bob Alvarez (fb-bob, Fabrikam Labs) from #deal-room (ch-ct-deal).');
    const previewRefused = await support('channel', 'remove-member', 'ch-ct-deal', 'ct-bella', '--dry-run');
    expect(previewRefused.code).toBe(0);
    expect(previewRefused.out).toContain('(rule: marked-only) Bella Martins (ct-bella) is not marked to remove');
    expect(await server.context.conversations.isMember('ch-ct-deal', 'fb-bob')).toBe(true);
    expect(await auditActions()).toEqual(['federation delete']);

    const removed = await support('channel', 'remove-member', 'ch-ct-deal', 'fb-bob');
    expect(removed.out).toBe('Removed Bob Alvarez (fb-bob) from #deal-room (ch-ct-deal).');
    expect(await server.context.conversations.isMember('ch-ct-deal', 'fb-bob')).toBe(false);
  });

  it('add-member brings a member back, live, after naming who will not see them; only with --confirm-unseen then', async () => {
    const bob = await server.signIn('bob@fabrikam.example');
    await server.federations.removeChannelMember({ channelId: 'ch-ct-deal', member: 'fb-bob', force: true });
    await waitFor(() => bob.events.some((event) => event.type === 'conversation:changed'), 'Bob told he left');
    expect(dataOf(await bob.request('conversation:list', {})).items.map((item) => item.id)).not.toContain('ch-ct-deal');

    const preview = await support('channel', 'add-member', 'ch-ct-deal', 'bob@fabrikam.example', '--dry-run');
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('Would add Bob Alvarez (fb-bob, Fabrikam Labs) to #deal-room (ch-ct-deal).');
    expect(preview.out).toContain('They and 1 member from Northwind Health will not see each other (UNKNOWN USER).');
    const refused = await support('channel', 'add-member', 'ch-ct-deal', 'bob@fabrikam.example');
    expectRefusedBy(refused, 'confirm-unseen');
    expect(refused.err).toContain('Bob Alvarez (Fabrikam Labs) will show as UNKNOWN USER to 1 member from Northwind Health, and see them so; confirm it (--confirm-unseen).');
    expect(await server.context.conversations.isMember('ch-ct-deal', 'fb-bob')).toBe(false);

    const before = bob.events.length;
    const added = await support('channel', 'add-member', 'ch-ct-deal', 'bob@fabrikam.example', '--confirm-unseen', '--reason', 'removed by mistake');
    expect(added.code, added.err).toBe(0);
    expect(added.out).toBe('Added Bob Alvarez (fb-bob) to #deal-room (ch-ct-deal).');
    await waitFor(() => bob.events.slice(before).some((event) => event.type === 'conversation:changed'), 'Bob told he is back');
    expect(dataOf(await bob.request('conversation:history', { conversationId: 'ch-ct-deal' })).messages.length).toBeGreaterThan(0);
    expectRefusedBy(await support('channel', 'add-member', 'ch-ct-deal', 'fb-bob'), 'not-yet-member');
    expect((await server.federations.auditLog({})).at(-1)).toMatchObject({ action: 'channel add-member', reason: 'removed by mistake', detail: { userId: 'fb-bob' } });

    // Someone everyone sees needs no confirmation.
    expect((await support('channel', 'add-member', 'ch-ct-deal', 'carl@contoso.example')).out).toBe('Added Carl Jensen (ct-carl) to #deal-room (ch-ct-deal).');
  });
});

describe('accounts and federations named by support (issue 21)', () => {
  it('account add makes a third account (its id chosen or made), and refuses one that exists', async () => {
    const added = await support('account', 'add', '--name', 'Woodgrove Bank', '--id', '500500', '--reason', 'new customer');
    expect(added.code, added.err).toBe(0);
    expect(added.out).toBe('Added account Woodgrove Bank (500500).');
    expect((await support('account', 'list')).out).toMatch(/500500\s+Woodgrove Bank\s+0/);
    const made = json(await support('--json', 'account', 'add', '--name', 'Litware'));
    expect(made.id).toMatch(/^\d{6}$/);
    expectRefusedBy(await support('account', 'add', '--name', 'Other', '--id', '500500'), 'unique-account');
    expectRefusedBy(await support('account', 'add', '--name', 'woodgrove bank'), 'unique-account-name');
    expect((await support('account', 'add', '--name', 'Bad', '--id', 'abc')).code).toBe(2);
    // …and people are added to it at once.
    expect((await support('user', 'add', '--account', '500500', '--name', 'Wen Li', '--email', 'wen@woodgrove.example', '--password', strong)).code).toBe(0);
    expect(await auditActions()).toEqual(['account add', 'account add', 'user add']);
  });

  it('federation create --id names it, so a delete written beforehand works every time it is re-created; rename renames it', async () => {
    const create = ['federation', 'create', '--id', 'fed-nw-fb', '--name', 'Northwind and Fabrikam', '--accounts', '100100,300300', '--consent', '100100=Ann Lee:written', '--consent', '300300=Bo Park:verbal', '--confirm-all-see-all'];
    for (let round = 0; round < 2; round++) {
      const created = json(await support('--json', ...create));
      expect(created.id).toBe('fed-nw-fb');
      expect((await support('federation', 'delete', 'fed-nw-fb', '--ack-channel-cleanup')).code).toBe(0);
    }
    expect(json(await support('--json', ...create)).id).toBe('fed-nw-fb');
    expectRefusedBy(await support(...create), 'unique-federation-id');
    expect((await support('federation', 'create', '--id', 'Fed With Spaces', '--name', 'x', '--accounts', '100100,300300')).code).toBe(2);

    const renamed = await support('federation', 'rename', 'fed-nw-fb', '--name', 'Northwind × Fabrikam', '--reason', 'TICKET-9');
    expect(renamed.out).toBe('Renamed federation fed-nw-fb from "Northwind and Fabrikam" to "Northwind × Fabrikam".');
    expect((await support('federation', 'list')).out).toMatch(/fed-nw-fb\s+Northwind × Fabrikam\s+100100,300300/);
    expectRefusedBy(await support('federation', 'rename', 'fed-nowhere', '--name', 'x'), 'existing-federation');
  });
});

describe('users, passwords and removal (issue 21)', () => {
  it('refuses a weak password, naming the rule; without one, makes one and prints it once, and it signs in', async () => {
    for (const weak of ['x', 'aaaaaaaaaaaaaaaa', 'password1234', 'rosa-diaz-2026!']) {
      const refused = await support('user', 'add', '--account', '200200', '--name', 'Rosa Diaz', '--email', 'rosa@contoso.example', '--password', weak);
      expectRefusedBy(refused, 'password-strength');
      expect(refused.err).toContain('leave --password out');
    }
    expect(server.context.directory.users.size).toBe(6);

    const added = await support('user', 'add', '--account', '200200', '--name', 'Rosa Diaz', '--email', 'rosa@contoso.example');
    expect(added.code, added.err).toBe(0);
    const password = /Their password, shown this once \(pass it on safely; it is not stored readable anywhere\): (\S+)$/.exec(added.out)?.[1];
    expect(password).toHaveLength(18);
    const rosa = await server.signIn('rosa@contoso.example', password);
    expect(rosa.connectionState).toBe('connected');
    expect(JSON.stringify(await server.federations.auditLog({}))).not.toContain(password);

    // From standard input, not the command line (nor the shell history).
    const piped = await supportWith({ readLine: async () => `${strong}\n` }, 'user', 'add', '--account', '200200', '--name', 'Sol Park', '--email', 'sol@contoso.example', '--password-stdin');
    expect(piped.code, piped.err).toBe(0);
    expect(piped.out).not.toContain('password');
    expect((await server.signIn('sol@contoso.example', strong)).connectionState).toBe('connected');
  });

  it('user remove shows what it would do and changes nothing until --confirm', async () => {
    const brian = await server.signIn('brian@northwind.example');
    const unconfirmed = await support('user', 'remove', 'brian@northwind.example');
    expectRefusedBy(unconfirmed, 'confirm-removal');
    expect(unconfirmed.out).toContain('Not removed. Removing Brian Okafor <brian@northwind.example> (nw-brian) of Northwind Health (100100) would:');
    expect(unconfirmed.out).toContain('end 1 session (1 connected now)');
    expect(unconfirmed.out).toContain('take them out of the search of Northwind Health, Contoso Legal');
    expect(unconfirmed.out).toContain('leave them listed in 1 channel or group chat (#general), their messages kept.');
    const dryRun = await support('user', 'remove', 'nw-brian', '--confirm', '--dry-run');
    expect(dryRun.code).toBe(0);
    expect(dryRun.out).toMatch(/^Dry run: nothing was changed\. Removing Brian Okafor/);
    expect(server.context.directory.user('nw-brian')).toBeDefined();
    expect(brian.connectionState).toBe('connected');
    expect(await auditActions()).toEqual([]);

    expect((await support('user', 'remove', 'nw-brian', '--confirm')).out).toBe('Removed user Brian Okafor (nw-brian).');
    expect(server.context.directory.user('nw-brian')).toBeUndefined();
  });
});

describe('what the console shows (issue 21)', () => {
  it('a usage error in a subcommand shows that subcommand’s usage, not the whole console’s', async () => {
    const missing = await support('user', 'add', '--account', '100100');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("required option '--name <name>' not specified");
    expect(missing.err).toContain('Usage: npm run support -- user add [options]');
    expect(missing.err).not.toContain('Commands:');
    // One the backend finds (an id of the wrong form) shows the same.
    const badId = await support('account', 'add', '--name', 'Bad', '--id', 'abc');
    expect(badId.code).toBe(2);
    expect(badId.err).toContain('an account id is 3 to 12 digits');
    expect(badId.err).toContain('Usage: npm run support -- account add [options]');
    // And one of the console's own (no token anywhere).
    rmSync(supportTokenFile(server.port, tokenFolder));
    const noToken = await support('channel', 'members', 'ch-ct-deal');
    expect(noToken.code).toBe(2);
    expect(noToken.err).toContain('A support token is needed');
    expect(noToken.err).toContain('Usage: npm run support -- channel members [options] <channelId>');
  });

  it('the audit log reads as sentences with names; --json keeps the detail; --federation includes the member removals that followed', async () => {
    await support('federation', 'delete', 'fed-ct-fb', '--ack-channel-cleanup', '--operator', 'Sam Support', '--reason', 'TICKET-1');
    await support('channel', 'remove-member', 'ch-ct-deal', 'fb-bob', '--operator', 'Sam Support', '--reason', 'TICKET-1 clean-up');
    await support('user', 'add', '--account', '100100', '--name', 'Nora Quinn', '--email', 'nora@northwind.example', '--password', strong);

    const printed = await support('audit');
    expect(printed.out).not.toContain('{');
    expect(printed.out).toContain('Removed Bob Alvarez of Fabrikam Labs (300300) from #deal-room (ch-ct-deal): stranded, marked to remove.');
    expect(printed.out).toContain('Added Nora Quinn of Northwind Health (100100) <nora@northwind.example>.');
    for (const line of printed.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(160);

    const federation = json(await support('--json', 'audit', '--federation', 'fed-ct-fb'));
    expect(federation.map((entry) => entry.action)).toEqual(['federation delete', 'channel remove-member']);
    expect(federation[1]).toMatchObject({ reason: 'TICKET-1 clean-up', detail: { userId: 'fb-bob', federationIds: ['fed-ct-fb'] } });
    // fed-nw-ct never held Bob: not its concern.
    expect(json(await support('--json', 'audit', '--federation', 'fed-nw-ct'))).toEqual([]);
  });

  it('finds the token a backend started from the command line left on this machine, and nobody types it', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'meridian-cli-tokens-'));
    const root = path.resolve(__dirname, '..', '..');
    const backend = spawn(process.execPath, cliArguments('--port', '0', '--db', ':memory:', '--seed', path.join(root, 'src-shared', 'testing', 'federation-basic.json')), {
      cwd: root,
      env: { ...process.env, MERIDIAN_SUPPORT_TOKEN_DIR: folder },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    backend.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    backend.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(() => /Listening on (http:\S+)/.test(output) || backend.exitCode !== null, 'the backend to start', 30_000);
      const url = /Listening on (http:\S+)/.exec(output)![1]!;
      const port = Number(new URL(url).port);
      expect(output).toContain(`npm run support reads it from ${supportTokenFile(port, folder)}`);
      const out: string[] = [];
      expect(await runConsole(['--server', url, 'account', 'list'], (text) => out.push(text), (text) => out.push(text), { tokenFolder: folder })).toBe(0);
      expect(out.join('\n')).toMatch(/100100\s+Northwind Health/);
      backend.kill('SIGTERM');
      await waitFor(() => backend.exitCode !== null, 'the backend to stop', 10_000);
      expect(existsSync(supportTokenFile(port, folder))).toBe(false);
    } finally {
      backend.kill('SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  }, 40_000);
});
