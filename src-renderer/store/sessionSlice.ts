import type { StateCreator } from 'zustand';
import type { Ack } from '../../src-shared/protocol/ack';
import type { SessionEndReason } from '../../src-shared/protocol/events';
import type { ConnectionState, ContactCard, DemoDirectory, PersonSummary, Presence, SignedIn } from '../../src-shared/protocol/model';
import { getApi } from '../bridge/api';
import type { AppState } from './appStore';

export interface SessionSlice {
  me: ContactCard | null;
  signingIn: boolean;
  signInError: string | null;
  connection: ConnectionState;
  /** Demo data's people by company and its federations; empty for real data. */
  demoDirectory: DemoDirectory;
  signIn(email: string, password: string): Promise<void>;
  /** Demo data only: one click on a listed person. */
  signInAsDemo(email: string): Promise<void>;
  signOut(): Promise<void>;
  /**
   * Shows a session that is already signed in without a sign-in: in Electron one remembered from
   * the last run, in the browser build the one the page had before a reload.
   */
  restoreSession(): Promise<void>;
  /** Written by the bridge only: the server ended the session (expired, signed out on another client, removed). */
  sessionEnded(reason: SessionEndReason): void;
  loadDemoPeople(): Promise<void>;
  /** Returns an error message, or null when saved. */
  /** `statusClearsAt`: when the message clears itself (ISO), null for never (SPEC 9). */
  setPresence(presence: Presence, statusMessage: string | null, statusClearsAt?: string | null): Promise<string | null>;
  /** Written by the bridge only. */
  connectionChanged(state: ConnectionState): void;
  /** Written by the bridge only: keeps the own card current when one's presence changes. */
  ownPersonChanged(person: PersonSummary): void;
}

async function completeSignIn(set: (partial: Partial<SessionSlice>) => void, attempt: () => Promise<Ack<SignedIn>>): Promise<void> {
  set({ signingIn: true, signInError: null });
  const result = await attempt();
  if (result.ok) set({ me: result.data.user, signingIn: false });
  else set({ signInError: result.error.message, signingIn: false });
}

/** What the person is told on the sign-in screen when the server ended their session. */
const endedMessages: Record<SessionEndReason, string> = {
  expired: 'Your session expired. Sign in again; messages you had not sent yet will be sent then.',
  'signed-out': 'You were signed out (on this or another window). Sign in again.',
  removed: 'Your account was removed from Meridian.',
};

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  me: null,
  signingIn: false,
  signInError: null,
  connection: 'signed-out',
  demoDirectory: { people: [], accounts: [], federations: [] },
  async signIn(email, password) {
    await completeSignIn(set, () => getApi().signIn({ email, password }));
  },
  async signInAsDemo(email) {
    await completeSignIn(set, () => getApi().demoSignIn(email));
  },
  async signOut() {
    await getApi().signOut();
    get().resetDirectory();
    // Signing out of this machine takes the person's unsent drafts with it.
    get().discardDrafts();
    get().resetConversations();
    get().resetComposers();
    set({ me: null, connection: 'signed-out' });
  },
  async restoreSession() {
    const user = await getApi().currentUser();
    if (user && !get().me) set({ me: user });
  },
  sessionEnded(reason) {
    get().resetDirectory();
    get().resetConversations();
    set({ me: null, signInError: endedMessages[reason] });
  },
  async setPresence(presence, statusMessage, statusClearsAt = null) {
    const result = await getApi().setPresence({ presence, statusMessage, statusClearsAt: statusMessage === null ? null : statusClearsAt });
    if (!result.ok) return result.error.message;
    get().ownPersonChanged(result.data);
    return null;
  },
  async loadDemoPeople() {
    const result = await getApi().demoPeople();
    if (result.ok) set({ demoDirectory: result.data });
  },
  connectionChanged(connection) {
    set({ connection });
    if (connection === 'signed-out' && get().me) set({ me: null, signInError: 'Your session ended. Sign in again.' });
  },
  ownPersonChanged(person) {
    const me = get().me;
    if (me && me.id === person.id) set({ me: { ...me, ...person } });
  },
});
