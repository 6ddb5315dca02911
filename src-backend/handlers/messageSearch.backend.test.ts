/**
 * Message search (SPEC 7) over the basic seed: Alice (Northwind) is in general, deal-room (with
 * Bob of Fabrikam, whom she does not see) and a 1:1 chat with Bella (Contoso); Carl (Contoso)
 * is in none of them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageSearchHit } from '../../src-shared/protocol/model';
import { directConversationId } from '../domain/conversationIds';
import { basicSeed, dataOf, relaxedLimits, startTestServer, testEngine, type TestClient, type TestServer } from '../testing/testServer';
import { sqliteDb } from '../testing/sqlite';
import type { PostgresStore } from '../store/postgres/postgresStore';
import { indexWords } from '../domain/messageSearch';
import { CompiledQuery, sql } from 'kysely';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer(basicSeed(), { limits: relaxedLimits });
});
afterEach(async () => {
  await server.close();
});

const dealRoom = 'ch-ct-deal';
const chat = directConversationId('nw-alice', 'ct-bella');
let sent = 0;
const send = async (client: TestClient, conversationId: string, text: string, extra: Record<string, string> = {}) =>
  dataOf(await client.request('message:send', { conversationId, clientId: `search-test-${++sent}`, text, ...extra }));
const search = async (client: TestClient, query: string, filters: { conversationId?: string; authorId?: string; cursor?: string; limit?: number } = {}) =>
  dataOf(await client.request('message:search', { query, ...filters }));
const texts = (hits: MessageSearchHit[]) => hits.map((hit) => hit.message.text);
const marked = (hit: MessageSearchHit) => hit.highlights.map(([start, end]) => hit.excerpt.slice(start, end));

/** `count` messages by Carl in a Contoso channel Alice is not in, written straight to the store of either engine (with their search entries). */
async function addOthersMessages(count: number, text: (index: number) => string): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  if (testEngine === 'postgres') {
    const db = (server.context.store as PostgresStore).db;
    await db.insertInto('conversations').values({ id: 'ch-others', kind: 'channel', name: 'others', account_id: '200200', visibility: 'private', created_at: at }).execute();
    await db.insertInto('conversation_members').values({ conversation_id: 'ch-others', user_id: 'ct-carl', joined_at: at }).execute();
  } else {
    const db = sqliteDb(server.context);
    db.prepare(`INSERT INTO conversations (id, kind, name, account_id, visibility, created_at) VALUES ('ch-others', 'channel', 'others', '200200', 'private', '${at}')`).run();
    db.prepare(`INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES ('ch-others', 'ct-carl', '${at}')`).run();
  }
  await addMessages('ch-others', 'ct-carl', count, text);
}

/** `count` messages by one author in a conversation, numbered after its last, written straight to the store of either engine (with their search entries). */
async function addMessages(conversationId: string, authorId: string, count: number, text: (index: number) => string): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  const first = 1_000_000;
  if (testEngine === 'postgres') {
    const db = (server.context.store as PostgresStore).db;
    for (let start = first; start < first + count; start += 2000) {
      const indexes = Array.from({ length: Math.min(2000, first + count - start) }, (_, offset) => start + offset);
      await sql`INSERT INTO messages (id, conversation_id, seq, author_id, text, created_at, search)
                SELECT ${conversationId} || '-' || i, ${conversationId}, i, ${authorId}, t, ${at}, array_to_tsvector(string_to_array(w, ' '))
                  FROM unnest(${indexes}::int[], ${indexes.map(text)}::text[], ${indexes.map((index) => indexWords(conversationId, authorId, text(index), null))}::text[]) AS x(i, t, w)`.execute(db);
    }
    return;
  }
  const db = sqliteDb(server.context);
  const insert = db.prepare(`INSERT INTO messages (id, conversation_id, seq, author_id, text, created_at) VALUES (?, ?, ?, ?, ?, '${at}')`);
  db.transaction(() => {
    for (let index = first; index < first + count; index++) insert.run(`${conversationId}-${index}`, conversationId, index, authorId, text(index));
  })();
}

