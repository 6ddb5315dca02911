import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basicSeed, dataOf, startTestServer, waitFor, type TestServer } from '../testing/testServer';
import { runConsole } from './console';

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
const auditActions = () => server.federations.auditLog({}).map((entry) => entry.action);

describe('federation create', () => {
  const create = ['federation', 'create', '--name', 'Northwind and Fabrikam', '--accounts', '100100,300300'];
  const consents = ['--consent', '100100=Ann Lee:written', '--consent', '300300=Bo Park:verbal'];

  it('creates a federation with consent and confirmation, audits it, and prints its id', async () => {
    const result = await support('--json', ...create, ...consents, '--confirm-all-see-all');
    expect(result.code).toBe(0);
    const created = json(result);
    expect(created.id).toMatch(/^fed-/);
    expect(server.context.directory.sees({ id: 'nw-alice', accountId: '100100' }, { accountId: '300300' })).toBe(true);
    const [entry] = server.federations.auditLog({ federationId: created.id as string });
    expect(entry?.detail).toMatchObject({ accounts: ['100100', '300300'], consents: [{ accountId: '100100', who: 'Ann Lee', form: 'written' }, { accountId: '300300', who: 'Bo Park', form: 'verbal' }] });
  });

  it.each<[string, string[], string]>([
    ['without a consent for every account', ['--consent', '100100=Ann Lee', '--confirm-all-see-all'], 'consent'],
    ['without the all-see-all confirmation', consents, 'confirm-all-see-all'],
  ])('is refused %s, with exit 1 and the rule named', async (_why, extra, rule) => {
    const result = await support(...create, ...extra);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`rule: ${rule}`);
    expect(server.context.directory.federations.size).toBe(2);
    expect(auditActions()).toEqual([]);
  });

  it.each<[string, string, string]>([
    ['one account', '100100', 'account-count'],
    ['an account twice', '100100,100100', 'distinct-accounts'],
    ['an account that does not exist', '100100,999999', 'existing-accounts'],
    ['eleven accounts', Array.from({ length: 11 }, (_, index) => String(index)).join(','), 'distinct-accounts'],
  ])('is refused for %s', async (_why, accounts, rule) => {
    const result = await support('federation', 'create', '--name', 'x', '--accounts', accounts, '--consent', '100100=A', '--confirm-all-see-all');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`rule: (${rule}|existing-accounts)`));
    expect(server.context.directory.federations.size).toBe(2);
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

  it('refuses a wrong support token', async () => {
    const out: string[] = [];
    const code = await runConsole(['--server', server.url, '--token', 'wrong', 'federation', 'list'], (text) => out.push(text), (text) => out.push(text));
    expect(code).toBe(1);
    expect(out.join('\n')).toContain('support token');
  });
});

