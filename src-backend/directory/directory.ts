/**
 * The directory in memory: accounts, people, federations and who is connected. The database
 * stays the record; this is its fast, always-current view, and the one place that decides what
 * a viewer may be told about a person.
 */
import { VisibilityGraph, type FederationMembership } from '../../src-shared/domain/visibility';
import { UNKNOWN_USER, type ContactCard, type LabelRef, type PersonRef, type PersonSummary, type Presence, type UnknownPerson } from '../../src-shared/protocol/model';
import type { Db } from '../store/database';
import type { Account, DirectoryStore, FederationRecord, UserRecord } from '../store/directoryStore';
import { UnknownPeopleStore } from '../store/unknownPeopleStore';
import { PeopleSearchIndex } from './peopleSearch';

export type { Account, UserRecord } from '../store/directoryStore';

/** A federation and its member accounts. */
export type Federation = FederationRecord;

/** Who is asking: the signed-in person. */
export interface Viewer {
  id: string;
  accountId: string;
}

export class Directory {
  readonly accounts = new Map<string, Account>();
  readonly users = new Map<string, UserRecord>();
  readonly federations = new Map<string, Federation>();
  private graph = new VisibilityGraph([]);
  private index = new PeopleSearchIndex();
  private readonly connections = new Map<string, number>();
  /** Clients (socket ids) whose person has been idle there for a while; never stored. */
  private readonly idleClients = new Map<string, Set<string>>();
  /** References to unknown people, per conversation (SPEC 1 rule 7). */
  readonly unknownPeople: UnknownPeopleStore;
  /** Counts changes of people, accounts and federations (see `version`). */
  private changes = 0;

  constructor(
    private readonly store: DirectoryStore,
    db: Db,
  ) {
    this.unknownPeople = new UnknownPeopleStore(db);
    this.reload();
    // Every write to a person goes through the store, which tells us here.
    store.onUserChanged((userId) => this.userChanged(userId));
  }

  /** Every federation, as visibility needs them (a snapshot: the map changes with the next reload). */
  federationMemberships(): FederationMembership[] {
    return [...this.federations.values()].map((federation) => ({ id: federation.id, accountIds: [...federation.accountIds] }));
  }

  /**
   * Changes with everything that decides how one person is shown to another — people, account
   * names, federations, references to unknown people — so views built before can be known stale.
   */
  get version(): string {
    return `${this.changes}:${this.unknownPeople.retirements}`;
  }

  /** Reads everything again from the database. */
  reload(): void {
    this.changes += 1;
    this.accounts.clear();
    for (const account of this.store.accounts()) this.accounts.set(account.id, account);
    this.users.clear();
    for (const user of this.store.users()) this.users.set(user.id, user);
    this.index = new PeopleSearchIndex(this.users.values());
    this.reloadFederations();
  }

  reloadFederations(): void {
    this.changes += 1;
    this.federations.clear();
    for (const federation of this.store.federations()) this.federations.set(federation.id, federation);
    this.graph = new VisibilityGraph([...this.federations.values()]);
  }

  /** Indexes a user just written to the database (or written again). */
  userChanged(userId: string): void {
    this.changes += 1;
    const user = this.store.user(userId);
    if (!user) {
      this.users.delete(userId);
      this.index.remove(userId);
      return;
    }
    const previous = this.users.get(userId);
    this.users.set(userId, user);
    if (
      !previous ||
      previous.displayName !== user.displayName ||
      previous.email !== user.email ||
      previous.phone !== user.phone ||
      previous.mobile !== user.mobile ||
      previous.extension !== user.extension
    ) {
      this.index.add(user);
    }
  }

  user(userId: string): UserRecord | undefined {
    return this.users.get(userId);
  }

  accountName(accountId: string): string {
    return this.accounts.get(accountId)?.name ?? accountId;
  }

  sees(viewer: Viewer, target: { accountId: string }): boolean {
    return this.graph.sees(viewer, target);
  }

  /** The accounts whose people a person of this account sees, their own included. */
  visibleAccounts(accountId: string): ReadonlySet<string> {
    return this.graph.visibleAccounts(accountId);
  }

