/**
 * Download links from configuration (SPEC 10, issue 22 #5): servers given the same signing key
 * accept each other's links. On PostgreSQL the two servers share the database and the files
 * folder, as two processes of one deployment do, and the file is fetched from the other one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directConversationId } from '../domain/conversationIds';
import { filePaths } from '../../src-shared/protocol/fileProtocol';
import type { SharedFile } from '../../src-shared/protocol/model';
import type { Ack } from '../../src-shared/protocol/ack';
import { basicSeed, dataOf, startTestServer, testDatabase, testEngine, type TestServer } from '../testing/testServer';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Two servers as two processes of one deployment would be: one signing key, and on PostgreSQL one database and files folder. */
async function twoServers(keys: [Buffer, Buffer]): Promise<[TestServer, TestServer]> {
  const filesDir = mkdtempSync(path.join(tmpdir(), 'meridian-shared-files-'));
  cleanups.push(() => rmSync(filesDir, { recursive: true, force: true }));
  const database = await testDatabase();
  cleanups.push(() => database.drop());
  const shared = database.databaseUrl ? { databaseUrl: database.databaseUrl } : {};
  const first = await startTestServer(basicSeed(), { ...shared, filesDir, signingKey: keys[0] });
  cleanups.push(() => first.close());
  const second = await startTestServer(basicSeed(), { ...shared, filesDir, signingKey: keys[1] });
  cleanups.push(() => second.close());
  return [first, second];
}

async function shareFile(server: TestServer, bytes: Buffer): Promise<{ file: SharedFile; link: string }> {
  const alice = await server.signIn('alice@northwind.example');
  const conversationId = directConversationId('nw-alice', 'ct-bella');
  const url = new URL(filePaths.files, server.url);
  url.searchParams.set('conversationId', conversationId);
  url.searchParams.set('name', 'terms.pdf');
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/pdf', authorization: `Bearer ${alice.sessionToken}` }, body: new Uint8Array(bytes) });
  const file = dataOf((await response.json()) as Ack<SharedFile>);
  dataOf(await alice.request('message:send', { conversationId, clientId: randomUUID(), text: '', fileId: file.id }));
  return { file, link: dataOf(await alice.request('file:downloadUrl', { fileId: file.id })).path };
}

describe(`download links signed with the deployment's key (${testEngine})`, () => {
  it('a link one process issued works on another with the same key, and not on one with another key', async () => {
    const key = randomBytes(32);
    const [first, second] = await twoServers([key, Buffer.from(key)]);
    const bytes = randomBytes(10_000);
    const { file, link } = await shareFile(first, bytes);
    const query = new URLSearchParams(link.split('?')[1]);
    expect(second.context.downloads.verify(file.id, query)).toEqual({ ok: true, userId: 'nw-alice' });
    if (testEngine === 'postgres') {
      // The same database and files folder: the other process serves the file itself.
      const response = await fetch(new URL(link, second.url));
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const [elsewhere] = await twoServers([randomBytes(32), randomBytes(32)]);
    expect(elsewhere.context.downloads.verify(file.id, query)).toEqual({ ok: false, reason: 'invalid' });
  });
});
