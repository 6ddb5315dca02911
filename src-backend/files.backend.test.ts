import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ack } from '../src-shared/protocol/ack';
import { filePaths } from '../src-shared/protocol/fileProtocol';
import type { SharedFile } from '../src-shared/protocol/model';
import { previewFile } from '../src-shared/session/fileTransfer';
import { directConversationId } from './domain/conversationIds';
import { defaultUnattachedFileLifetimeMs } from './server';
import { basicSeed, dataOf, startTestServer, startTestServerWithClock, waitFor, type TestClient, type TestServer } from './testing/testServer';

let server: TestServer;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
});

const aliceAndBella = directConversationId('nw-alice', 'ct-bella');

async function upload(client: TestClient | null, conversationId: string, name: string, body: NonNullable<RequestInit['body']>, contentType = 'application/octet-stream'): Promise<{ status: number; ack: Ack<SharedFile> }> {
  const url = new URL(filePaths.files, server.url);
  url.searchParams.set('conversationId', conversationId);
  url.searchParams.set('name', name);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (client) headers.authorization = `Bearer ${client.sessionToken}`;
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers, body };
  if (body instanceof ReadableStream) init.duplex = 'half';
  const response = await fetch(url, init);
  return { status: response.status, ack: (await response.json()) as Ack<SharedFile> };
}

/** Every file under the server's files folder, temporary ones included. */
function storedFiles(): string[] {
  const directory = server.context.files.directory;
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)));
}

async function shareFile(client: TestClient, conversationId: string, bytes: Buffer, name = 'report.pdf', contentType = 'application/pdf'): Promise<SharedFile> {
  const { status, ack } = await upload(client, conversationId, name, new Uint8Array(bytes), contentType);
  expect(status).toBe(201);
  const file = dataOf(ack);
  dataOf(await client.request('message:send', { conversationId, clientId: randomUUID(), text: '', fileId: file.id }));
  return file;
}

async function downloadUrl(client: TestClient, fileId: string): Promise<URL> {
  return new URL(dataOf(await client.request('file:downloadUrl', { fileId })).path, server.url);
}

