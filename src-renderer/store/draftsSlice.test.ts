import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { createDraftsSlice, draftKey, type DraftsSlice } from './draftsSlice';
import type { DraftStore } from './draftStorage';

/** A store of the drafts slice alone, over a map standing in for the browser's storage. */
function draftsStore(saved = new Map<string, string>()) {
  const storage: DraftStore = {
    getItem: (key) => saved.get(key) ?? null,
    setItem: (key, value) => void saved.set(key, value),
    removeItem: (key) => void saved.delete(key),
  };
  // The slice reads and writes only its own part of the app state.
  const store = create<DraftsSlice>()((set, get, api) => createDraftsSlice(storage)(set as never, get as never, api as never));
  return { store, saved };
}

describe('drafts', () => {
  it('keeps one draft per conversation, and each survives switching', () => {
    const { store } = draftsStore();
    store.getState().loadDrafts('nw-alice');
    store.getState().setDraft('chat-bella', 'For Bella only');
    store.getState().setDraft('ch-general', 'For everyone');
    expect(store.getState().drafts).toEqual({ 'chat-bella': 'For Bella only', 'ch-general': 'For everyone' });
    store.getState().setDraft('chat-bella', '');
    expect(store.getState().drafts).toEqual({ 'ch-general': 'For everyone' });
  });

  it('survives a restart for the same person, and never shows to another', () => {
    const { store, saved } = draftsStore();
    store.getState().loadDrafts('nw-alice');
    store.getState().setDraft(draftKey('ch-general', 'thread-1'), 'In the thread');
    const restarted = draftsStore(saved).store;
    restarted.getState().loadDrafts('nw-alice');
    expect(restarted.getState().drafts).toEqual({ 'ch-general/thread-1': 'In the thread' });
    restarted.getState().loadDrafts('nw-brian');
    expect(restarted.getState().drafts).toEqual({});
  });

  it('puts them away when the session ends, deletes them at sign-out, and ignores what it cannot read', () => {
    const { store, saved } = draftsStore(new Map([['meridian.drafts.nw-alice', '{"ch-general": 5, "chat-bella": "kept"}']]));
    store.getState().loadDrafts('nw-alice');
    expect(store.getState().drafts).toEqual({ 'chat-bella': 'kept' });
    store.getState().loadDrafts(null);
    expect(store.getState().drafts).toEqual({});
    store.getState().loadDrafts('nw-alice');
    expect(store.getState().drafts).toEqual({ 'chat-bella': 'kept' });
    store.getState().discardDrafts();
    expect(saved.size).toBe(0);
    expect(draftsStore(new Map([['meridian.drafts.x', 'not json']])).store.getState().drafts).toEqual({});
  });
});
