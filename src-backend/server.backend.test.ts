import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from './server';
import { freshPostgresDatabase } from './testing/services';
import { cliArguments } from './testing/listening';
import { basicSeed, dataOf, startTestServer, testEngine, waitFor, type TestServer } from './testing/testServer';
import type { DemoDirectory } from '../src-shared/protocol/model';
import { sqliteDb } from './testing/sqlite';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(basicSeed());
});
afterEach(async () => {
  await server.close();
});

const names = (people: Array<{ displayName: string }>) => people.map((person) => person.displayName).sort();

describe('sign-in', () => {
  it('answers a good password with a token and the own card', async () => {
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Alice@Northwind.example', password: 'demo' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; data: { token: string; user: unknown } };
    expect(body.ok).toBe(true);
    expect(body.data.token).toMatch(/^[\w-]{40,}$/);
    expect(body.data.user).toMatchObject({ id: 'nw-alice', displayName: 'Alice Nguyen', extension: '1201', federated: false });
  });

  it.each([
    [{ email: 'alice@northwind.example', password: 'wrong' }, 401, 'unauthorized'],
    [{ email: 'nobody@northwind.example', password: 'demo' }, 401, 'unauthorized'],
    [{ email: 'alice@northwind.example' }, 400, 'bad_request'],
    [{ email: 'alice@northwind.example', password: 'demo', admin: true }, 400, 'bad_request'],
  ])('refuses %j', async (body, status, code) => {
    const response = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(response.status).toBe(400);
  });

  it('lists no demo people for a seed that is not demo data', async () => {
    const response = await fetch(`${server.url}/api/demo-people`);
    expect(await response.json()).toEqual({ ok: true, data: { people: [], accounts: [], federations: [] } });
  });

  it('refuses one-click demo sign-in unless the backend runs demo data', async () => {
    const response = await fetch(`${server.url}/api/demo-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@northwind.example' }) });
    expect(response.status).toBe(403);
  });

  it('signing out revokes the token at once', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const token = alice.sessionToken!;
    alice.signOut();
    await waitFor(async () => (await server.context.sessions.userIdOf(token)) === null, 'the token revoked');
    const socket = io(server.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    socket.close();
  });

  it('reports health', async () => {
    expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ ok: true });
  });
});

describe('an unauthenticated socket', () => {
  it.each([[{}], [{ token: 'x'.repeat(43) }]])('is refused with handshake auth %j', async (auth) => {
    const socket = io(server.url, { auth, transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    expect(socket.connected).toBe(false);
    socket.close();
  });
});

describe('directory search (SPEC 1 rules 1–2)', () => {
  const search = async (email: string, query: string) => {
    const client = await server.signIn(email);
    return dataOf(await client.request('directory:search', { query }));
  };

  it('Alice (Northwind) finds her own account and Contoso, ranked together, never Fabrikam or Tailspin', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const everyone = ['a', 'b', 'c', 'd', 'o'].map((letter) => alice.request('directory:search', { query: letter }));
    const found = new Set((await Promise.all(everyone)).flatMap((ack) => names(dataOf(ack).people)));
    expect([...found].sort()).toEqual(['Alice Nguyen', 'Bella Martins', 'Brian Okafor', 'Carl Jensen']);
  });

  it('marks federated people and names their account', async () => {
    const { people } = await search('alice@northwind.example', 'bella');
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ displayName: 'Bella Martins', federated: true, accountName: 'Contoso Legal', presence: 'away' });
  });

  it('is not transitive: Bob (Fabrikam) does not find Alice, Bella does find both', async () => {
    expect(names((await search('bob@fabrikam.example', 'alice')).people)).toEqual([]);
    expect(names((await search('bella@contoso.example', 'b')).people)).toEqual(['Bella Martins', 'Bob Alvarez', 'Brian Okafor']);
  });

  it('Dana (Tailspin, federated with nobody) finds only her own account', async () => {
    expect(names((await search('dana@tailspin.example', 'a')).people)).toEqual([]);
    expect(names((await search('dana@tailspin.example', 'dana')).people)).toEqual(['Dana Brooks']);
  });

  it('matches email by prefix and phone by digits', async () => {
    expect(names((await search('alice@northwind.example', 'carl@')).people)).toEqual(['Carl Jensen']);
    expect(names((await search('alice@northwind.example', '415555')).people)).toEqual(['Alice Nguyen', 'Brian Okafor']);
    expect(names((await search('alice@northwind.example', '(212) 555-0141')).people)).toEqual(['Bella Martins']);
  });

  it('says which number a search by digits matched, extensions only for the own account', async () => {
    const matched = async (email: string, query: string) => (await search(email, query)).people.map((person) => [person.displayName, person.matchedNumber]);
    expect(await matched('alice@northwind.example', '4155550301')).toEqual([['Alice Nguyen', { kind: 'mobile', display: '(415) 555-0301' }]]);
    expect(await matched('alice@northwind.example', '1202')).toEqual([['Brian Okafor', { kind: 'extension', display: '1202' }]]);
    expect(await matched('bella@contoso.example', '415555010')).toEqual([
      ['Alice Nguyen', { kind: 'phone', display: '(415) 555-0101' }],
      ['Brian Okafor', { kind: 'phone', display: '(415) 555-0102' }],
    ]);
    expect((await search('alice@northwind.example', 'bella')).people[0]?.matchedNumber).toBeNull();
  });

  it('matches extensions only within the own account', async () => {
    expect(names((await search('alice@northwind.example', '1201')).people)).toEqual(['Alice Nguyen']);
    expect(names((await search('alice@northwind.example', '2202')).people)).toEqual([]);
  });

  it('finds own-account public channels and own channels, never another account’s public channel', async () => {
    expect((await search('alice@northwind.example', 'general')).channels.map((channel) => channel.name)).toEqual(['general']);
    expect((await search('alice@northwind.example', 'contoso')).channels).toEqual([]);
    expect((await search('alice@northwind.example', 'deal')).channels.map((channel) => channel.name)).toEqual(['deal-room']);
    expect((await search('carl@contoso.example', 'contoso')).channels.map((channel) => channel.name)).toEqual(['contoso-news']);
    expect((await search('carl@contoso.example', 'deal')).channels).toEqual([]);
  });

  it('answers malformed payloads with an error acknowledgement', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const tooLong = await alice.request('directory:search', { query: 'x'.repeat(201) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const wrongType = await alice.request('directory:search', { query: 42 } as never);
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const extra = await alice.request('directory:search', { query: 'a', everyone: true } as never);
    expect(extra).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('contact card (SPEC 1 rule 3)', () => {
  it('shows a federated person without their extension', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const card = dataOf(await alice.request('person:card', { userId: 'ct-bella' }));
    expect(card).toMatchObject({ displayName: 'Bella Martins', federated: true, accountName: 'Contoso Legal', phone: '+12125550141', extension: null, statusMessage: 'In court' });
  });

  it('shows an own-account extension', async () => {
    const alice = await server.signIn('alice@northwind.example');
    expect(dataOf(await alice.request('person:card', { userId: 'nw-brian' }))).toMatchObject({ extension: '1202', federated: false });
  });

  it('refuses the card of a person the viewer does not see, exactly as for nobody', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const unseen = await alice.request('person:card', { userId: 'fb-bob' });
    const nobody = await alice.request('person:card', { userId: 'no-such-person' });
    expect(unseen).toEqual(nobody);
    expect(unseen).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('presence (SPEC 1 rule 4)', () => {
  it('a seeded presence holds until the first sign-in; then the chosen one; offline after the last client goes', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const brianBefore = dataOf(await alice.request('person:card', { userId: 'nw-brian' }));
    expect(brianBefore.presence).toBe('busy');
    // Alice shows Brian (his card, a chat): she watches him, and is answered with how he is now.
    expect(dataOf(await alice.request('presence:watch', { userIds: ['nw-brian'] }))).toMatchObject([{ id: 'nw-brian', presence: 'busy' }]);
    const brian = await server.signIn('brian@northwind.example');
    await waitFor(() => alice.events.some((event) => event.type === 'presence:changed' && event.payload.people.some((person) => person.id === 'nw-brian' && person.presence === 'available')), 'Brian available');
    brian.signOut();
    await waitFor(() => alice.events.some((event) => event.type === 'presence:changed' && event.payload.people.some((person) => person.id === 'nw-brian' && person.presence === 'offline')), 'Brian offline');
  });

  it('idle on every client shows Available as Away, never overrides a chosen status, and is never stored', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const phone = await server.signIn('bella@contoso.example');
    const laptop = await server.signIn('bella@contoso.example');
    const bellaAsSeen = async () => dataOf(await alice.request('person:card', { userId: 'ct-bella' })).presence;
    dataOf(await alice.request('presence:watch', { userIds: ['ct-bella'] }));
    expect(await bellaAsSeen()).toBe('available');
    dataOf(await phone.request('presence:idle', { idle: true }));
    expect(await bellaAsSeen()).toBe('available');
    dataOf(await laptop.request('presence:idle', { idle: true }));
    expect(await bellaAsSeen()).toBe('away');
    await waitFor(() => alice.events.some((event) => event.type === 'presence:changed' && event.payload.people.some((person) => person.id === 'ct-bella' && person.presence === 'away')), 'Alice told Bella is away');
    dataOf(await laptop.request('presence:set', { presence: 'busy', statusMessage: null }));
    expect(await bellaAsSeen()).toBe('busy');
    dataOf(await laptop.request('presence:set', { presence: 'available', statusMessage: null }));
    expect(await bellaAsSeen()).toBe('away');
    dataOf(await laptop.request('presence:idle', { idle: false }));
    expect(await bellaAsSeen()).toBe('available');
    phone.signOut();
    laptop.signOut();
    await waitFor(() => server.context.directory.presenceOf(server.context.directory.user('ct-bella')!) === 'offline', 'Bella offline');
    await server.signIn('bella@contoso.example');
    expect(await bellaAsSeen()).toBe('available');
  });

  it('is not sent to people who do not see the person, even when they ask to watch them', async () => {
    const bob = await server.signIn('bob@fabrikam.example');
    // Bob names Alice (not seen) and Bella (seen): only Bella is watched, and only her state comes back.
    expect(dataOf(await bob.request('presence:watch', { userIds: ['nw-alice', 'ct-bella'] })).map((person) => person.id)).toEqual(['ct-bella']);
    await server.signIn('alice@northwind.example');
    await server.signIn('bella@contoso.example');
    await waitFor(() => bob.events.some((event) => event.type === 'presence:changed' && event.payload.people.some((person) => person.id === 'ct-bella')), 'Bella online for Bob');
    expect(bob.events.some((event) => event.type === 'presence:changed' && event.payload.people.some((person) => person.id === 'nw-alice'))).toBe(false);
  });

  it('is sent only where someone is looking: to the clients that watch the person, and to the person’s own', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    const bellaPhone = await server.signIn('bella@contoso.example');
    const bellaLaptop = await server.signIn('bella@contoso.example');
    dataOf(await alice.request('presence:watch', { userIds: ['ct-bella'] }));
    dataOf(await bellaPhone.request('presence:set', { presence: 'dnd', statusMessage: 'Presenting' }));
    const told = (client: typeof alice) => client.events.some((event) => event.type === 'presence:changed' && event.payload.people.some((person) => person.id === 'ct-bella' && person.presence === 'dnd'));
    await waitFor(() => told(alice) && told(bellaLaptop), 'Alice (watching) and Bella’s other client to be told');
    // Brian sees Bella too, but shows her nowhere: he is not told.
    dataOf(await brian.request('directory:search', { query: 'zzz' }));
    expect(told(brian)).toBe(false);
    // Watching someone else instead, Alice hears no more of Bella.
    dataOf(await alice.request('presence:watch', { userIds: ['nw-brian'] }));
    const before = alice.events.length;
    dataOf(await bellaPhone.request('presence:set', { presence: 'available', statusMessage: null }));
    await waitFor(() => bellaLaptop.events.some((event) => event.type === 'presence:changed' && event.payload.people.some((person) => person.id === 'ct-bella' && person.presence === 'available')), 'Bella’s own client to be told');
    expect(alice.events.slice(before).some((event) => event.type === 'presence:changed')).toBe(false);
  });
});

describe('demo data', () => {
  it('lists its people by company and who is federated with whom, without any password, and signs a listed person in with one click', async () => {
    const demo = await startTestServer(basicSeed(), { demo: true });
    try {
      const listed = (await (await fetch(`${demo.url}/api/demo-people`)).json()) as { data: DemoDirectory };
      expect(listed.data.people.find((person) => person.displayName === 'Alice Nguyen')).toMatchObject({ accountId: '100100', accountName: 'Northwind Health' });
      expect(listed.data.accounts.map((account) => account.name)).toEqual(['Contoso Legal', 'Fabrikam Labs', 'Northwind Health', 'Tailspin Air']);
      expect(listed.data.federations).toEqual([
        { id: 'fed-ct-fb', name: 'Contoso and Fabrikam', accountIds: ['200200', '300300'] },
        { id: 'fed-nw-ct', name: 'Northwind and Contoso', accountIds: ['100100', '200200'] },
      ]);
      expect(JSON.stringify(listed)).not.toMatch(/password|"demo"/);
      const response = await fetch(`${demo.url}/api/demo-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@northwind.example' }) });
      expect(response.status).toBe(200);
      const unlisted = await fetch(`${demo.url}/api/demo-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@northwind.example' }) });
      expect(unlisted.status).toBe(403);
      // The demo's one table of its own (SQLite's catalogue; PostgreSQL's schema is its migrations').
      if (testEngine === 'sqlite') expect(sqliteDb(demo.context).prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'demo%'").all()).toEqual([{ name: 'demo_people' }]);
    } finally {
      await demo.close();
    }
  });
});

describe('the browser build', () => {
  it('serves its page with a fresh style nonce, the same in the page and in its policy; its assets with the plain policy', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'meridian-web-'));
    writeFileSync(path.join(folder, 'index.html'), '<!doctype html><meta property="csp-nonce" nonce="MERIDIAN_CSP_NONCE"><script type="module" src="./app.js" nonce="MERIDIAN_CSP_NONCE"></script>');
    writeFileSync(path.join(folder, 'app.js'), 'export {};');
    const web = await startTestServer(basicSeed(), { webRoot: folder });
    try {
      const nonces: string[] = [];
      for (const page of ['/', '/index.html', '/some/route/of/the/app']) {
        const response = await fetch(`${web.url}${page}`);
        const html = await response.text();
        const nonce = /nonce="([^"]+)"/.exec(html)![1]!;
        expect(html).not.toContain('MERIDIAN_CSP_NONCE');
        expect(html.match(new RegExp(`nonce="${nonce}"`, 'g'))).toHaveLength(2);
        expect(response.headers.get('content-security-policy')).toContain(`style-src 'self' 'nonce-${nonce}';`);
        expect(response.headers.get('cache-control')).toBe('no-store');
        nonces.push(nonce);
      }
      expect(new Set(nonces).size).toBe(3);
      const asset = await fetch(`${web.url}/app.js`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-security-policy')).toContain("style-src 'self';");
      expect((await fetch(`${web.url}/missing.js`)).status).toBe(404);
    } finally {
      await web.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('serves its service worker as it is on disk now, never to be cached on the way (a new deployment reaches browsers at once)', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'meridian-web-'));
    writeFileSync(path.join(folder, 'index.html'), '<!doctype html><title>Meridian</title>');
    writeFileSync(path.join(folder, 'sw.js'), 'self.version = 1;');
    const web = await startTestServer(basicSeed(), { webRoot: folder });
    try {
      const first = await fetch(`${web.url}/sw.js`);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(first.headers.get('cache-control')).toBe('no-cache');
      expect(first.headers.get('content-security-policy')).toContain("connect-src 'self'");
      expect(await first.text()).toBe('self.version = 1;');
      // Deployed anew while the server runs: the next request has it, bytes and length.
      writeFileSync(path.join(folder, 'sw.js'), 'self.version = 22;');
      expect(await (await fetch(`${web.url}/sw.js`)).text()).toBe('self.version = 22;');
      rmSync(path.join(folder, 'sw.js'));
      const gone = await fetch(`${web.url}/sw.js`);
      expect(gone.status).toBe(404);
      expect(await gone.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await web.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the CLI on PostgreSQL (--database-url)', () => {
  const root = path.resolve(__dirname, '..');

  /** Starts the CLI, signs Alice in once it listens, and stops it: the sign-in's status, and what it printed. */
  const signInThrough = (args: string[]) =>
    new Promise<{ status: number; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, cliArguments(...args), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      let asked = false;
      // tsx compiling the backend on a busy machine takes a while: long enough, but bounded.
      const timer = setTimeout(() => child.kill(), 100_000);
      const take = (chunk: Buffer) => {
        output += chunk.toString();
        const url = /Listening on (http:\S+)/.exec(output)?.[1];
        if (!url || asked) return;
        asked = true;
        fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@northwind.example', password: 'demo' }) }).then(
          (response) => {
            clearTimeout(timer);
            child.kill();
            resolve({ status: response.status, output });
          },
          reject,
        );
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.on('exit', () => !asked && resolve({ status: 0, output }));
    });

  it.skipIf(testEngine !== 'postgres')('loads --seed into an empty PostgreSQL database, and started again without it serves the same people', { timeout: 150_000 }, async () => {
    const database = await freshPostgresDatabase(process.env.MERIDIAN_TEST_POSTGRES_SERVER!);
    onTestFinished(() => database.drop());
    const files = mkdtempSync(path.join(os.tmpdir(), 'meridian-cli-files-'));
    onTestFinished(() => rmSync(files, { recursive: true, force: true }));
    const seedFile = path.join(root, 'src-shared', 'testing', 'federation-basic.json');
    const first = await signInThrough(['--database-url', database.url, '--seed', seedFile, '--port', '0', '--files-dir', files]);
    expect(first.output).toContain('Data in PostgreSQL: postgres://');
    expect(first.status).toBe(200);
    // Started again on that database without a seed: the same people, not the demo data.
    const again = await startServer({ db: ':memory:', databaseUrl: database.url, port: 0, webRoot: null, filesDir: files });
    onTestFinished(() => again.close());
    expect(again.context.directory.user('nw-alice')?.displayName).toBe('Alice Nguyen');
    expect((await again.context.store.readMeta('demo')) ?? null).toBeNull();
  });
});