describe('files', () => {
  it('shares a file in a federated 1:1 chat: uploaded, announced with the message, downloaded intact', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const bytes = randomBytes(300_000);

    const file = await shareFile(alice, aliceAndBella, bytes);
    expect(file).toMatchObject({ name: 'report.pdf', size: bytes.length, contentType: 'application/pdf' });
    await waitFor(() => bella.events.some((event) => event.type === 'message:created' && event.payload.message.file?.id === file.id), 'Bella to hear of the file');
    const history = dataOf(await bella.request('conversation:history', { conversationId: aliceAndBella }));
    expect(history.messages.at(-1)).toMatchObject({ text: '', file: { id: file.id, name: 'report.pdf', size: bytes.length } });

    // A plain link: the signed URL alone, no header.
    const response = await fetch(await downloadUrl(bella, file.id));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));

    // The session token in a header works as well (Electron's main process, scripts).
    const withHeader = await fetch(new URL(filePaths.download(file.id), server.url), { headers: { authorization: `Bearer ${bella.sessionToken}` } });
    expect(Buffer.from(await withHeader.arrayBuffer()).equals(bytes)).toBe(true);
    expect(storedFiles()).toEqual([file.id]);
  });

  it('previews images only, for members only', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const carl = await server.signIn('carl@contoso.example');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const image = await shareFile(alice, aliceAndBella, png, 'map.png', 'image/png');
    const preview = dataOf(await previewFile(bella, image.id));
    expect(preview.contentType).toBe('image/png');
    expect(Buffer.from(preview.bytes).equals(png)).toBe(true);
    expect(await previewFile(carl, image.id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const pdf = await shareFile(alice, aliceAndBella, randomBytes(1000));
    expect(await previewFile(bella, pdf.id)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses uploads and downloads to people who are not members, or no longer see the other person', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const bob = await server.signIn('bob@fabrikam.example');
    const carl = await server.signIn('carl@contoso.example');

    expect((await upload(null, aliceAndBella, 'a.txt', 'hello')).status).toBe(401);
    const refused = await upload(bob, aliceAndBella, 'a.txt', 'hello');
    expect(refused.status).toBe(404);
    expect(refused.ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await upload(carl, 'ch-nw-general', 'a.txt', 'hello')).status).toBe(404);
    expect(storedFiles()).toEqual([]);

    const file = await shareFile(alice, 'ch-ct-deal', Buffer.from('deal terms'), 'terms.txt', 'text/plain');
    // Carl (Contoso) is not in deal-room; Bob (Fabrikam) is, though Alice does not see him.
    expect(await carl.request('file:downloadUrl', { fileId: file.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const asCarl = await fetch(new URL(filePaths.download(file.id), server.url), { headers: { authorization: `Bearer ${carl.sessionToken}` } });
    expect(asCarl.status).toBe(404);
    expect(await (await fetch(await downloadUrl(bob, file.id))).text()).toBe('deal terms');
    expect((await fetch(new URL(filePaths.download(file.id), server.url))).status).toBe(401);

    // A file in a 1:1 chat goes with the chat when the federation ends.
    const bella = await server.signIn('bella@contoso.example');
    const direct = await shareFile(alice, aliceAndBella, Buffer.from('for Bella'));
    const link = await downloadUrl(bella, direct.id);
    await server.federations.delete({ federationId: 'fed-nw-ct', ackChannelCleanup: true });
    expect((await fetch(link)).status).toBe(404);
    expect(await bella.request('file:downloadUrl', { fileId: direct.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('checks membership again on every download: a link stops working when its holder leaves', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const file = await shareFile(bella, 'ch-ct-deal', Buffer.from('draft'));
    const link = await downloadUrl(alice, file.id);
    expect((await fetch(link)).status).toBe(200);
    dataOf(await alice.request('channel:leave', { channelId: 'ch-ct-deal' }));
    expect((await fetch(link)).status).toBe(404);
  });

  it('refuses a download URL made out to another user, tampered with, or expired', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const file = await shareFile(alice, 'ch-ct-deal', Buffer.from('draft'));

    const forBella = await downloadUrl(bella, file.id);
    const asAlice = new URL(forBella);
    asAlice.searchParams.set('user', 'nw-alice');
    expect((await fetch(asAlice)).status).toBe(403);
    const otherFile = new URL(forBella);
    otherFile.pathname = filePaths.download(`f-${randomUUID()}`);
    expect((await fetch(otherFile)).status).toBe(403);
    const later = new URL(forBella);
    later.searchParams.set('expires', String(Number(forBella.searchParams.get('expires')) + 3600));
    expect((await fetch(later)).status).toBe(403);

    expect((await fetch(forBella)).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5 * 60 * 1000 + 1000 });
    const expired = await fetch(forBella);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ ok: false, error: { message: expect.stringContaining('expired') } });
  });

  it('refuses an over-limit upload with a clear message and keeps nothing of it', async () => {
    server = await startTestServer(basicSeed(), { maxUploadBytes: 4096 });
    const alice = await server.signIn('alice@northwind.example');
    expect(dataOf(await alice.request('file:limits', {}))).toEqual({ maxUploadBytes: 4096, maxFilesAtOnce: 10 });

    const declared = await upload(alice, aliceAndBella, 'big.bin', new Uint8Array(randomBytes(5000)));
    expect(declared.status).toBe(413);
    expect(declared.ack).toEqual({ ok: false, error: { code: 'too_large', message: 'File too large: the limit is 4 KB.' } });

    // Streamed without a length: refused once it passes the limit, the partial file removed.
    const chunks = [randomBytes(3000), randomBytes(3000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(new Uint8Array(chunk));
        else controller.close();
      },
    });
    const streamed = await upload(alice, aliceAndBella, 'big.bin', stream);
    expect(streamed.status).toBe(413);
    expect(storedFiles()).toEqual([]);

    const exact = await upload(alice, aliceAndBella, 'fits.bin', new Uint8Array(randomBytes(4096)));
    expect(exact.status).toBe(201);
    expect(storedFiles()).toHaveLength(1);
  });

  it('keeps nothing of an upload the client abandons halfway', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const url = new URL(filePaths.files, server.url);
    url.search = new URLSearchParams({ conversationId: aliceAndBella, name: 'half.bin' }).toString();
    const request = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${alice.sessionToken}`, 'content-length': 1_000_000 } });
    request.on('error', () => undefined);
    request.write(randomBytes(200_000));
    await waitFor(() => readdirSync(path.join(server.context.files.directory, '.incoming')).length === 1, 'the upload to start');
    request.destroy();
    await waitFor(() => storedFiles().length === 0, 'the partial upload to be removed');
  });

  it('sanitizes file names and serves unsafe types as plain bytes', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const passwd = dataOf((await upload(alice, aliceAndBella, '../../etc/passwd', 'not really')).ack);
    expect(passwd.name).toBe('passwd');
    expect(storedFiles()).toEqual([passwd.id]);

    const page = dataOf((await upload(alice, aliceAndBella, 'Résumé "final"\u202e.html', '<script>alert(1)</script>', 'text/html')).ack);
    expect(page.name).toBe('Résumé _final__.html');
    const response = await fetch(new URL(filePaths.download(page.id), server.url), { headers: { authorization: `Bearer ${alice.sessionToken}` } });
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="R_sum_ _final__.html"; filename*=UTF-8''R%C3%A9sum%C3%A9%20_final__.html`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends a file only on a message in the conversation it was uploaded to, by its uploader', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    const file = dataOf((await upload(alice, aliceAndBella, 'a.txt', 'hello', 'text/plain')).ack);
    // Uploaded but not yet sent: only Alice may fetch it.
    expect(await bella.request('file:downloadUrl', { fileId: file.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await bella.request('message:send', { conversationId: aliceAndBella, clientId: randomUUID(), text: '', fileId: file.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await alice.request('message:send', { conversationId: 'ch-ct-deal', clientId: randomUUID(), text: 'here', fileId: file.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await alice.request('message:send', { conversationId: aliceAndBella, clientId: randomUUID(), text: '' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    const sent = dataOf(await alice.request('message:send', { conversationId: aliceAndBella, clientId: randomUUID(), text: 'notes', fileId: file.id }));
    expect(sent.file).toEqual(file);
    dataOf(await bella.request('file:downloadUrl', { fileId: file.id }));
    // Deleting the message withdraws the file.
    dataOf(await alice.request('message:delete', { messageId: sent.id }));
    expect(await bella.request('file:downloadUrl', { fileId: file.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('storage does not grow without end', () => {
  it('M5: an upload no message takes is deleted, row and bytes, after a short while', async () => {
    const started = await startTestServerWithClock(basicSeed());
    server = started.server;
    const alice = await server.signIn('alice@northwind.example');
    const abandoned = dataOf((await upload(alice, aliceAndBella, 'never-sent.bin', new Uint8Array(randomBytes(5000)))).ack);
    const sent = await shareFile(alice, aliceAndBella, randomBytes(5000), 'sent.bin');
    expect(storedFiles().sort()).toEqual([abandoned.id, sent.id].sort());
    // Time passes a minute at a time, each minute's sweep finishing before the next: the sweep's
    // own work is awaited (not a few milliseconds), so "still there" below is read after it ran.
    const sweeps: Array<Promise<unknown>> = [];
    const files = server.context.files;
    const sweep = files.sweepUnattached.bind(files);
    vi.spyOn(files, 'sweepUnattached').mockImplementation((...args) => {
      const work = sweep(...args);
      sweeps.push(work);
      return work;
    });
    const minutes = async (count: number) => {
      for (let minute = 0; minute < count; minute++) {
        started.clock.advance(60_000);
        // Started at once, or as soon as the last one has wound up (server.ts `coalesced`).
        await waitFor(() => sweeps.length > 0, `minute ${minute + 1}'s sweep`);
        await sweeps.shift();
      }
    };
    await minutes(defaultUnattachedFileLifetimeMs / 60_000 - 1);
    expect(await server.context.files.get(abandoned.id)).toBeDefined();
    await minutes(2);
    await waitFor(() => storedFiles().length === 1, 'the abandoned upload to go');
    expect(storedFiles()).toEqual([sent.id]);
    expect(await server.context.files.get(abandoned.id)).toBeUndefined();
    expect(await server.context.files.get(sent.id)).toBeDefined();
  });

  it('M5: deleting a message deletes its file, row and bytes', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const file = dataOf((await upload(alice, aliceAndBella, 'gone.bin', new Uint8Array(randomBytes(5000)))).ack);
    const sent = dataOf(await alice.request('message:send', { conversationId: aliceAndBella, clientId: randomUUID(), text: '', fileId: file.id }));
    expect(storedFiles()).toEqual([file.id]);
    dataOf(await alice.request('message:delete', { messageId: sent.id }));
    expect(storedFiles()).toEqual([]);
    expect(await server.context.files.get(file.id)).toBeUndefined();
  });

  it('M5: a person’s uploads stop at their storage quota, with a message that says so', async () => {
    server = await startTestServer(basicSeed(), { storageQuotaBytes: 12_000 });
    const alice = await server.signIn('alice@northwind.example');
    const bella = await server.signIn('bella@contoso.example');
    expect((await upload(alice, aliceAndBella, 'one.bin', new Uint8Array(randomBytes(5000)))).status).toBe(201);
    expect((await upload(alice, aliceAndBella, 'two.bin', new Uint8Array(randomBytes(5000)))).status).toBe(201);
    const over = await upload(alice, aliceAndBella, 'three.bin', new Uint8Array(randomBytes(5000)));
    expect(over.status).toBe(413);
    expect(over.ack).toMatchObject({ ok: false, error: { code: 'too_large', message: expect.stringContaining('storage') } });
    // Streamed without a declared length, the quota holds as well.
    const chunks = [randomBytes(3000), randomBytes(3000)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(new Uint8Array(chunk));
        else controller.close();
      },
    });
    expect((await upload(alice, aliceAndBella, 'streamed.bin', stream)).status).toBe(413);
    expect(storedFiles()).toHaveLength(2);
    // The quota is each person's own.
    expect((await upload(bella, aliceAndBella, 'bella.bin', new Uint8Array(randomBytes(5000)))).status).toBe(201);
  });

  it('issue 18 #8: uploads side by side without a declared length cannot together pass the quota', { timeout: 30_000 }, async () => {
    const quota = 1024 * 1024;
    server = await startTestServer(basicSeed(), { storageQuotaBytes: quota, limits: { upload: { burst: 100, perSecond: 100 } } });
    const alice = await server.signIn('alice@northwind.example');
    /**
     * 640 KB in chunks of 64 KB; none sends its second chunk before all four have sent their first:
     * four uploads under way at once for certain (256 KB in all then, under the quota), not by timing.
     */
    let begun = 0;
    let allBegun!: () => void;
    const together = new Promise<void>((resolve) => (allBegun = resolve));
    const slowly = () => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent >= 10) return controller.close();
          if (sent === 1) {
            begun += 1;
            if (begun === 4) allBegun();
            await together;
          }
          sent += 1;
          controller.enqueue(new Uint8Array(randomBytes(64 * 1024)));
        },
      });
    };
    const answers = await Promise.all(Array.from({ length: 4 }, (_, index) => upload(alice, aliceAndBella, `part-${index}.bin`, slowly())));
    const stored = await server.context.store.files.usedBytes('nw-alice');
    expect(stored).toBeLessThanOrEqual(quota);
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 413).every((answer) => !answer.ack.ok && answer.ack.error.message.includes('storage'))).toBe(true);
    expect(storedFiles()).toHaveLength(1);
  });

  it('M5: a file rides on one message only', async () => {
    server = await startTestServer(basicSeed());
    const alice = await server.signIn('alice@northwind.example');
    const file = dataOf((await upload(alice, aliceAndBella, 'once.bin', 'once')).ack);
    dataOf(await alice.request('message:send', { conversationId: aliceAndBella, clientId: randomUUID(), text: 'first', fileId: file.id }));
    expect(await alice.request('message:send', { conversationId: aliceAndBella, clientId: randomUUID(), text: 'second', fileId: file.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
