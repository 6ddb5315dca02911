import { describe, expect, it } from 'vitest';
import { ok } from '../../src-shared/protocol/ack';
import type { OutboxEntry } from '../../src-shared/session/outbox';
import { settle, storeHarness } from './testing/storeHarness';

const file = (name: string, size = 4) => new File([new Uint8Array(size)], name, { type: 'text/plain' });

function composer(limits = { maxUploadBytes: 10, maxFilesAtOnce: 2 }) {
  return storeHarness({
    getFileLimits: async () => ok(limits),
    uploadFile: async (upload) => ok({ id: `file-${upload.name}`, name: upload.name, size: upload.bytes.byteLength, contentType: upload.contentType }),
    sendMessage: async (message) => ok({ clientId: 'c', state: 'pending', ...message } as unknown as OutboxEntry),
  });
}

describe('composer', () => {
  it('uploads files at once; too large or too many are refused there, saying why', async () => {
    const { store, calls } = composer();
    await store.getState().addFiles('general', undefined, [file('a.txt'), file('huge.txt', 11), file('b.txt'), file('c.txt')]);
    expect(store.getState().attachments.general!.map((attachment) => [attachment.name, attachment.uploaded?.id])).toEqual([['a.txt', 'file-a.txt']]);
    expect(calls('uploadFile')).toHaveLength(1);
    // Two fit (a.txt, huge.txt), b.txt and c.txt were left out; then huge.txt was refused for its size, the last word said.
    expect(store.getState().composerProblems.general).toBe('huge.txt: File too large: the limit is 10 bytes.');
    await store.getState().addFiles('general', undefined, [file('d.txt'), file('e.txt')]);
    expect(store.getState().attachments.general!.map((attachment) => attachment.name)).toEqual(['a.txt', 'd.txt']);
    expect(store.getState().composerProblems.general).toBe('At most 2 files go at once; 1 was left out.');
  });

  it('sends the text as the first file’s caption, each further file on its own, and empties the composer at once', async () => {
    const { store, calls } = composer();
    store.getState().loadDrafts('nw-alice');
    store.getState().setDraft('general', 'The two reports');
    await store.getState().addFiles('general', undefined, [file('a.txt'), file('b.txt')]);
    expect(await store.getState().sendDraft('general')).toBe(true);
    expect(calls('sendMessage')).toEqual([[{ conversationId: 'general', text: 'The two reports', fileId: 'file-a.txt' }], [{ conversationId: 'general', text: '', fileId: 'file-b.txt' }]]);
    expect(store.getState().drafts.general).toBeUndefined();
    expect(store.getState().attachments.general).toEqual([]);
    // Nothing to send: nothing sent.
    expect(await store.getState().sendDraft('general')).toBe(false);
    expect(calls('sendMessage')).toHaveLength(2);
  });

  it('a reply goes to its thread; a message refused outright comes back to the box', async () => {
    const { store, calls } = storeHarness({ sendMessage: async () => ({ ok: false, error: { code: 'bad_request', message: 'A message cannot be empty.' } }) });
    store.getState().loadDrafts('nw-alice');
    store.getState().setDraft('general/root-1', 'In the thread');
    await store.getState().sendDraft('general', 'root-1');
    await settle();
    expect(calls('sendMessage')).toEqual([[{ conversationId: 'general', text: 'In the thread', threadId: 'root-1' }]]);
    expect(store.getState().drafts['general/root-1']).toBe('In the thread');
    expect(store.getState().composerProblems['general/root-1']).toBe('A message cannot be empty.');
  });

  it('waits while a file is still uploading', async () => {
    let finish: () => void = () => undefined;
    const { store, calls } = storeHarness({
      getFileLimits: async () => ok({ maxUploadBytes: 100, maxFilesAtOnce: 10 }),
      uploadFile: (upload) => new Promise((resolve) => (finish = () => resolve(ok({ id: 'f', name: upload.name, size: 4, contentType: '' })))),
      sendMessage: async () => ok({} as OutboxEntry),
    });
    const adding = store.getState().addFiles('general', undefined, [file('slow.txt')]);
    await settle();
    expect(await store.getState().sendDraft('general')).toBe(false);
    finish();
    await adding;
    expect(await store.getState().sendDraft('general')).toBe(true);
    expect(calls('sendMessage')).toHaveLength(1);
  });
});
