import type { StateCreator } from 'zustand';
import type { ContactCard, PersonSummary, SearchResults } from '../../src-shared/protocol/model';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

export interface DirectorySlice {
  searchQuery: string;
  searchResults: SearchResults | null;
  searchError: string | null;
  openCard: ContactCard | null;
  cardError: string | null;
  search(query: string): Promise<void>;
  showCard(userId: string): Promise<void>;
  closeCard(): void;
  resetDirectory(): void;
  /** Who the viewer sees changed: search again, and check the open card still may show. */
  directoryChanged(): Promise<void>;
  /** Written by the bridge only: a person's presence, status or profile (name, title, department, photo) changed. */
  personChanged(person: PersonSummary): void;
}

export const createDirectorySlice: StateCreator<AppState, [], [], DirectorySlice> = (set, get) => ({
  searchQuery: '',
  searchResults: null,
  searchError: null,
  openCard: null,
  cardError: null,
  async search(query) {
    set({ searchQuery: query });
    if (query.trim() === '') {
      set({ searchResults: null, searchError: null });
      return;
    }
    const result = await getApi().searchDirectory({ query });
    // Results of an older query that arrive late are dropped.
    if (get().searchQuery !== query) return;
    if (result.ok) set({ searchResults: result.data, searchError: null });
    else set({ searchError: result.error.message });
  },
  async showCard(userId) {
    const result = await getApi().getContactCard({ userId });
    if (result.ok) set({ openCard: result.data, cardError: null });
    else set({ openCard: null, cardError: result.error.message });
  },
  closeCard() {
    set({ openCard: null, cardError: null });
  },
  async directoryChanged() {
    const { searchQuery, openCard } = get();
    await get().search(searchQuery);
    if (!openCard) return;
    const result = await getApi().getContactCard({ userId: openCard.id });
    if (get().openCard?.id !== openCard.id) return;
    // A person no longer seen: their card closes, and nothing of theirs stays on screen.
    if (result.ok) set({ openCard: result.data });
    else set({ openCard: null, cardError: null });
  },
  resetDirectory() {
    set({ searchQuery: '', searchResults: null, searchError: null, openCard: null, cardError: null });
  },
  personChanged(person) {
    const { searchResults, openCard } = get();
    if (searchResults?.people.some((candidate) => candidate.id === person.id)) {
      set({ searchResults: { ...searchResults, people: searchResults.people.map((candidate) => (candidate.id === person.id ? { ...candidate, ...person } : candidate)) } });
    }
    // A summary is the whole of the person as the viewer sees them now: the card keeps only what it has beyond (contacts, zone).
    if (openCard?.id === person.id) set({ openCard: { ...openCard, ...person } });
  },
});
