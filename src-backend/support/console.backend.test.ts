import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidArguments, RuleRefusal } from '../federation/federationService';
import type { DryRun } from '../federation/federationService';
import { basicSeed, dataOf, startTestServer, waitFor, type TestServer } from '../testing/testServer';
import { runConsole } from './console';
import { sqliteDb } from '../testing/sqlite';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(basicSeed(), { supportToken: 'support-token-for-tests' });
});
afterEach(async () => {
  await server.close();
});

/** Runs the console against the test server; gives its exit status and what it printed. */
async function support(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runConsole(['--server', server.url, '--token', 'support-token-for-tests', ...args], (text) => out.push(text), (text) => err.push(text));
  return { code, out: out.join('\n'), err: err.join('\n') };
}
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
    const code = await runConsole(['--server', server.url, '--token', 'wrong', 'federation', 'list'], (text) => out.push(text), (text) => out.push(text));
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('rule: support-token');
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
    for (let index = 0; index < 9; index++) sqliteDb(server.context).prepare('INSERT INTO accounts (id, name) VALUES (?, ?)').run(`9${index}`, `Extra ${index}`);
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
  it('a user added appears in every federated account’s search at once; removed, disappears; both print a sentence', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const added = await support('--json', 'user', 'add', '--account', '100100', '--name', 'Nora Quinn', '--email', 'nora@northwind.example', '--password', 'pw', '--phone', '(415) 555-0109', '--extension', '1209');
    expect(added.code).toBe(0);
    await waitFor(() => bella.events.some((event) => event.type === 'directory:changed'), 'Bella told');
    const found = dataOf(await bella.request('directory:search', { query: 'nora' })).people;
    expect(found.map((person) => person.displayName)).toEqual(['Nora Quinn']);
    expect(found[0]).toMatchObject({ federated: true, phone: '+14155550109' });
    const bob = await server.signIn('bob@fabrikam.example');
    expect(dataOf(await bob.request('directory:search', { query: 'nora' })).people).toEqual([]);

    const removed = await support('user', 'remove', json(added).id as string);
    expect(removed.code).toBe(0);
    expect(removed.out).toBe(`Removed user Nora Quinn (${json(added).id as string}).`);
    expect(dataOf(await bella.request('directory:search', { query: 'nora' })).people).toEqual([]);
    const human = await support('user', 'add', '--account', '300300', '--name', 'Ola Berg', '--email', 'ola@fabrikam.example', '--password', 'pw');
    expect(human.out).toMatch(/^Added Ola Berg <ola@fabrikam\.example> \(u-[0-9a-f]+\) to Fabrikam Labs \(300300\)\.$/);
  });

  it('refuses an email already used, or an extension taken in the account', async () => {
    expectRefusedBy(await support('user', 'add', '--account', '100100', '--name', 'X', '--email', 'ALICE@northwind.example', '--password', 'pw'), 'unique-email');
    expectRefusedBy(await support('user', 'add', '--account', '100100', '--name', 'X', '--email', 'x@northwind.example', '--password', 'pw', '--extension', '1201'), 'unique-extension');
    expectRefusedBy(await support('user', 'add', '--account', '999999', '--name', 'X', '--email', 'x@nowhere.example', '--password', 'pw'), 'existing-account');
    expectRefusedBy(await support('user', 'remove', 'nobody'), 'existing-user');
  });

  it('a removed user’s connections end and their token stops working', async () => {
    const brian = await server.signIn('brian@northwind.example');
    expect((await support('user', 'remove', 'nw-brian')).code).toBe(0);
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

    const bob = await server.signIn('bob@fabrikam.example');
    const removed = await support('channel', 'remove-member', 'ch-ct-deal', 'BOB@fabrikam.example', '--operator', 'Sam Support', '--reason', 'TICKET-77');
    expect(removed.code).toBe(0);
    expect(removed.out).toBe('Removed Bob Alvarez (fb-bob) from #deal-room (ch-ct-deal).');
    await waitFor(() => bob.events.some((event) => event.type === 'conversation:changed'), 'Bob told');
    expect(json(await support('--json', 'channels', 'stranded'))).toEqual([]);
    expect(await server.federations.auditLog({})).toMatchObject([{ action: 'channel remove-member', operator: 'Sam Support', reason: 'TICKET-77', detail: { userId: 'fb-bob', stranded: true } }]);
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

    const removed = await support('channel', 'remove-member', group.id, 'bella@contoso.example', '--reason', 'TICKET-88');
    expect(removed.out).toBe(`Removed Bella Martins (ct-bella) from the group chat of ${title} (${group.id}).`);
    await waitFor(() => bella.events.some((event) => event.type === 'conversation:changed'), 'Bella told');
    expect(json(await support('--json', 'channels', 'stranded')).some((entry) => entry.channelId === group.id)).toBe(false);
    // Alice and Brian see each other: neither is stranded there any more.
    const refused = await support('channel', 'remove-member', group.id, 'nw-brian');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('sees every member of the group chat of Alice Nguyen, Brian Okafor');
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
    expectRefusedBy(refused, 'stranded-only');
    expect(refused.err).toContain('--force');
    expect(await server.context.conversations.isMember('ch-ct-deal', 'ct-bella')).toBe(true);
    expectRefusedBy(await support('channel', 'remove-member', 'ch-ct-deal', 'Bob Alvarez'), 'existing-user');
    expectRefusedBy(await support('channel', 'remove-member', 'ch-nowhere', 'fb-bob'), 'existing-channel');
    expectRefusedBy(await support('channel', 'remove-member', 'ch-nw-general', 'bob@fabrikam.example'), 'channel-member');
    expect(await auditActions()).toEqual([]);

    const forced = await support('channel', 'remove-member', 'ch-ct-deal', 'bella@contoso.example', '--force', '--reason', 'owner asked');
    expect(forced.code).toBe(0);
    expect(forced.out).toBe('Removed Bella Martins (ct-bella) from #deal-room (ch-ct-deal), forced: they were not stranded.');
    expect(await server.context.conversations.isMember('ch-ct-deal', 'ct-bella')).toBe(false);
    expect(await server.federations.auditLog({})).toMatchObject([{ action: 'channel remove-member', reason: 'owner asked', detail: { userId: 'ct-bella', stranded: false } }]);
  });
});

describe('audit', () => {
  it('records the operator and the reason of every change, and prints them', async () => {
    process.env.MERIDIAN_OPERATOR = 'Operator From Env';
    try {
      expect((await support('federation', 'delete', 'fed-ct-fb', '--ack-channel-cleanup', '--operator', 'Sam Support', '--reason', 'TICKET-1234')).code).toBe(0);
      expect((await support('user', 'remove', 'ts-dana', '--reason', 'left the company')).code).toBe(0);
    } finally {
      delete process.env.MERIDIAN_OPERATOR;
    }
    expect((await server.federations.auditLog({})).map(({ action, operator, reason }) => ({ action, operator, reason }))).toEqual([
      { action: 'federation delete', operator: 'Sam Support', reason: 'TICKET-1234' },
      { action: 'user remove', operator: 'Operator From Env', reason: 'left the company' },
    ]);
    const printed = await support('audit');
    expect(printed.out).toMatch(/^at\s+action\s+federationId\s+operator\s+reason\s+detail/);
    expect(printed.out).toMatch(/federation delete\s+fed-ct-fb\s+Sam Support\s+TICKET-1234/);
    expect(printed.out).toMatch(/user remove\s+Operator From Env\s+left the company/);
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
