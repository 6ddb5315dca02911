/**
 * Support staff's changes to federations, users and channel membership (SPEC 1 "Changing a
 * federation", SPEC 4.3). Every input is validated and every rule checked before anything is
 * written; every change is written with its audit entry (operator and reason included) in one
 * transaction, then announced to the connected clients whose view it changed. A dry run of a
 * federation change checks the same rules and returns what the change would do instead.
 */
import { randomBytes } from 'node:crypto';
import type { FederationMembership } from '../../src-shared/domain/visibility';
import { toNorthAmericanE164 } from '../../src-shared/domain/phone';
import { describeZodError } from '../../src-shared/protocol/validate';
import { hashPassword } from '../auth/passwords';
import type { Directory, UserRecord } from '../directory/directory';
import type { ConversationStore, SharedConversation } from '../store/conversationStore';
import type { Db } from '../store/database';
import type { DirectoryStore } from '../store/directoryStore';
import { adminCommandSchemas, type AdminArguments, type AdminCommand, type AdminInput, type Consent } from '../support/adminProtocol';
import { changedAccountPairs, groupName, previewVisibilityChange, type VisibilityPreview } from './federationPreview';

/** A change a rule refuses; `rule` names the rule for the console and for tests. */
export class RuleRefusal extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** Something named that does not exist; `rule` names what was expected. */
export class NotFound extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** Arguments that do not have the shape of the command (a caller in this process; the admin route checks its own). */
export class InvalidArguments extends Error {}

/** What connected clients must hear about a change; the server turns it into events. */
export interface ChangeAnnouncer {
  /** Who sees whom changed for people of these accounts (and for no others). */
  visibilityChanged(accountIds: Iterable<string>, reason: string): void;
  /** A person was removed: end their sessions and connections. */
  userRemoved(userId: string): void;
  /** A channel's membership changed. */
  membershipChanged(channelId: string, userIds: string[]): void;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  federationId: string | null;
  /** Who made the change (the console sends the operator's name), or null. */
  operator: string | null;
  /** Why: a ticket or a request, as the operator gave it; or null. */
  reason: string | null;
  detail: Record<string, unknown>;
}

/** What a dry run answers instead of making the change. */
export interface DryRun {
  dryRun: true;
  command: AdminCommand;
  federation: { id: string | null; name: string; accounts: Array<{ id: string; name: string }> };
  preview: VisibilityPreview;
  /** What the change itself would still need (consents, a confirmation, an acknowledgement), each with its rule. */
  stillNeeded: Array<{ rule: string; message: string }>;
}

/** A member of a stranded channel, as support sees them. */
export interface StrandedMember {
  userId: string;
  displayName: string;
  email: string;
  accountId: string;
  accountName: string;
  /** The members of the channel this one does not see (nor they them). */
  doesNotSee: string[];
  /** The owning account does not see them: the person to remove. */
  remove: boolean;
}

export interface StrandedChannel {
  /** A channel, or a group chat (named by its members; no owning account, so nobody is marked to remove). */
  kind: 'channel' | 'group';
  channelId: string;
  name: string;
  /** The owning account; null for a group chat. */
  accountId: string | null;
  accountName: string | null;
  members: StrandedMember[];
  pairs: Array<{ userId: string; doesNotSee: string }>;
  /** No member is unseen by the owning account (or there is none: a group chat): the owner, or the members, choose whom to remove. */
  ownerDecides: boolean;
}

const maximumAccounts = 10;

function parse<C extends AdminCommand>(command: C, input: unknown): AdminArguments<C> {
  const parsed = adminCommandSchemas[command].safeParse(input ?? {});
  if (!parsed.success) throw new InvalidArguments(`${command}: ${describeZodError(parsed.error)}`);
  return parsed.data as AdminArguments<C>;
}