describe('federation add-accounts, remove-accounts, delete', () => {
  it('needs consent for every account of the resulting federation, present ones included', async () => {
    const refused = await support('federation', 'add-accounts', 'fed-nw-ct', '--accounts', '400400', '--consent', '400400=Tia', '--confirm-all-see-all');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('rule: consent');
    const added = await support('federation', 'add-accounts', 'fed-nw-ct', '--accounts', '400400', '--consent', '400400=Tia', '--consent', '100100=Ann', '--consent', '200200=Cy:verbal', '--confirm-all-see-all');
    expect(added.code).toBe(0);
    expect(server.context.directory.sees({ id: 'ts-dana', accountId: '400400' }, { accountId: '100100' })).toBe(true);
  });

  it('refuses to pass 10 accounts', async () => {
    for (let index = 0; index < 9; index++) server.context.db.prepare('INSERT INTO accounts (id, name) VALUES (?, ?)').run(`9${index}`, `Extra ${index}`);
    server.context.directory.reload();
    const accounts = Array.from({ length: 9 }, (_, index) => `9${index}`);
    const consents = [...accounts, '100100', '200200'].flatMap((accountId) => ['--consent', `${accountId}=Someone`]);
    const result = await support('federation', 'add-accounts', 'fed-nw-ct', '--accounts', accounts.join(','), ...consents, '--confirm-all-see-all');
    expect(result.code).toBe(1);
    expect(result.err).toContain('rule: account-count');
  });

  it('removing accounts or deleting needs the channel-cleanup acknowledgement', async () => {
    const refused = await support('federation', 'delete', 'fed-ct-fb');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('rule: ack-channel-cleanup');
    expect(server.context.directory.federations.has('fed-ct-fb')).toBe(true);
    expect((await support('federation', 'delete', 'fed-ct-fb', '--ack-channel-cleanup')).code).toBe(0);
    expect(server.context.directory.federations.has('fed-ct-fb')).toBe(false);
    expect(auditActions()).toEqual(['federation delete']);
  });

  it('refuses to leave fewer than 2 accounts', async () => {
    const result = await support('federation', 'remove-accounts', 'fed-nw-ct', '--accounts', '100100', '--ack-channel-cleanup');
    expect(result.code).toBe(1);
    expect(result.err).toContain('rule: account-count');
  });

  it('tells connected clients at once: Alice no longer finds Bella', async () => {
    const alice = await server.signIn('alice@northwind.example');
    expect(dataOf(await alice.request('directory:search', { query: 'bella' })).people).toHaveLength(1);
    expect((await support('federation', 'delete', 'fed-nw-ct', '--ack-channel-cleanup')).code).toBe(0);
    await waitFor(() => alice.events.some((event) => event.type === 'directory:changed'), 'Alice told of the change');
    expect(dataOf(await alice.request('directory:search', { query: 'bella' })).people).toHaveLength(0);
    expect(await alice.request('person:card', { userId: 'ct-bella' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('users', () => {
  it('a user added appears in every federated account’s search at once; removed, disappears', async () => {
    const bella = await server.signIn('bella@contoso.example');
    const added = await support('--json', 'user', 'add', '--account', '100100', '--name', 'Nora Quinn', '--email', 'nora@northwind.example', '--password', 'pw', '--phone', '(415) 555-0109', '--extension', '1209');
    expect(added.code).toBe(0);
    await waitFor(() => bella.events.some((event) => event.type === 'directory:changed'), 'Bella told');
    const found = dataOf(await bella.request('directory:search', { query: 'nora' })).people;
    expect(found.map((person) => person.displayName)).toEqual(['Nora Quinn']);
    expect(found[0]).toMatchObject({ federated: true, phone: '+14155550109' });
    const bob = await server.signIn('bob@fabrikam.example');
    expect(dataOf(await bob.request('directory:search', { query: 'nora' })).people).toEqual([]);

    expect((await support('user', 'remove', json(added).id as string)).code).toBe(0);
    expect(dataOf(await bella.request('directory:search', { query: 'nora' })).people).toEqual([]);
  });

  it('refuses an email already used, or an extension taken in the account', async () => {
    const email = await support('user', 'add', '--account', '100100', '--name', 'X', '--email', 'ALICE@northwind.example', '--password', 'pw');
    expect(email.code).toBe(1);
    expect(email.err).toContain('rule: unique-email');
    const extension = await support('user', 'add', '--account', '100100', '--name', 'X', '--email', 'x@northwind.example', '--password', 'pw', '--extension', '1201');
    expect(extension.code).toBe(1);
    expect(extension.err).toContain('rule: unique-extension');
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
  it('lists deal-room (Alice and Bob do not see each other) and removes a member live', async () => {
    const stranded = json(await support('--json', 'channels', 'stranded'));
    expect(stranded.map((channel) => channel.name)).toEqual(['deal-room']);
    expect(stranded[0]!.pairs).toEqual([{ userId: 'fb-bob', doesNotSee: 'nw-alice' }]);
    // Alice (Northwind) and Bob (Fabrikam) were never federated together by fed-nw-ct: not its concern.
    expect(json(await support('--json', 'channels', 'stranded', '--federation', 'fed-nw-ct'))).toEqual([]);

    expect((await support('channel', 'remove-member', 'ch-ct-deal', 'fb-bob')).code).toBe(0);
    expect(json(await support('--json', 'channels', 'stranded'))).toEqual([]);
    expect(auditActions()).toEqual(['channel remove-member']);
  });

  it('a federation deleted strands the channels it held together', async () => {
    await support('federation', 'delete', 'fed-ct-fb', '--ack-channel-cleanup');
    const stranded = json(await support('--json', 'channels', 'stranded', '--federation', 'fed-ct-fb'));
    expect(stranded.map((channel) => channel.name)).toEqual(['deal-room']);
    expect(stranded[0]!.pairs).toEqual([{ userId: 'ct-bella', doesNotSee: 'fb-bob' }]);
  });
});
