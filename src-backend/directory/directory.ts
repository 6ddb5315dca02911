/**
 * The directory in memory: accounts, people, federations and who is connected. The store stays
 * the record; this is its replica — read whole at start, written through here (every write of a
 * person or a federation goes through `Directory` and updates it), and told of other processes'
 * writes by name (`userChangedElsewhere`, `federationsChangedElsewhere`, `reload`) — and the one
 * place that decides what a viewer may be told about a person.
 */
import { randomInt } from 'node:crypto';
import { cleanName } from '../../src-shared/domain/text';
import { LocalConnections, type ClientCounts, type Connections } from '../cluster/connections';
import { VisibilityGraph, type FederationMembership } from '../../src-shared/domain/visibility';
import { UNKNOWN_USER, type ContactCard, type LabelRef, type PersonRef, type PersonSummary, type Presence, type UnknownPerson } from '../../src-shared/protocol/model';
import { extensionShownTo } from '../domain/policy';
import type { Account, FederationRecord, NewAuditEntry, NewUser, PhotoRecord, ProfileChange, UnknownReference, UserRecord } from '../store/records';
import type { DirectoryRepository } from '../store/repositories';
import { PeopleSearchIndex } from './peopleSearch';
import type { UnknownPeople } from './unknownPeople';

export type { Account, UserRecord } from '../store/records';

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
  /** Whose work phone or mobile each number is, and each account's extensions (number resolution, SPEC 3). */
  private readonly numbers = new Map<string, string>();
  private readonly extensions = new Map<string, string>();
  /** Counts changes of people, accounts and federations (see `version`). */
  private changes = 0;
  /** Reads of the store under way to apply a change (see `current`). */
  private readonly applying = new Set<Promise<unknown>>();
  /** Told of every change of people or federations made here, for the other processes. */
  private readonly publishers: Array<(change: DirectoryChange) => Promise<void> | void> = [];

  /** Use `Directory.load`: the replica is read whole before it answers anything. */
  private constructor(
    private readonly store: DirectoryRepository,
    /** References to unknown people, per conversation (SPEC 1 rule 7). */
    readonly unknownPeople: UnknownPeople,
    /** Who is connected and idle where: this process alone, or every process through Redis (../cluster/connections.ts). */
    private readonly connections: Connections,
  ) {}

  /** The directory of a store, read whole. */
  static async load(store: DirectoryRepository, unknownPeople: UnknownPeople, connections: Connections = new LocalConnections()): Promise<Directory> {
    const directory = new Directory(store, unknownPeople, connections);
    await directory.reload();
    return directory;
  }

  /** Calls `publish` with every change made through this directory (for the other processes). */
  publishChanges(publish: (change: DirectoryChange) => Promise<void> | void): void {
    this.publishers.push(publish);
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

  /** Reads everything again from the store (accounts change only this way). */
  reload(): Promise<void> {
    return this.track(this.readAll());
  }

  private async readAll(): Promise<void> {
    const [accounts, users, federations] = await Promise.all([this.store.accounts(), this.store.users(), this.store.federations()]);
    this.changes += 1;
    this.accounts.clear();
    for (const account of accounts) this.accounts.set(account.id, account);
    this.users.clear();
    this.numbers.clear();
    this.extensions.clear();
    for (const user of users) {
      this.users.set(user.id, user);
      this.indexNumbers(user);
    }
    this.index = new PeopleSearchIndex(this.users.values());
    this.setFederations(federations);
  }

  /** Federations changed (here or in another process): reads them again. */
  federationsChangedElsewhere(): Promise<void> {
    return this.track(this.store.federations().then((federations) => this.setFederations(federations)));
  }

  /**
   * Resolves once every change read again so far (from another process, or here) is applied;
   * null when none is under way, as nearly always. Commands wait for it before they read this
   * replica, so a command that arrives after another process's change was announced is answered
   * by it, not by what this process held before (SPEC 10: "at once").
   */
  current(): Promise<void> | null {
    return this.applying.size === 0 ? null : Promise.allSettled([...this.applying]).then(() => undefined);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.applying.add(work);
    void work.finally(() => this.applying.delete(work)).catch(() => undefined);
    return work;
  }

  private setFederations(federations: readonly FederationRecord[]): void {
    this.changes += 1;
    this.federations.clear();
    for (const federation of federations) this.federations.set(federation.id, federation);
    this.graph = new VisibilityGraph([...this.federations.values()]);
  }

  /**
   * A federation change was written here: reads them again, lets `alongside` finish what goes with
   * it (references to unknown people retired), then tells the other processes, which read both again.
   */
  async federationsChanged(alongside: () => Promise<void>): Promise<void> {
    await this.federationsChangedElsewhere();
    await alongside();
    await this.publish({ kind: 'federations' });
  }

  // --- writes of people (each updates this replica and tells the other processes) ---------------

  async setPresence(userId: string, presence: Presence, statusMessage: string | null, statusExpiresAt: string | null = null): Promise<UserRecord | undefined> {
    // As every name: nothing invisible, one line (the schema cleaned it already; a status of nothing else is none).
    await this.store.setPresence(userId, presence, statusMessage === null ? null : cleanName(statusMessage) || null, statusExpiresAt);
    return this.userChanged(userId);
  }

  /**
   * Clears every status message whose `Clear after` time has come (SPEC 9): read from this
   * replica, each cleared in the store (only if it is still the one that expired) and announced
   * through `changed`. Several processes sweeping at once clear it once in effect.
   */
  async clearExpiredStatuses(now: string, changed: (user: UserRecord) => void): Promise<void> {
    const expired = [...this.users.values()].filter((user) => user.statusMessage !== null && user.statusExpiresAt !== null && user.statusExpiresAt <= now);
    for (const user of expired) {
      const current = await this.userChangedElsewhere(user.id);
      if (!current || current.statusMessage === null || current.statusExpiresAt === null || current.statusExpiresAt > now) continue;
      const cleared = await this.setPresence(current.id, current.chosenPresence, null);
      if (cleared) changed(cleared);
    }
  }

  /** A person's own name, title and department (SPEC 9 `Profile`; the handler checked and cleaned them). */
  async setProfile(userId: string, profile: ProfileChange): Promise<UserRecord | undefined> {
    await this.store.setProfile(userId, profile);
    return this.userChanged(userId);
  }

  /** The time zone a person's client reports; written only when it differs (every connection reports it). */
  async setTimeZone(userId: string, timeZone: string): Promise<void> {
    if (this.users.get(userId)?.timeZone === timeZone) return;
    await this.store.setTimeZone(userId, timeZone);
    await this.userChanged(userId);
  }

  /** A person's new photo (checked before), or none. */
  async setPhoto(userId: string, photo: PhotoRecord | null): Promise<UserRecord | undefined> {
    await this.store.setPhoto(userId, photo);
    return this.userChanged(userId);
  }

  /** Records a person's first sign-in: from now on their seeded presence no longer stands in. */
  async markSignedIn(userId: string): Promise<void> {
    if (await this.store.markSignedIn(userId)) await this.userChanged(userId);
  }

  /** A new account: written with its audit entry, then everything read again here and in the other processes (accounts change only so). */
  async addAccount(account: Account, audit: NewAuditEntry): Promise<void> {
    await this.store.insertAccount(account, audit);
    await this.reload();
    await this.publish({ kind: 'accounts' });
  }

  async addUser(user: NewUser, audit: NewAuditEntry): Promise<UserRecord | undefined> {
    // A name shows in other people's lists: no direction overrides that could disguise it.
    await this.store.insertUser({ ...user, displayName: cleanName(user.displayName) || user.email }, audit);
    return this.userChanged(user.id);
  }

  async removeUser(userId: string, audit: NewAuditEntry): Promise<void> {
    await this.store.removeUser(userId, audit);
    await this.userChanged(userId);
  }

  /** A person was written here: reads them again, and tells the other processes. */
  private async userChanged(userId: string): Promise<UserRecord | undefined> {
    const user = await this.userChangedElsewhere(userId);
    await this.publish({ kind: 'user', userId });
    return user;
  }

  /** Tells the other processes, awaited before the write returns (so they know before the writer's client does). */
  private async publish(change: DirectoryChange): Promise<void> {
    await Promise.all(this.publishers.map((publish) => publish(change)));
  }

  /** A person was written (here or in another process): reads and indexes them again. */
  userChangedElsewhere(userId: string): Promise<UserRecord | undefined> {
    return this.track(this.store.user(userId).then((user) => this.applyUser(userId, user)));
  }

  private applyUser(userId: string, user: UserRecord | undefined): UserRecord | undefined {
    this.changes += 1;
    const previous = this.users.get(userId);
    if (previous) this.indexNumbers(previous, false);
    if (!user) {
      this.users.delete(userId);
      this.index.remove(userId);
      return undefined;
    }
    this.users.set(userId, user);
    this.indexNumbers(user);
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
    return user;
  }

  user(userId: string): UserRecord | undefined {
    return this.users.get(userId);
  }

  /** The person whose work phone or mobile this E.164 number is. */
  ownerOfNumber(number: string): UserRecord | undefined {
    const userId = this.numbers.get(number);
    return userId === undefined ? undefined : this.users.get(userId);
  }

  /** The person of an account with this extension. */
  ownerOfExtension(accountId: string, extension: string): UserRecord | undefined {
    const userId = this.extensions.get(`${accountId}\n${extension}`);
    return userId === undefined ? undefined : this.users.get(userId);
  }

  /** Adds (or takes out) a person's numbers and extension. */
  private indexNumbers(user: UserRecord, add = true): void {
    const entries: Array<[Map<string, string>, string | null]> = [
      [this.numbers, user.phone],
      [this.numbers, user.mobile],
      [this.extensions, user.extension === null ? null : `${user.accountId}\n${user.extension}`],
    ];
    for (const [map, key] of entries) {
      if (key === null) continue;
      if (add) map.set(key, user.id);
      else if (map.get(key) === user.id) map.delete(key);
    }
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
    return presenceFrom(user, this.connections.counts(user.id));
  }

  /** What a person's presence was with these counts of their clients (before a change elsewhere). */
  presenceWith(user: UserRecord, counts: ClientCounts): Presence {
    return presenceFrom(user, counts);
  }

  /** Counts a client (a socket) in; true when it is the person's first one anywhere (their presence changed). The caller records a first sign-in (`markSignedIn`). */
  clientConnected(userId: string, socketId: string): boolean {
    return this.connections.connected(userId, socketId);
  }

  /** Records whether one client's person is idle; true when their presence changed. */
  clientIdle(userId: string, socketId: string, idle: boolean): boolean {
    const user = this.users.get(userId);
    if (!user) return false;
    const before = this.presenceOf(user);
    this.connections.idle(userId, socketId, idle);
    return this.presenceOf(user) !== before;
  }

  /** Counts a client out; true when it was the person's last one anywhere (they went offline). */
  clientDisconnected(userId: string, socketId: string): boolean {
    return this.connections.disconnected(userId, socketId);
  }

  /** Calls `listener` with each person whose presence another process changed (a client of theirs came, went or idled there). */
  onPresenceChangedElsewhere(listener: (user: UserRecord) => void): void {
    this.connections.onChangedElsewhere((userId, before) => {
      const user = this.users.get(userId);
      if (user && this.presenceWith(user, before) !== this.presenceOf(user)) listener(user);
    });
  }

  isConnected(userId: string): boolean {
    return this.connections.counts(userId).connected > 0;
  }

  /** How many clients a person has connected now, on every process. */
  connectionCount(userId: string): number {
    return this.connections.counts(userId).connected;
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
      photoId: user.photoId,
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
      extension: extensionShownTo(viewer, user),
      timeZone: user.timeZone,
    };
  }

  /**
   * Anyone, as this viewer may see them where they show (a conversation): the person, or
   * UNKNOWN USER with that conversation's reference, which means nothing anywhere else.
   */
  async ref(viewer: Viewer, userId: string, conversationId: string): Promise<PersonRef> {
    const user = this.users.get(userId);
    if (user && this.sees(viewer, user)) return this.summaryFor(viewer.accountId, user);
    return this.unknown(await this.unknownPeople.reference(conversationId, viewer.accountId, userId));
  }

  /** `ref` of several people of one conversation. */
  async refs(viewer: Viewer, userIds: readonly string[], conversationId: string): Promise<PersonRef[]> {
    const prepared = await this.prepareLabels(viewer, userIds.map((userId) => ({ userId, conversationId })));
    return userIds.map((userId) => this.refNow(viewer, userId, conversationId, prepared));
  }

  /**
   * A conversation's members as this viewer may see them, in an order that says nothing of those
   * they do not see (issue 18 #5): the people they see by name, then UNKNOWN USER for each of the
   * others by their reference's number, references made in a random order. Members kept in the
   * order they joined (and by id among those added together) would place an unknown person
   * between known ones and pin their id, and number their references that way.
   */
  async membersAsSeen(viewer: Viewer, memberIds: readonly string[], conversationId: string): Promise<PersonRef[]> {
    const seen: PersonSummary[] = [];
    const unseen: string[] = [];
    for (const userId of memberIds) {
      const user = this.users.get(userId);
      if (user && this.sees(viewer, user)) seen.push(this.summaryFor(viewer.accountId, user));
      else unseen.push(userId);
    }
    seen.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id));
    // Fisher–Yates with a cryptographic source: the first reference made gets the lowest number.
    for (let index = unseen.length - 1; index > 0; index--) {
      const other = randomInt(index + 1);
      [unseen[index], unseen[other]] = [unseen[other]!, unseen[index]!];
    }
    // One at a time, in that order: a reference made now takes the next number.
    const unknown: UnknownPerson[] = [];
    for (const userId of unseen) unknown.push(this.unknown(await this.unknownPeople.reference(conversationId, viewer.accountId, userId)));
    unknown.sort((a, b) => a.number - b.number);
    return [...seen, ...unknown];
  }

  /** As `ref`, for a message or notice: a person's label (no presence, no contacts), or UNKNOWN USER. */
  async label(viewer: Viewer, userId: string, conversationId: string): Promise<LabelRef> {
    return this.labelNow(viewer, userId, conversationId, await this.prepareLabels(viewer, [{ userId, conversationId }]));
  }

  /**
   * The references `labelNow` and `refNow` need for these people (where they show), read or made
   * before: views build many labels at once, without waiting for each.
   */
  async prepareLabels(viewer: Viewer, people: Iterable<{ userId: string; conversationId: string }>): Promise<PreparedLabels> {
    const prepared: PreparedLabels = new Map();
    for (const { userId, conversationId } of people) {
      const user = this.users.get(userId);
      if (user && this.sees(viewer, user)) continue;
      const key = preparedKey(conversationId, userId);
      if (!prepared.has(key)) prepared.set(key, await this.unknownPeople.reference(conversationId, viewer.accountId, userId));
    }
    return prepared;
  }

  /** `label` for someone `prepareLabels` prepared. */
  labelNow(viewer: Viewer, userId: string, conversationId: string, prepared: PreparedLabels): LabelRef {
    const user = this.users.get(userId);
    if (user && this.sees(viewer, user)) {
      return {
        kind: 'person',
        id: user.id,
        displayName: user.displayName,
        accountId: user.accountId,
        accountName: this.accountName(user.accountId),
        federated: user.accountId !== viewer.accountId,
        // Left out when there is none: a label rides in every message.
        ...(user.photoId === null ? {} : { photoId: user.photoId }),
      };
    }
    return this.unknownNow(userId, conversationId, prepared);
  }

  /** `ref` for someone `prepareLabels` prepared. */
  refNow(viewer: Viewer, userId: string, conversationId: string, prepared: PreparedLabels): PersonRef {
    const user = this.users.get(userId);
    if (user && this.sees(viewer, user)) return this.summaryFor(viewer.accountId, user);
    return this.unknownNow(userId, conversationId, prepared);
  }

  private unknownNow(userId: string, conversationId: string, prepared: PreparedLabels): UnknownPerson {
    const reference = prepared.get(preparedKey(conversationId, userId));
    // A programming error, never a person's: views prepare the people they show first (`prepareLabels`).
    if (!reference) throw new Error(`No reference prepared for an unknown person in ${conversationId}.`);
    return this.unknown(reference);
  }

  private unknown(reference: UnknownReference): UnknownPerson {
    return { kind: 'unknown', displayName: UNKNOWN_USER, ...reference };
  }
}

/** A person's presence from what they chose and their clients: idle on every client turns Available into Away, without touching what they chose. */
function presenceFrom(user: UserRecord, counts: ClientCounts): Presence {
  if (counts.connected > 0) return user.chosenPresence === 'available' && counts.idle >= counts.connected ? 'away' : user.chosenPresence;
  if (!user.hasSignedIn && user.seedPresence) return user.seedPresence;
  return 'offline';
}

/** References to unknown people read for one viewer, by conversation and person (`Directory.prepareLabels`). */
export type PreparedLabels = Map<string, UnknownReference>;
const preparedKey = (conversationId: string, userId: string) => `${conversationId}\n${userId}`;

/** A change of the directory made in one process, which the others apply to their replicas. */
export type DirectoryChange = { kind: 'user'; userId: string } | { kind: 'federations' } | { kind: 'accounts' };