export class FederationService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
    private readonly conversations: ConversationStore,
    private readonly announce: ChangeAnnouncer,
    /** Writes people (and keeps the directory in step). */
    private readonly users: DirectoryStore,
  ) {}

  listAccounts() {
    const counts = new Map<string, number>();
    for (const user of this.directory.users.values()) counts.set(user.accountId, (counts.get(user.accountId) ?? 0) + 1);
    return [...this.directory.accounts.values()].map((account) => ({
      id: account.id,
      name: account.name,
      users: counts.get(account.id) ?? 0,
      federations: [...this.directory.federations.values()].filter((federation) => federation.accountIds.includes(account.id)).map((federation) => federation.id),
    }));
  }

  listFederations() {
    return [...this.directory.federations.values()].map((federation) => this.summary(federation.id));
  }

  /** One federation with the consent in force for each of its accounts (the latest one given). */
  describe(federationId: string) {
    const summary = this.summary(federationId);
    const latest = new Map<string, { who: string; form: string; at: string; operator: string | null; action: string }>();
    for (const entry of this.auditLog({ federationId })) {
      for (const consent of (entry.detail.consents as Consent[] | undefined) ?? []) {
        latest.set(consent.accountId, { who: consent.who, form: consent.form, at: entry.at, operator: entry.operator, action: entry.action });
      }
    }
    return {
      ...summary,
      consents: summary.accounts.map((account) => ({ accountId: account.id, accountName: account.name, ...(latest.get(account.id) ?? { who: null, form: null, at: null, operator: null, action: null }) })),
    };
  }

  create(input: AdminInput<'federation create'>): ReturnType<FederationService['describe']> | DryRun {
    const { name, accountIds, consents, confirmAllSeeAll, dryRun, operator, reason } = parse('federation create', input);
    const accounts = this.checkAccounts(accountIds);
    this.checkCount(accounts.length);
    this.checkStrayConsents(accounts, consents);
    if (dryRun) {
      const after = [...this.directory.federationMemberships(), { id: '(new)', accountIds: accounts }];
      return this.dryRun('federation create', { id: null, name, accountIds: accounts }, after, [this.missingConsents(accounts, consents), this.missingConfirmation(confirmAllSeeAll)]);
    }
    const consentRecords = this.checkConsents(accounts, consents);
    this.checkConfirmation(confirmAllSeeAll);
    const id = `fed-${randomBytes(6).toString('hex')}`;
    const now = new Date().toISOString();
    this.change('federation-created', () => {
      this.db.prepare('INSERT INTO federations (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now);
      const insert = this.db.prepare('INSERT INTO federation_accounts (federation_id, account_id) VALUES (?, ?)');
      for (const accountId of accounts) insert.run(id, accountId);
      this.audit('federation create', id, { operator, reason }, { name, accounts, consents: consentRecords, confirmedAllSeeAll: true });
    });
    return this.describe(id);
  }

  addAccounts(input: AdminInput<'federation add-accounts'>): ReturnType<FederationService['describe']> | DryRun {
    const { federationId, accountIds, consents, confirmAllSeeAll, dryRun, operator, reason } = parse('federation add-accounts', input);
    const federation = this.federation(federationId);
    const adding = this.checkAccounts(accountIds);
    const already = adding.filter((accountId) => federation.accountIds.includes(accountId));
    if (already.length > 0) throw new RuleRefusal('already-member', `Account ${already.join(', ')} is already in federation ${federationId}.`);
    const resulting = [...federation.accountIds, ...adding];
    this.checkCount(resulting.length);
    this.checkStrayConsents(resulting, consents);
    if (dryRun) {
      const after = this.directory.federationMemberships().map((candidate) => (candidate.id === federationId ? { id: federationId, accountIds: resulting } : candidate));
      return this.dryRun('federation add-accounts', { id: federationId, name: federation.name, accountIds: resulting }, after, [
        this.missingConsents(resulting, consents),
        this.missingConfirmation(confirmAllSeeAll),
      ]);
    }
    // SPEC 4.3: consent is needed for every account the change brings in, the present ones included.
    const consentRecords = this.checkConsents(resulting, consents);
    this.checkConfirmation(confirmAllSeeAll);
    this.change('federation-accounts-added', () => {
      const insert = this.db.prepare('INSERT INTO federation_accounts (federation_id, account_id) VALUES (?, ?)');
      for (const accountId of adding) insert.run(federationId, accountId);
      this.audit('federation add-accounts', federationId, { operator, reason }, { added: adding, accounts: resulting, consents: consentRecords, confirmedAllSeeAll: true });
    });
    return this.describe(federationId);
  }

  removeAccounts(input: AdminInput<'federation remove-accounts'>): ReturnType<FederationService['describe']> | DryRun {
    const { federationId, accountIds, ackChannelCleanup, dryRun, operator, reason } = parse('federation remove-accounts', input);
    const federation = this.federation(federationId);
    const removing = [...new Set(accountIds)];
    const missing = removing.filter((accountId) => !federation.accountIds.includes(accountId));
    if (missing.length > 0) throw new RuleRefusal('not-member', `Account ${missing.join(', ')} is not in federation ${federationId}.`);
    const remaining = federation.accountIds.filter((accountId) => !removing.includes(accountId));
    if (remaining.length < 2) {
      throw new RuleRefusal('account-count', `A federation has 2 to 10 accounts; removing these would leave ${remaining.length}. Delete the federation instead.`);
    }
    if (dryRun) {
      const after = this.directory.federationMemberships().map((candidate) => (candidate.id === federationId ? { id: federationId, accountIds: remaining } : candidate));
      return this.dryRun('federation remove-accounts', { id: federationId, name: federation.name, accountIds: remaining }, after, [this.missingAcknowledgement(ackChannelCleanup)]);
    }
    this.checkAcknowledgement(ackChannelCleanup);
    this.change('federation-accounts-removed', () => {
      const remove = this.db.prepare('DELETE FROM federation_accounts WHERE federation_id = ? AND account_id = ?');
      for (const accountId of removing) remove.run(federationId, accountId);
      this.audit('federation remove-accounts', federationId, { operator, reason }, { removed: removing, accounts: remaining, acknowledgedChannelCleanup: true });
    });
    return this.describe(federationId);
  }

  delete(input: AdminInput<'federation delete'>): { id: string; name: string; deleted: true } | DryRun {
    const { federationId, ackChannelCleanup, dryRun, operator, reason } = parse('federation delete', input);
    const federation = this.federation(federationId);
    if (dryRun) {
      const after = this.directory.federationMemberships().filter((candidate) => candidate.id !== federationId);
      return this.dryRun('federation delete', { id: federationId, name: federation.name, accountIds: [] }, after, [this.missingAcknowledgement(ackChannelCleanup)]);
    }
    this.checkAcknowledgement(ackChannelCleanup);
    this.change('federation-deleted', () => {
      this.db.prepare('DELETE FROM federations WHERE id = ?').run(federationId);
      this.audit('federation delete', federationId, { operator, reason }, { name: federation.name, accounts: federation.accountIds, acknowledgedChannelCleanup: true });
    });
    return { id: federationId, name: federation.name, deleted: true };
  }

  async addUser(input: AdminInput<'user add'>) {
    const { operator, reason, ...person } = parse('user add', input);
    if (!this.directory.accounts.has(person.accountId)) throw new NotFound('existing-account', `No account "${person.accountId}".`);
    if (this.users.emailTaken(person.email)) throw new RuleRefusal('unique-email', `The email ${person.email} is already used (emails are unique).`);
    let phone: string | null = null;
    if (person.phone !== undefined) {
      phone = toNorthAmericanE164(person.phone);
      if (!phone) throw new RuleRefusal('phone-number', `"${person.phone}" is not a valid 10-digit North American number.`);
      if (this.users.ownerOfNumber(phone)) {
        throw new RuleRefusal('unique-phone', `The number ${phone} already belongs to someone (numbers are unique across accounts).`);
      }
    }
    if (person.extension !== undefined && this.users.ownerOfExtension(person.accountId, person.extension)) {
      throw new RuleRefusal('unique-extension', `Extension ${person.extension} is already used in account ${person.accountId}.`);
    }
    const id = `u-${randomBytes(6).toString('hex')}`;
    const passwordHash = await hashPassword(person.password);
    this.db.transaction(() => {
      this.users.insertUser({ id, accountId: person.accountId, displayName: person.name, email: person.email, passwordHash, title: person.title ?? null, extension: person.extension ?? null, phone, createdAt: new Date().toISOString() });
      this.audit('user add', null, { operator, reason }, { userId: id, accountId: person.accountId, name: person.name, email: person.email });
    })();
    this.announce.visibilityChanged(this.directory.visibleAccounts(person.accountId), 'user-added');
    return { id, accountId: person.accountId, accountName: this.directory.accountName(person.accountId), name: person.name, email: person.email };
  }

  removeUser(input: AdminInput<'user remove'>) {
    const { userId, operator, reason } = parse('user remove', input);
    const user = this.directory.user(userId);
    if (!user) throw new NotFound('existing-user', `No user "${userId}".`);
    const audience = this.directory.visibleAccounts(user.accountId);
    this.db.transaction(() => {
      this.users.removeUser(userId);
      this.audit('user remove', null, { operator, reason }, { userId, accountId: user.accountId, name: user.displayName });
    })();
    this.announce.userRemoved(userId);
    this.announce.visibilityChanged(audience, 'user-removed');
    return { id: userId, name: user.displayName, removed: true };
  }

  /**
   * Channels holding members who do not see each other; with a federation, those it concerns.
   * Each marks the people to remove (those the owning account does not see), or says that the
   * owning account chooses when it sees them all.
   */
  strandedChannels(input: AdminInput<'channels stranded'> = {}): StrandedChannel[] {
    const { federationId } = parse('channels stranded', input);
    let concerned: Set<string> | null = null;
    if (federationId) {
      const current = this.directory.federations.get(federationId)?.accountIds ?? [];
      const history = this.auditLog({ federationId }).flatMap((entry) => [
        ...((entry.detail.accounts as string[] | undefined) ?? []),
        ...((entry.detail.removed as string[] | undefined) ?? []),
      ]);
      concerned = new Set([...current, ...history]);
      if (concerned.size === 0) throw new NotFound('existing-federation', `No federation "${federationId}", now or in the audit log.`);
    }
    return this.conversations.channelsWithMembers().flatMap((channel) => this.stranding(channel, concerned) ?? []);
  }

  removeChannelMember(input: AdminInput<'channel remove-member'>) {
    const { channelId, member, force, operator, reason } = parse('channel remove-member', input);
    const record = this.conversations.get(channelId);
    if ((record?.kind !== 'channel' || !record.accountId) && record?.kind !== 'group') throw new NotFound('existing-channel', `No channel or group chat "${channelId}".`);
    const memberIds = [...this.conversations.members(channelId)];
    const channel: SharedConversation = { id: channelId, kind: record.kind, name: record.name, accountId: record.accountId, memberIds };
    const user = this.directory.user(member) ?? [...this.directory.users.values()].find((candidate) => candidate.email.toLowerCase() === member.toLowerCase());
    if (!user) throw new NotFound('existing-user', `No user "${member}" (give a user id, like nw-alice, or an email).`);
    const channelName = record.name ?? groupName(memberIds.flatMap((userId) => this.directory.user(userId) ?? []));
    const where = record.kind === 'group' ? `the group chat of ${channelName}` : `#${channelName}`;
    if (!memberIds.includes(user.id)) throw new RuleRefusal('channel-member', `${user.displayName} (${user.id}) is not a member of ${where}.`);
    const stranded = this.stranding(channel, null)?.members.some((candidate) => candidate.userId === user.id) ?? false;
    if (!stranded && !force) {
      throw new RuleRefusal(
        'stranded-only',
        `${user.displayName} (${user.id}) sees every member of ${where} and is seen by them: not stranded, so not removed. To remove them anyway, force it (force).`,
      );
    }
    this.db.transaction(() => {
      this.conversations.removeMember(channelId, user.id);
      this.audit('channel remove-member', null, { operator, reason }, { channelId, channelName, userId: user.id, name: user.displayName, stranded });
    })();
    this.announce.membershipChanged(channelId, memberIds);
    return { channelId, kind: record.kind, channelName, userId: user.id, displayName: user.displayName, removed: true, forced: !stranded };
  }

  auditLog(input: AdminInput<'audit'> = {}): AuditEntry[] {
    const { federationId } = parse('audit', input);
    const rows = (
      federationId
        ? this.db.prepare('SELECT * FROM audit_log WHERE federation_id = ? ORDER BY id').all(federationId)
        : this.db.prepare('SELECT * FROM audit_log ORDER BY id').all()
    ) as Array<{ id: number; at: string; action: string; federation_id: string | null; operator: string | null; reason: string | null; detail: string }>;
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      action: row.action,
      federationId: row.federation_id,
      operator: row.operator,
      reason: row.reason,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }));
  }

  // --- rules --------------------------------------------------------------------------------

  private summary(federationId: string) {
    const federation = this.federation(federationId);
    return {
      id: federation.id,
      name: federation.name,
      createdAt: federation.createdAt,
      accounts: federation.accountIds.map((accountId) => ({ id: accountId, name: this.directory.accountName(accountId) })),
    };
  }

  private federation(federationId: string) {
    const federation = this.directory.federations.get(federationId);
    if (!federation) throw new NotFound('existing-federation', `No federation "${federationId}".`);
    return federation;
  }

  private checkAccounts(accountIds: string[]): string[] {
    const distinct = [...new Set(accountIds)];
    if (distinct.length !== accountIds.length) throw new RuleRefusal('distinct-accounts', 'A federation has 2 to 10 distinct accounts; an account is listed twice.');
    const unknown = distinct.filter((accountId) => !this.directory.accounts.has(accountId));
    if (unknown.length > 0) throw new RuleRefusal('existing-accounts', `A federation has 2 to 10 existing accounts; no account ${unknown.join(', ')}.`);
    return distinct;
  }

  private checkCount(count: number): void {
    if (count < 2 || count > maximumAccounts) {
      throw new RuleRefusal('account-count', `A federation has 2 to ${maximumAccounts} accounts; this change would make ${count}.`);
    }
  }

  private describeAccounts(accountIds: string[]): string {
    return accountIds.map((accountId) => `${accountId} (${this.directory.accountName(accountId)})`).join(', ');
  }

  private checkStrayConsents(accountIds: string[], consents: Consent[]): void {
    const stray = consents.filter((consent) => !accountIds.includes(consent.accountId));
    if (stray.length > 0) throw new RuleRefusal('consent', `Consent given for ${stray.map((consent) => consent.accountId).join(', ')}, which this change does not involve.`);
    const twice = consents.filter((consent, index) => consents.findIndex((other) => other.accountId === consent.accountId) !== index);
    if (twice.length > 0) throw new RuleRefusal('consent', `Consent given twice for ${[...new Set(twice.map((consent) => consent.accountId))].join(', ')}; give one per account.`);
  }

  private missingConsents(accountIds: string[], consents: Consent[]): { rule: string; message: string } | null {
    const given = new Set(consents.map((consent) => consent.accountId));
    const missing = accountIds.filter((accountId) => !given.has(accountId));
    if (missing.length === 0) return null;
    return {
      rule: 'consent',
      message: `Every account involved needs a consent record (\`consents\`: who consented, and whether written or verbal); missing for ${this.describeAccounts(missing)}.`,
    };
  }

  private checkConsents(accountIds: string[], consents: Consent[]): Consent[] {
    const missing = this.missingConsents(accountIds, consents);
    if (missing) throw new RuleRefusal(missing.rule, missing.message);
    const byAccount = new Map(consents.map((consent) => [consent.accountId, consent]));
    return accountIds.map((accountId) => byAccount.get(accountId)!);
  }

  private missingConfirmation(confirmed: boolean): { rule: string; message: string } | null {
    return confirmed ? null : { rule: 'confirm-all-see-all', message: 'Confirm that every user of every account will see every user of the others (`confirmAllSeeAll`).' };
  }

  private checkConfirmation(confirmed: boolean): void {
    const missing = this.missingConfirmation(confirmed);
    if (missing) throw new RuleRefusal(missing.rule, missing.message);
  }

  private missingAcknowledgement(acknowledged: boolean): { rule: string; message: string } | null {
    if (acknowledged) return null;
    return {
      rule: 'ack-channel-cleanup',
      message: 'Acknowledge that federated users must be removed from shared channels by hand (`ackChannelCleanup`); `channels stranded` lists them.',
    };
  }

  private checkAcknowledgement(acknowledged: boolean): void {
    const missing = this.missingAcknowledgement(acknowledged);
    if (missing) throw new RuleRefusal(missing.rule, missing.message);
  }

  private dryRun(
    command: AdminCommand,
    federation: { id: string | null; name: string; accountIds: string[] },
    after: FederationMembership[],
    needed: Array<{ rule: string; message: string } | null>,
  ): DryRun {
    return {
      dryRun: true,
      command,
      federation: { id: federation.id, name: federation.name, accounts: federation.accountIds.map((id) => ({ id, name: this.directory.accountName(id) })) },
      preview: previewVisibilityChange(this.directory, this.conversations, after),
      stillNeeded: needed.filter((item): item is { rule: string; message: string } => item !== null),
    };
  }

  /** A channel's members who do not see each other, or null when everyone sees everyone (among `concerned` accounts, when given). */
  private stranding(channel: SharedConversation, concerned: Set<string> | null): StrandedChannel | null {
    const members = channel.memberIds.map((userId) => this.directory.user(userId)).filter((user): user is UserRecord => user !== undefined);
    const pairs: Array<{ userId: string; doesNotSee: string }> = [];
    const doesNotSee = new Map<string, string[]>();
    for (const member of members) {
      for (const other of members) {
        if (member.id < other.id && !this.directory.sees(member, other)) {
          // A federation concerns the pairs it held together: both accounts in it, now or before.
          if (concerned && !(concerned.has(member.accountId) && concerned.has(other.accountId))) continue;
          pairs.push({ userId: member.id, doesNotSee: other.id });
          doesNotSee.set(member.id, [...(doesNotSee.get(member.id) ?? []), other.id]);
          doesNotSee.set(other.id, [...(doesNotSee.get(other.id) ?? []), member.id]);
        }
      }
    }
    if (pairs.length === 0) return null;
    // A group chat has no owning account: nobody is marked, its members choose who leaves.
    const ownerSees = channel.accountId === null ? null : this.directory.visibleAccounts(channel.accountId);
    const stranded = members
      .filter((member) => doesNotSee.has(member.id))
      .map((member) => ({
        userId: member.id,
        displayName: member.displayName,
        email: member.email,
        accountId: member.accountId,
        accountName: this.directory.accountName(member.accountId),
        doesNotSee: doesNotSee.get(member.id)!.sort(),
        remove: ownerSees !== null && !ownerSees.has(member.accountId),
      }))
      // The people to remove first.
      .sort((a, b) => Number(b.remove) - Number(a.remove) || a.displayName.localeCompare(b.displayName));
    return {
      kind: channel.kind,
      channelId: channel.id,
      name: channel.name ?? groupName(members),
      accountId: channel.accountId,
      accountName: channel.accountId === null ? null : this.directory.accountName(channel.accountId),
      members: stranded,
      pairs,
      ownerDecides: stranded.every((member) => !member.remove),
    };
  }

  private audit(action: string, federationId: string | null, by: { operator?: string; reason?: string }, detail: Record<string, unknown>): void {
    this.db
      .prepare('INSERT INTO audit_log (at, action, federation_id, operator, reason, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(new Date().toISOString(), action, federationId, by.operator ?? null, by.reason ?? null, JSON.stringify(detail));
  }

  /**
   * Writes a federation change, then tells exactly the accounts whose view changed: people of
   * two accounts that newly see, or stop seeing, each other. References to unknown people end
   * where their account is seen again (a new one is made if they become unknown later).
   */
  private change(reason: string, write: () => void): void {
    const before = this.directory.federationMemberships();
    this.db.transaction(write)();
    this.directory.reloadFederations();
    const pairs = changedAccountPairs(this.directory.accounts.keys(), before, this.directory.federationMemberships());
    for (const pair of pairs) {
      if (pair.change !== 'newly-see') continue;
      this.directory.unknownPeople.retire(pair.first, pair.second);
      this.directory.unknownPeople.retire(pair.second, pair.first);
    }
    this.announce.visibilityChanged(new Set(pairs.flatMap((pair) => [pair.first, pair.second])), reason);
  }
}