  searchPeople(viewer: Viewer, query: string, limit: number): UserRecord[] {
    const found = this.index.search(query, { accountId: viewer.accountId, visibleAccounts: this.visibleAccounts(viewer.accountId) }, limit);
    return found.map((person) => this.users.get(person.id)!).filter(Boolean);
  }

  // --- presence -----------------------------------------------------------------------------

  presenceOf(user: UserRecord): Presence {
    const connected = this.connections.get(user.id) ?? 0;
    if (connected > 0) {
      // Idle on every client turns Available into Away, without touching what they chose.
      const idle = this.idleClients.get(user.id)?.size ?? 0;
      return user.chosenPresence === 'available' && idle >= connected ? 'away' : user.chosenPresence;
    }
    if (!user.hasSignedIn && user.seedPresence) return user.seedPresence;
    return 'offline';
  }

  /** Counts a client in; true when it is the person's first one (their presence changed). */
  clientConnected(userId: string): boolean {
    const count = (this.connections.get(userId) ?? 0) + 1;
    this.connections.set(userId, count);
    if (this.users.get(userId)?.hasSignedIn === false) this.store.markSignedIn(userId);
    return count === 1;
  }

  /** Records whether one client's person is idle; true when their presence changed. */
  clientIdle(userId: string, clientId: string, idle: boolean): boolean {
    const user = this.users.get(userId);
    if (!user) return false;
    const before = this.presenceOf(user);
    const clients = this.idleClients.get(userId) ?? new Set<string>();
    if (idle) clients.add(clientId);
    else clients.delete(clientId);
    if (clients.size > 0) this.idleClients.set(userId, clients);
    else this.idleClients.delete(userId);
    return this.presenceOf(user) !== before;
  }

  /** Counts a client out; true when it was the person's last one (they went offline). */
  clientDisconnected(userId: string, clientId?: string): boolean {
    if (clientId) this.clientIdle(userId, clientId, false);
    const count = (this.connections.get(userId) ?? 1) - 1;
    if (count <= 0) this.connections.delete(userId);
    else this.connections.set(userId, count);
    return count <= 0;
  }

  isConnected(userId: string): boolean {
    return (this.connections.get(userId) ?? 0) > 0;
  }

  /** How many clients a person has connected now. */
  connectionCount(userId: string): number {
    return this.connections.get(userId) ?? 0;
  }

  // --- what a viewer may be told ------------------------------------------------------------

  /** A person as a viewer of `viewerAccountId` sees them; callers check `sees` first. */
  summaryFor(viewerAccountId: string, user: UserRecord): PersonSummary {
    return {
      kind: 'person',
      id: user.id,
      displayName: user.displayName,
      title: user.title,
      department: user.department,
      accountId: user.accountId,
      accountName: this.accountName(user.accountId),
      federated: user.accountId !== viewerAccountId,
      presence: this.presenceOf(user),
      statusMessage: user.statusMessage,
      email: user.email,
      phone: user.phone,
    };
  }

  card(viewer: Viewer, user: UserRecord): ContactCard {
    return {
      ...this.summaryFor(viewer.accountId, user),
      mobile: user.mobile,
      extension: user.accountId === viewer.accountId ? user.extension : null,
    };
  }

  /**
   * Anyone, as this viewer may see them where they show (a conversation): the person, or
   * UNKNOWN USER with that conversation's reference, which means nothing anywhere else.
   */
  ref(viewer: Viewer, userId: string, conversationId: string): PersonRef {
    const user = this.users.get(userId);
    if (user && this.sees(viewer, user)) return this.summaryFor(viewer.accountId, user);
    return this.unknown(viewer, userId, conversationId);
  }

  /** As `ref`, for a message or notice: a person's label (no presence, no contacts), or UNKNOWN USER. */
  label(viewer: Viewer, userId: string, conversationId: string): LabelRef {
    const user = this.users.get(userId);
    if (user && this.sees(viewer, user)) {
      return { kind: 'person', id: user.id, displayName: user.displayName, accountId: user.accountId, accountName: this.accountName(user.accountId), federated: user.accountId !== viewer.accountId };
    }
    return this.unknown(viewer, userId, conversationId);
  }

  private unknown(viewer: Viewer, userId: string, conversationId: string): UnknownPerson {
    return { kind: 'unknown', displayName: UNKNOWN_USER, ...this.unknownPeople.reference(conversationId, viewer.accountId, userId) };
  }
}