async function upload(client: TestClient, conversationId: string, name: string): Promise<string> {
  const url = new URL('/api/files', server.url);
  url.searchParams.set('conversationId', conversationId);
  url.searchParams.set('name', name);
  const answer = (await (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${client.sessionToken}`, 'content-type': 'text/plain' }, body: 'bytes' })).json()) as { data: { id: string } };
  return answer.data.id;
}

describe('message search', () => {
  it('finds words of messages, newest first, each shown as its conversation shows it', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    await send(bella, dealRoom, 'The second draft has the new indemnity clause.');
    const found = await search(alice, 'draft');
    expect(texts(found.items)).toEqual(['The second draft has the new indemnity clause.', 'Draft is in the folder.']);
    const [newest, oldest] = found.items as [MessageSearchHit, MessageSearchHit];
    expect(newest).toMatchObject({ conversation: { id: dealRoom, kind: 'channel', title: 'deal-room' }, message: { author: { displayName: 'Bella Martins' } } });
    expect(marked(newest)).toEqual(['draft']);
    // Bob's message: found, its author UNKNOWN USER, nothing of his in the answer.
    expect(oldest.message.author).toMatchObject({ kind: 'unknown', displayName: 'UNKNOWN USER' });
    expect(JSON.stringify(found)).not.toMatch(/fb-bob|Bob|Alvarez|Fabrikam/);
    // Words by their stem, whatever the case or accents; all words must be there.
    expect(texts((await search(alice, 'DRAFTS clauses')).items)).toEqual(['The second draft has the new indemnity clause.']);
    expect(texts((await search(alice, 'draft folder')).items)).toEqual(['Draft is in the folder.']);
    await send(alice, 'ch-nw-general', 'Le résumé est prêt');
    expect(texts((await search(alice, 'resume pret')).items)).toEqual(['Le résumé est prêt']);
  });

  it('finds shared files by name, and replies as well as messages of the log', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const fileId = await upload(alice, 'ch-nw-general', 'Quarterly-Budget.xlsx');
    await send(alice, 'ch-nw-general', '', { fileId });
    const root = await send(alice, 'ch-nw-general', 'Who owns the rota?');
    await send(alice, 'ch-nw-general', 'Brian owns the rota now.', { threadId: root.id });
    const byFile = (await search(alice, 'budget')).items;
    expect(byFile).toHaveLength(1);
    expect(byFile[0]).toMatchObject({ excerpt: 'Quarterly-Budget.xlsx', message: { file: { name: 'Quarterly-Budget.xlsx' } } });
    expect(marked(byFile[0]!)).toEqual(['Budget']);
    const rota = (await search(alice, 'rota')).items;
    expect(rota.map((hit) => [hit.message.text, hit.message.threadId])).toEqual([
      ['Brian owns the rota now.', root.id],
      ['Who owns the rota?', null],
    ]);
  });

  it('searches only conversations the viewer is a member of now and may open', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const carl = await server.signIn('carl@contoso.example');
    expect((await search(carl, 'draft')).items).toEqual([]);
    expect((await search(alice, 'talk')).items.map((hit) => [hit.conversation.id, hit.conversation.title])).toEqual([[chat, 'Bella Martins']]);

    // A federation change hides the 1:1 chat with Bella: its messages are not searched; they come back with it.
    await server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
    expect((await search(alice, 'talk')).items).toEqual([]);
    // Deal-room stays (Bella is UNKNOWN USER there now, and in what search shows).
    const inDealRoom = await search(alice, 'draft');
    expect(texts(inDealRoom.items)).toEqual(['Draft is in the folder.']);
    expect(JSON.stringify(inDealRoom)).not.toMatch(/Bella|Martins|Contoso/);
    await server.federations.create({ name: 'back', accountIds: ['100100', '200200'], consents: [{ accountId: '100100', who: 'A', form: 'written' }, { accountId: '200200', who: 'B', form: 'written' }], confirmAllSeeAll: true });
    expect(texts((await search(alice, 'talk')).items)).toEqual(['Hi Alice, can we talk today?']);

    // Leaving a channel leaves its messages behind.
    dataOf(await alice.request('channel:leave', { channelId: dealRoom }));
    expect((await search(alice, 'draft')).items).toEqual([]);
    // Never an error for what a query holds: FTS5's own syntax is only words here.
    for (const query of ['"', 'AND', 'draft*', 'NEAR(draft folder)', '{text}: x', 'conversation : x', '^x', '-x', '😀']) {
      expect((await alice.request('message:search', { query })).ok, query).toBe(true);
    }
  });

  it('filters by conversation and by person, and pages newest first', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const brian = await server.signIn('brian@northwind.example');
    for (let index = 1; index <= 5; index++) await send(alice, 'ch-nw-general', `ward report ${index}`);
    for (let index = 1; index <= 3; index++) await send(brian, 'ch-nw-general', `ward report from Brian ${index}`);
    await send(alice, dealRoom, 'ward report for the deal');

    expect(texts((await search(alice, 'ward', { conversationId: dealRoom })).items)).toEqual(['ward report for the deal']);
    expect(texts((await search(alice, 'ward', { authorId: 'nw-brian' })).items)).toEqual(['ward report from Brian 3', 'ward report from Brian 2', 'ward report from Brian 1']);
    expect(await alice.request('message:search', { query: 'ward', authorId: 'fb-bob' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await brian.request('message:search', { query: 'ward', conversationId: dealRoom })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(alice, 'ward', { limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...texts(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      'ward report for the deal',
      'ward report from Brian 3',
      'ward report from Brian 2',
      'ward report from Brian 1',
      'ward report 5',
      'ward report 4',
      'ward report 3',
      'ward report 2',
      'ward report 1',
    ]);
    expect(await alice.request('message:search', { query: 'ward', cursor: 'not-a-cursor' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('follows edits and deletions', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const message = await send(alice, 'ch-nw-general', 'meet at the cafeteria');
    dataOf(await alice.request('message:edit', { messageId: message.id, text: 'meet at the atrium' }));
    expect((await search(alice, 'cafeteria')).items).toEqual([]);
    expect(texts((await search(alice, 'atrium')).items)).toEqual(['meet at the atrium']);
    dataOf(await alice.request('message:delete', { messageId: message.id }));
    expect((await search(alice, 'atrium')).items).toEqual([]);
  });

  // On both engines (issue 22 #2): PostgreSQL's tsvector is keyed by conversation as FTS5's index is.
  it('issue 18 #2: a search that finds nothing takes no longer however often others use the word where the viewer cannot read', { timeout: 90_000 }, async () => {
    const alice = await server.signIn('alice@northwind.example');
    // 40,000 messages with "meeting" in a channel of Contoso that Alice is not in.
    await addOthersMessages(40_000, (index) => `the weekly meeting moved, note ${index}`);
    const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    // CPU time of this process, which runs the server too: wall time also counted whatever else the
    // machine ran (beside a busy process, 17 ms against 1.3 ms once, with the suites side by side).
    const timed = async (query: string) => {
      const started = process.cpuUsage();
      expect((await search(alice, query)).items).toEqual([]);
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000;
    };
    const common: number[] = [];
    const absent: number[] = [];
    for (let round = 0; round < 15; round++) {
      common.push(await timed('meeting'));
      absent.push(await timed('zebra'));
    }
    // Before issue 18 the index was walked through every use of the word: about 100 ms here,
    // against well under a millisecond for a word nobody used.
    expect(median(common)).toBeLessThan(median(absent) * 3 + 5);
  });

  it.skipIf(testEngine !== 'postgres')('issue 22 #2: on PostgreSQL a search that finds nothing reads no more pages of index or table when others use the word 40,000 times where the viewer cannot read', { timeout: 90_000 }, async () => {
    await server.close();
    const statements: Array<{ sql: string; parameters: readonly unknown[] }> = [];
    server = await startTestServer(basicSeed(), { limits: relaxedLimits, sqlTrace: (text, parameters = []) => void statements.push({ sql: text, parameters }) });
    const alice = await server.signIn('alice@northwind.example');
    await addOthersMessages(40_000, (index) => `the weekly meeting moved, note ${index}`);
    // And Alice's own channel is as long, without the word: no way round the index but its keys.
    await addMessages('ch-nw-general', 'nw-brian', 40_000, (index) => `the weekly report moved, note ${index}`);
    const db = (server.context.store as PostgresStore).db;
    await sql`ANALYZE messages`.execute(db);
    /** The pages (buffers) PostgreSQL touched running the search the server ran for this query, found in its trace. */
    const pagesRead = async (query: string) => {
      statements.length = 0;
      expect((await search(alice, query)).items).toEqual([]);
      const ran = statements.find((statement) => statement.sql.includes('@@'));
      if (!ran) throw new Error('the search statement was not traced');
      const explained = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }> }>(
        CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${ran.sql}`, [...ran.parameters]),
      );
      const top = explained.rows[0]!['QUERY PLAN'][0]!.Plan;
      return top['Shared Hit Blocks'] + top['Shared Read Blocks'];
    };
    const absent = await pagesRead('zebra');
    const common = await pagesRead('meeting');
    // Keyed by conversation, the common word costs what the absent one does, a few pages of the
    // index (10 here); unkeyed, or walking the table newest first, it read thousands (4,567 before issue 22 #2).
    expect(common).toBeLessThanOrEqual(absent + 5);
    expect(common).toBeLessThan(50);
  });

  it('issue 22 #2: on either engine a search reads only the viewer’s conversations: the word others use elsewhere is not found, the viewer’s own use is', async () => {
    const alice = await server.signIn('alice@northwind.example');
    await addOthersMessages(50, (index) => `quarterly zeppelin budget ${index}`);
    expect((await search(alice, 'zeppelin')).items).toEqual([]);
    await send(alice, 'ch-nw-general', 'the zeppelin budget is approved');
    expect(texts((await search(alice, 'zeppelin budget')).items)).toEqual(['the zeppelin budget is approved']);
    // The author filter is keyed by conversation the same way: Carl wrote it, where Alice cannot read.
    expect(texts((await search(alice, 'zeppelin', { authorId: 'ct-carl' })).items)).toEqual([]);
  });

  it('issue 18 #8: a page cursor is the last message shown, nothing that counts other people\'s messages', async () => {
    const alice = await server.signIn('alice@northwind.example');
    const carl = await server.signIn('carl@contoso.example');
    for (let index = 1; index <= 3; index++) {
      await send(alice, 'ch-nw-general', `ward round ${index}`);
      // Carl writes where Alice cannot read, between her messages.
      await send(carl, 'ch-ct-public', `ward ${index}`);
    }
    const first = await search(alice, 'ward', { limit: 2 });
    expect(texts(first.items)).toEqual(['ward round 3', 'ward round 2']);
    const decoded: unknown = JSON.parse(Buffer.from(first.nextCursor!, 'base64url').toString('utf8'));
    expect(decoded).toEqual([first.items[1]!.message.id]);
    expect(texts((await search(alice, 'ward', { limit: 2, cursor: first.nextCursor! })).items)).toEqual(['ward round 1']);
    // A cursor naming a message Alice cannot read is refused, as is one of a conversation outside a filter.
    const carlsCursor = (await search(carl, 'ward', { limit: 1 })).nextCursor!;
    expect(await alice.request('message:search', { query: 'ward', cursor: carlsCursor })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await alice.request('message:search', { query: 'ward', conversationId: dealRoom, cursor: first.nextCursor! })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
