/**
 * What the composers send: each composer's files (uploaded at once, waiting until `Send`), the
 * sending of its draft with them through the outbox, and the outbox itself (messages pending or
 * refused, as the session reports them). A composer is known by its draft's key (a conversation,
 * or one thread of it): its text is the draft (draftsSlice), its files wait here.
 */
import type { StateCreator } from 'zustand';
import { fileTooLargeMessage, type FileLimits } from '../../src-shared/protocol/fileProtocol';
import type { SharedFile } from '../../src-shared/protocol/model';
import type { OutboxEntry } from '../../src-shared/session/outbox';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';
import { draftKey } from './draftsSlice';

/** A file waiting in a composer: uploading, or uploaded and ready to go. */
export interface Attachment {
  key: string;
  name: string;
  size: number;
  uploaded: SharedFile | null;
}

export interface ComposerSlice {
  /** Messages on their way (pending) or refused (failed), from the session's outbox. */
  outbox: OutboxEntry[];
  /** Written by the bridge only. */
  outboxChanged(entries: OutboxEntry[]): void;
  /** Files waiting in each composer, by draft key. */
  attachments: Record<string, Attachment[]>;
  /** What went wrong in a composer (a file refused, a message refused), by draft key. */
  composerProblems: Record<string, string>;
  /** The backend's upload limits, once asked. */
  fileLimits: FileLimits | null;
  loadFileLimits(): Promise<FileLimits | null>;
  /** Uploads files into a conversation for a composer: each waits there once uploaded. */
  addFiles(conversationId: string, threadId: string | undefined, files: readonly File[]): Promise<void>;
  removeAttachment(key: string, attachmentKey: string): void;
  dismissComposerProblem(key: string): void;
  /**
   * Sends a composer's draft with its files: the first file's message carries the text as its
   * caption, each further file goes in a message of its own, one after the other in the outbox.
   * The composer is empty at once; the outbox has them from here. False when there was nothing
   * to send yet (nothing written, or files still uploading).
   */
  sendDraft(conversationId: string, threadId?: string): Promise<boolean>;
  resetComposers(): void;
}

/** Whether a composer has something to send now: text or files, and no file still uploading. */
export const selectCanSend = (key: string) => (state: AppState) => {
  const waiting = state.attachments[key] ?? [];
  return !waiting.some((attachment) => attachment.uploaded === null) && ((state.drafts[key] ?? '').trim() !== '' || waiting.length > 0);
};

const noAttachments: Attachment[] = [];
/** The files waiting in a composer. */
export const selectAttachments = (key: string) => (state: ComposerSlice) => state.attachments[key] ?? noAttachments;

export const createComposerSlice: StateCreator<AppState, [], [], ComposerSlice> = (set, get) => {
  let attachmentKeys = 0;
  const setProblem = (key: string, problem: string | null) =>
    set((state) => {
      const composerProblems = { ...state.composerProblems };
      if (problem === null) delete composerProblems[key];
      else composerProblems[key] = problem;
      return { composerProblems };
    });
  const updateAttachments = (key: string, change: (current: Attachment[]) => Attachment[]) =>
    set((state) => ({ attachments: { ...state.attachments, [key]: change(state.attachments[key] ?? []) } }));

  const upload = async (conversationId: string, key: string, file: File, attachment: Attachment, limits: FileLimits | null) => {
    const forget = (message: string) => {
      updateAttachments(key, (current) => current.filter((candidate) => candidate.key !== attachment.key));
      setProblem(key, message);
    };
    // Refused here before reading it into memory; the backend refuses it too, whatever a client does.
    if (limits && file.size > limits.maxUploadBytes) return forget(`${file.name}: ${fileTooLargeMessage(limits.maxUploadBytes)}`);
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch {
      return forget(`${file.name} could not be read.`);
    }
    const uploaded = await getApi().uploadFile({ conversationId, name: file.name, contentType: file.type, bytes });
    if (!uploaded.ok) return forget(`${file.name}: ${uploaded.error.message}`);
    updateAttachments(key, (current) => current.map((candidate) => (candidate.key === attachment.key ? { ...candidate, uploaded: uploaded.data } : candidate)));
  };

  return {
    outbox: [],
    attachments: {},
    composerProblems: {},
    fileLimits: null,

    outboxChanged(entries) {
      set({ outbox: entries });
    },

    async loadFileLimits() {
      const known = get().fileLimits;
      if (known) return known;
      const result = await getApi().getFileLimits();
      if (!result.ok) return null;
      set({ fileLimits: result.data });
      return result.data;
    },

    async addFiles(conversationId, threadId, files) {
      const key = draftKey(conversationId, threadId);
      setProblem(key, null);
      const limits = await get().loadFileLimits();
      // At most as many files wait at once as the backend takes in a burst.
      const room = Math.max(0, (limits?.maxFilesAtOnce ?? files.length) - (get().attachments[key] ?? []).length);
      if (files.length > room) setProblem(key, `At most ${limits?.maxFilesAtOnce} files go at once; ${files.length - room} ${files.length - room === 1 ? 'was' : 'were'} left out.`);
      const added = files.slice(0, room).map((file) => ({ file, attachment: { key: `a${++attachmentKeys}`, name: file.name, size: file.size, uploaded: null } }));
      updateAttachments(key, (current) => [...current, ...added.map(({ attachment }) => attachment)]);
      await Promise.all(added.map(({ file, attachment }) => upload(conversationId, key, file, attachment, limits)));
    },

    removeAttachment(key, attachmentKey) {
      updateAttachments(key, (current) => current.filter((candidate) => candidate.key !== attachmentKey));
    },

    dismissComposerProblem(key) {
      setProblem(key, null);
    },

    async sendDraft(conversationId, threadId) {
      const key = draftKey(conversationId, threadId);
      if (!selectCanSend(key)(get())) return false;
      const text = get().drafts[key] ?? '';
      const files = (get().attachments[key] ?? []).flatMap((attachment) => (attachment.uploaded ? [attachment.uploaded] : []));
      // The outbox has it from here (pending until acknowledged): the composer is free at once.
      get().setDraft(key, '');
      get().noteSent();
      updateAttachments(key, () => []);
      setProblem(key, null);
      const messages = files.length === 0 ? [{ text, fileId: undefined }] : files.map((file, index) => ({ text: index === 0 ? text.trim() : '', fileId: file.id }));
      for (const message of messages) {
        const result = await getApi().sendMessage({ conversationId, text: message.text, ...(message.fileId ? { fileId: message.fileId } : {}), ...(threadId ? { threadId } : {}) });
        if (!result.ok) {
          // Refused outright (it never reached the outbox): the text comes back unless something new was typed.
          setProblem(key, result.error.message);
          if (get().drafts[key] === undefined) get().setDraft(key, text);
          break;
        }
      }
      return true;
    },

    resetComposers() {
      set({ attachments: {}, composerProblems: {} });
    },
  };
};
