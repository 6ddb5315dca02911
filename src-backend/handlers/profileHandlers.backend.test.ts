/**
 * A person's own profile (SPEC 9 `Profile`): name, title, department and photo reach at once
 * everyone who sees the person — directory, cards, message authors — and no one else; bad input
 * is refused and changes nothing; the time zone a client reports shows on the card, only to
 * people who see its owner. Runs on both engines (postgresSuites).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src-shared/protocol/events';
import { UNKNOWN_USER } from '../../src-shared/protocol/model';
import { uploadPhoto } from '../../src-shared/session/fileTransfer';
import { htmlPretendingToBeAnImage, pngHeaderOnly, pngImage } from '../testing/images';
import { basicSeed, dataOf, startTestServer, waitFor, type TestClient, type TestServer } from '../testing/testServer';

let server: TestServer;
let alice: TestClient;
let bella: TestClient;
let bob: TestClient;
let dana: TestClient;
beforeEach(async () => {
  server = await startTestServer(basicSeed(), { maxPhotoBytes: 64 * 1024, maxPhotoSide: 512 });
  alice = await server.signIn('alice@northwind.example');
  bella = await server.signIn('bella@contoso.example');
  bob = await server.signIn('bob@fabrikam.example');
  dana = await server.signIn('dana@tailspin.example');
});
afterEach(async () => {
  await server.close();
});

const changes = (client: TestClient) =>
  client.events.filter((event): event is Extract<ServerEvent, { type: 'person:changed' }> => event.type === 'person:changed').map((event) => event.payload.person);
const png = (width = 4, height = 4) => new Uint8Array(pngImage(width, height)).buffer;

describe('profile:update', () => {
  it('reaches everyone who sees Bella at once (federated included), in their own view, and no one else', async () => {
    const card = dataOf(await bella.request('profile:update', { displayName: 'Bella  Martins-Reyes', title: 'General Counsel', department: 'Legal' }));
    expect(card).toMatchObject({ id: 'ct-bella', displayName: 'Bella Martins-Reyes', title: 'General Counsel', department: 'Legal' });
    await waitFor(() => changes(alice).length > 0 && changes(bob).length > 0 && changes(bella).length > 0, 'Alice, Bob and Bella told');
    expect(changes(alice)[0]).toMatchObject({ id: 'ct-bella', displayName: 'Bella Martins-Reyes', title: 'General Counsel', department: 'Legal', federated: true });
    expect(changes(bob)[0]).toMatchObject({ id: 'ct-bella', title: 'General Counsel', federated: true });
    expect(changes(bella)[0]).toMatchObject({ id: 'ct-bella', federated: false });
    await server.settled(dana);
    expect(dana.events.map((event) => event.type)).not.toContain('person:changed');

    // The directory, the card and search (by the new name) follow.
    const found = dataOf(await alice.request('directory:search', { query: 'reyes' }));
    expect(found.people.map((person) => person.displayName)).toEqual(['Bella Martins-Reyes']);
    expect(dataOf(await alice.request('person:card', { userId: 'ct-bella' }))).toMatchObject({ title: 'General Counsel', department: 'Legal' });
    expect(dataOf(await dana.request('directory:search', { query: 'reyes' })).people).toEqual([]);
  });

  it('names message authors by the new name in history', async () => {
    const chat = dataOf(await alice.request('chat:open', { userId: 'ct-bella' }));
    dataOf(await bella.request('message:send', { conversationId: chat.id, clientId: 'bella-hello-1', text: 'hello' }));
    dataOf(await bella.request('profile:update', { displayName: 'Bella M.', title: null, department: null }));
    const history = dataOf(await alice.request('conversation:history', { conversationId: chat.id }));
    expect(history.messages.at(-1)!.author).toMatchObject({ kind: 'person', displayName: 'Bella M.' });
  });

  it('a new name retitles her group chats for their members (conversation:changed), and tells no one else of them', async () => {
    const brian = await server.signIn('brian@northwind.example');
    const group = dataOf(await bella.request('group:create', { memberIds: ['nw-alice', 'nw-brian'] }));
    await server.settled(alice, brian, bob);
    const changedFor = (client: TestClient) => client.events.filter((event) => event.type === 'conversation:changed' && event.payload.conversationId === group.id).length;
    const [aliceBefore, brianBefore] = [changedFor(alice), changedFor(brian)];
    dataOf(await bella.request('profile:update', { displayName: 'Bella Reyes', title: null, department: null }));
    await waitFor(() => changedFor(alice) > aliceBefore && changedFor(brian) > brianBefore, 'Alice and Brian told their group chat changed');
    const aliceList = dataOf(await alice.request('conversation:list', {}));
    expect(aliceList.items.find((item) => item.id === group.id)!.title).toBe('Bella Reyes, Brian Okafor');
    // Only the name retitles: a new title alone tells nobody of the group chat.
    const [aliceNow, brianNow] = [changedFor(alice), changedFor(brian)];
    dataOf(await bella.request('profile:update', { displayName: 'Bella Reyes', title: 'Partner', department: null }));
    await server.settled(alice, brian, bob);
    expect([changedFor(alice), changedFor(brian)]).toEqual([aliceNow, brianNow]);
    // Bob sees Bella but is not in the group chat: he hears of her new name, not of it.
    expect(changes(bob).map((person) => person.displayName)).toContain('Bella Reyes');
    expect(bob.events.some((event) => event.type === 'conversation:changed' && event.payload.conversationId === group.id)).toBe(false);
  });

  it.each([
    ['UNKNOWN USER', 'reads as UNKNOWN USER'],
    ['unknown user', 'reads as UNKNOWN USER'],
    ['ＵＮＫＮＯＷＮ ＵＳＥＲ', 'reads as UNKNOWN USER'],
    ['\u200b\u2066', 'cannot be empty'],
    ['x'.repeat(81), 'at most 80'],
  ])('refuses the name %j (%s) and changes nothing', async (displayName, why) => {
    const answer = await bella.request('profile:update', { displayName, title: 'x', department: null });
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error.message).toContain(why);
    expect(server.context.directory.user('ct-bella')).toMatchObject({ displayName: 'Bella Martins', title: 'Counsel' });
    await server.settled(alice);
    expect(changes(alice)).toEqual([]);
  });

  it('cleans invisible characters out of every field, and an empty title or department is none', async () => {
    const card = dataOf(await bella.request('profile:update', { displayName: 'Bel\u200bla\u202e Martins', title: '  \u200b ', department: 'Le\u2066gal\nTeam' }));
    expect(card).toMatchObject({ displayName: 'Bella Martins', title: null, department: 'Legal Team' });
  });

  it('refuses a title over 100 characters', async () => {
    expect(await bella.request('profile:update', { displayName: 'Bella Martins', title: 't'.repeat(101), department: null })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('photo', () => {
  it('a PNG becomes Bella’s photo: its id reaches those who see her (on cards, labels, messages), never Dana', async () => {
    const card = dataOf(await uploadPhoto(bella, { contentType: 'application/x-anything', bytes: png() }));
    expect(card.photoId).toMatch(/^p-/);
    await waitFor(() => changes(alice).some((person) => person.photoId === card.photoId), 'Alice told of the photo');
    await server.settled(dana);
    expect(JSON.stringify(dana.events)).not.toContain(card.photoId);
    expect(dataOf(await alice.request('person:card', { userId: 'ct-bella' })).photoId).toBe(card.photoId);
    const chat = dataOf(await alice.request('chat:open', { userId: 'ct-bella' }));
    dataOf(await bella.request('message:send', { conversationId: chat.id, clientId: 'bella-photo-1', text: 'with a face' }));
    const history = dataOf(await alice.request('conversation:history', { conversationId: chat.id }));
    expect(history.messages.at(-1)!.author).toMatchObject({ photoId: card.photoId });
    // In a channel with Bob, Alice sees him as UNKNOWN USER: no photo of his reaches her.
    const bobs = dataOf(await uploadPhoto(bob, { contentType: 'image/png', bytes: png() }));
    dataOf(await bob.request('message:send', { conversationId: 'ch-ct-deal', clientId: 'bob-photo-1', text: 'hi' }));
    const deal = dataOf(await alice.request('conversation:history', { conversationId: 'ch-ct-deal' }));
    expect(deal.messages.at(-1)!.author.displayName).toBe(UNKNOWN_USER);
    await server.settled(alice);
    expect(JSON.stringify(alice.events)).not.toContain(bobs.photoId);
    expect(JSON.stringify(deal)).not.toContain(bobs.photoId);
  });

  it.each([
    ['an HTML page named as a PNG', () => htmlPretendingToBeAnImage, 415],
    ['a PNG larger than the side limit', () => pngHeaderOnly(513, 10), 413],
    ['a PNG whose header is cut', () => pngImage(4, 4).subarray(0, 20), 415],
    ['more bytes than the size limit', () => Buffer.concat([pngImage(4, 4), Buffer.alloc(70 * 1024)]), 413],
    ['nothing', () => Buffer.alloc(0), 415],
  ])('refuses %s and keeps the photo as it was', async (_name, body, status) => {
    const before = dataOf(await uploadPhoto(bella, { contentType: 'image/png', bytes: png() })).photoId;
    const response = await fetch(`${server.url}/api/photos`, { method: 'POST', headers: { authorization: `Bearer ${bella.sessionToken}`, 'content-type': 'image/png' }, body: body() });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { ok: boolean }).ok).toBe(false);
    expect(server.context.directory.user('ct-bella')!.photoId).toBe(before);
  });

  it('a JPEG and a WebP are taken by their first bytes', async () => {
    // 1×1 images, the smallest each format allows.
    const jpeg = Buffer.from(
      'ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9',
      'hex',
    );
    const webp = Buffer.from('524946461a000000574542505650384c0d0000002f0000001007101111888808', 'hex');
    for (const [bytes, type] of [[jpeg, 'image/jpeg'], [webp, 'image/webp']] as const) {
      const card = dataOf(await uploadPhoto(bella, { contentType: 'text/html', bytes: new Uint8Array(bytes).buffer }));
      const served = await fetch(`${server.url}/api/photos/${card.photoId}`, { headers: { authorization: `Bearer ${alice.sessionToken}` } });
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe(type);
    }
  });

  it('Remove photo: initials again, for everyone who sees her; the old photo is no longer served', async () => {
    const photoId = dataOf(await uploadPhoto(bella, { contentType: 'image/png', bytes: png() })).photoId!;
    expect(dataOf(await bella.request('profile:removePhoto', {})).photoId).toBeNull();
    await waitFor(() => changes(alice).some((person) => person.photoId === null), 'Alice told the photo went');
    const served = await fetch(`${server.url}/api/photos/${photoId}`, { headers: { authorization: `Bearer ${alice.sessionToken}` } });
    expect(served.status).toBe(404);
    expect(await server.context.store.directory.photo(photoId)).toBeUndefined();
  });
});

describe('time zone', () => {
  it('the zone a client reports shows on the card of people who see its owner; nonsense is refused', async () => {
    dataOf(await bella.request('profile:setTimeZone', { timeZone: 'Asia/Kathmandu' }));
    expect(dataOf(await alice.request('person:card', { userId: 'ct-bella' })).timeZone).toBe('Asia/Kathmandu');
    expect(await dana.request('person:card', { userId: 'ct-bella' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    for (const timeZone of ['Mars/Olympus', '../etc/passwd', '', 'x'.repeat(65)]) {
      expect(await bella.request('profile:setTimeZone', { timeZone })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(server.context.directory.user('ct-bella')!.timeZone).toBe('Asia/Kathmandu');
    // Stored: it holds after the replica is read again from the store.
    await server.context.directory.reload();
    expect(server.context.directory.user('ct-bella')!.timeZone).toBe('Asia/Kathmandu');
  });
});
