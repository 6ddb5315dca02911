/**
 * Support staff's changes to federations, users and channel membership (SPEC 1 "Changing a
 * federation", SPEC 4.3). Every input is validated and every rule checked (./federationRules.ts)
 * before anything is written; every change is written with its audit entry (operator and reason
 * included) in one transaction by the store, then announced to the connected clients whose view
 * it changed. A dry run of a federation change checks the same rules and returns what the change
 * would do instead (./federationPreview.ts); stranded channels are worked out in ./stranding.ts.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { FederationMembership } from '../../src-shared/domain/visibility';
import { toNorthAmericanE164 } from '../../src-shared/domain/phone';
import { maxGroupMembers } from '../../src-shared/protocol/groupProtocol';
import { hashPassword, passwordWeakness } from '../auth/passwords';
import type { Directory } from '../directory/directory';
import { isoNow, type Clock } from '../domain/clock';
import type { Conversations } from '../store/conversations';
import type { AuditEntry, NewAuditEntry, SharedConversation, UserRecord } from '../store/records';
import type { Store } from '../store/repositories';
import type { AdminCommand, AdminInput, Consent } from '../support/adminProtocol';
import { changedAccountPairs, groupName, previewVisibilityChange, type VisibilityPreview } from './federationPreview';
import { FederationRules, missingAcknowledgement, missingConfirmation, NotFound, parseArguments, refuseIfMissing, RuleRefusal, type MissingStep } from './federationRules';
import { stranding, type StrandedChannel, type StrandedMember } from './stranding';

export { InvalidArguments, NotFound, RuleRefusal } from './federationRules';
export type { StrandedChannel, StrandedMember } from './stranding';

/** What connected clients must hear about a change; the server turns it into events. */
export interface ChangeAnnouncer {
  /** Who sees whom changed for people of these accounts (and for no others). */
  visibilityChanged(accountIds: Iterable<string>, reason: string): void;
  /** A person was removed: end their sessions and connections. */
  userRemoved(userId: string): void;
  /** A channel's membership changed. */
  membershipChanged(channelId: string, userIds: string[]): void;
}

/** An audit entry as support reads it: with a sentence naming accounts and people as they are called now. */
export type SummarizedAuditEntry = AuditEntry & { summary: string };

/** A member of a channel or group chat as support sees them (`channel members`): the same view as a stranded channel's member. */
export type ChannelMember = StrandedMember;

/** What removing a person would do (`user remove` without confirmation, or with a dry run). */
export interface UserRemovalPreview {
  dryRun: true;
  user: { id: string; name: string; email: string; accountId: string; accountName: string };
  /** Sessions that end (clients signed in), and how many of them are connected now. */
  sessions: number;
  connectedClients: number;
  /** The accounts whose people stop finding them in search. */
  disappearsFor: Array<{ id: string; name: string }>;
  /** Channels and group chats they are a member of: they stay listed there, their messages stay. */
  conversations: Array<{ id: string; kind: 'channel' | 'group'; name: string }>;
  stillNeeded: MissingStep[];
}

/** What a member change would do (`channel remove-member` or `add-member` with a dry run). */
export interface MemberChangePreview {
  dryRun: true;
  change: 'remove' | 'add';
  channelId: string;
  kind: 'channel' | 'group';
  channelName: string;
  user: { id: string; name: string; accountName: string };
  /** Members who will not see the person added, by account (for `add`). */
  unseenBy: Array<{ accountName: string; count: number }>;
  stillNeeded: MissingStep[];
}

/** Audit actions about one member of one channel: `audit --federation` shows those in the channels the federation held together. */
const memberActions = new Set(['channel remove-member', 'channel add-member']);
const countOf = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** What a dry run answers instead of making the change. */
export interface DryRun {
  dryRun: true;
  command: AdminCommand;
  federation: { id: string | null; name: string; accounts: Array<{ id: string; name: string }> };
  preview: VisibilityPreview;
  /** What the change itself would still need (consents, a confirmation, an acknowledgement), each with its rule. */
  stillNeeded: MissingStep[];
}

/** Who made a change and why, as the audit log keeps it. */
type By = { operator?: string; reason?: string };

export class FederationService {
  private readonly rules: FederationRules;

  constructor(
    private readonly store: Store,
    private readonly directory: Directory,
    private readonly conversations: Conversations,
    private readonly announce: ChangeAnnouncer,
    private readonly clock: Clock,
  ) {
    this.rules = new FederationRules(directory);
  }

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

  async addAccount(input: AdminInput<'account add'>) {
    const { id, name, operator, reason } = parseArguments('account add', input);
    const accountId = id ?? this.unusedAccountId();
    const taken = this.directory.accounts.get(accountId);
    if (taken) throw new RuleRefusal('unique-account', `Account ${accountId} already exists: ${taken.name}.`);
    const sameName = [...this.directory.accounts.values()].find((account) => account.name.toLowerCase() === name.toLowerCase());
    if (sameName) throw new RuleRefusal('unique-account-name', `An account is already called ${sameName.name} (${sameName.id}).`);
    await this.directory.addAccount({ id: accountId, name }, this.audit('account add', null, { operator, reason }, { accountId, name }));
    return { id: accountId, name };
  }

  listFederations() {
    return [...this.directory.federations.values()].map((federation) => this.summary(federation.id));
  }

  /** One federation with the consent in force for each of its accounts (the latest one given). */
  async describe(federationId: string) {
    const summary = this.summary(federationId);
    const latest = new Map<string, { who: string; form: string; at: string; operator: string | null; action: string }>();
    for (const entry of await this.store.audit.list(federationId)) {
      for (const consent of (entry.detail.consents as Consent[] | undefined) ?? []) {
        latest.set(consent.accountId, { who: consent.who, form: consent.form, at: entry.at, operator: entry.operator, action: entry.action });
      }
    }
    return {
      ...summary,
      consents: summary.accounts.map((account) => ({ accountId: account.id, accountName: account.name, ...(latest.get(account.id) ?? { who: null, form: null, at: null, operator: null, action: null }) })),
    };
  }

  async create(input: AdminInput<'federation create'>): Promise<Awaited<ReturnType<FederationService['describe']>> | DryRun> {
    const { id: chosenId, name, accountIds, consents, confirmAllSeeAll, dryRun, operator, reason } = parseArguments('federation create', input);
    const existing = chosenId === undefined ? undefined : this.directory.federations.get(chosenId);
    if (existing) throw new RuleRefusal('unique-federation-id', `A federation ${existing.id} exists already (${existing.name}).`);
    const accounts = this.rules.accounts(accountIds);
    this.rules.count(accounts.length);
    this.rules.strayConsents(accounts, consents);
    if (dryRun) {
      const after = [...this.directory.federationMemberships(), { id: '(new)', accountIds: accounts }];
      return this.dryRun('federation create', { id: chosenId ?? null, name, accountIds: accounts }, after, [this.rules.missingConsents(accounts, consents), missingConfirmation(confirmAllSeeAll)]);
    }
    const consentRecords = this.rules.consents(accounts, consents);
    refuseIfMissing(missingConfirmation(confirmAllSeeAll));
    const id = chosenId ?? `fed-${randomBytes(6).toString('hex')}`;
    const audit = this.audit('federation create', id, { operator, reason }, { name, accounts, consents: consentRecords, confirmedAllSeeAll: true });
    await this.change('federation-created', () => this.store.federations.create({ id, name, createdAt: audit.at }, accounts, audit));
    return this.describe(id);
  }

  async rename(input: AdminInput<'federation rename'>) {
    const { federationId, name, operator, reason } = parseArguments('federation rename', input);
    const federation = this.federation(federationId);
    if (federation.name !== name) {
      await this.store.federations.rename(federationId, name, this.audit('federation rename', federationId, { operator, reason }, { from: federation.name, to: name }));
      await this.directory.federationsChanged(async () => undefined);
    }
    return { ...(await this.describe(federationId)), previousName: federation.name };
  }

  async addAccounts(input: AdminInput<'federation add-accounts'>): Promise<Awaited<ReturnType<FederationService['describe']>> | DryRun> {
    const { federationId, accountIds, consents, confirmAllSeeAll, dryRun, operator, reason } = parseArguments('federation add-accounts', input);
    const federation = this.federation(federationId);
    const adding = this.rules.accounts(accountIds);
    const already = adding.filter((accountId) => federation.accountIds.includes(accountId));
    if (already.length > 0) throw new RuleRefusal('already-member', `Account ${already.join(', ')} is already in federation ${federationId}.`);
    const resulting = [...federation.accountIds, ...adding];
    this.rules.count(resulting.length);
    this.rules.strayConsents(resulting, consents);
    if (dryRun) {
      const after = this.directory.federationMemberships().map((candidate) => (candidate.id === federationId ? { id: federationId, accountIds: resulting } : candidate));
      return this.dryRun('federation add-accounts', { id: federationId, name: federation.name, accountIds: resulting }, after, [
        this.rules.missingConsents(resulting, consents),
        missingConfirmation(confirmAllSeeAll),
      ]);
    }
    // SPEC 4.3: consent is needed for every account the change brings in, the present ones included.
    const consentRecords = this.rules.consents(resulting, consents);
    refuseIfMissing(missingConfirmation(confirmAllSeeAll));
    const audit = this.audit('federation add-accounts', federationId, { operator, reason }, { added: adding, accounts: resulting, consents: consentRecords, confirmedAllSeeAll: true });
    await this.change('federation-accounts-added', () => this.store.federations.addAccounts(federationId, adding, audit));
    return this.describe(federationId);
  }

  async removeAccounts(input: AdminInput<'federation remove-accounts'>): Promise<Awaited<ReturnType<FederationService['describe']>> | DryRun> {
    const { federationId, accountIds, ackChannelCleanup, dryRun, operator, reason } = parseArguments('federation remove-accounts', input);
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
      return this.dryRun('federation remove-accounts', { id: federationId, name: federation.name, accountIds: remaining }, after, [missingAcknowledgement(ackChannelCleanup)]);
    }
    refuseIfMissing(missingAcknowledgement(ackChannelCleanup));
    const audit = this.audit('federation remove-accounts', federationId, { operator, reason }, { removed: removing, accounts: remaining, acknowledgedChannelCleanup: true });
    await this.change('federation-accounts-removed', () => this.store.federations.removeAccounts(federationId, removing, audit));
    return this.describe(federationId);
  }

  async delete(input: AdminInput<'federation delete'>): Promise<{ id: string; name: string; deleted: true } | DryRun> {
    const { federationId, ackChannelCleanup, dryRun, operator, reason } = parseArguments('federation delete', input);
    const federation = this.federation(federationId);
    if (dryRun) {
      const after = this.directory.federationMemberships().filter((candidate) => candidate.id !== federationId);
      return this.dryRun('federation delete', { id: federationId, name: federation.name, accountIds: [] }, after, [missingAcknowledgement(ackChannelCleanup)]);
    }
    refuseIfMissing(missingAcknowledgement(ackChannelCleanup));
    const audit = this.audit('federation delete', federationId, { operator, reason }, { name: federation.name, accounts: federation.accountIds, acknowledgedChannelCleanup: true });
    await this.change('federation-deleted', () => this.store.federations.delete(federationId, audit));
    return { id: federationId, name: federation.name, deleted: true };
  }

  async addUser(input: AdminInput<'user add'>) {
    const { operator, reason, ...person } = parseArguments('user add', input);
    if (!this.directory.accounts.has(person.accountId)) throw new NotFound('existing-account', `No account "${person.accountId}".`);
    const weakness = passwordWeakness(person.password, person);
    if (weakness) throw new RuleRefusal('password-strength', `${weakness} Leave the password out and one is made at random (\`password\`).`);
    if (await this.store.directory.emailTaken(person.email)) throw new RuleRefusal('unique-email', `The email ${person.email} is already used (emails are unique).`);
    let phone: string | null = null;
    if (person.phone !== undefined) {
      phone = toNorthAmericanE164(person.phone);
      if (!phone) throw new RuleRefusal('phone-number', `"${person.phone}" is not a valid 10-digit North American number.`);
      if (await this.store.directory.ownerOfNumber(phone)) {
        throw new RuleRefusal('unique-phone', `The number ${phone} already belongs to someone (numbers are unique across accounts).`);
      }
    }
    if (person.extension !== undefined && (await this.store.directory.ownerOfExtension(person.accountId, person.extension))) {
      throw new RuleRefusal('unique-extension', `Extension ${person.extension} is already used in account ${person.accountId}.`);
    }
    const id = `u-${randomBytes(6).toString('hex')}`;
    const passwordHash = await hashPassword(person.password);
    const audit = this.audit('user add', null, { operator, reason }, { userId: id, accountId: person.accountId, name: person.name, email: person.email });
    await this.directory.addUser(
      { id, accountId: person.accountId, displayName: person.name, email: person.email, passwordHash, title: person.title ?? null, extension: person.extension ?? null, phone, createdAt: audit.at },
      audit,
    );
    this.announce.visibilityChanged(this.directory.visibleAccounts(person.accountId), 'user-added');
    return { id, accountId: person.accountId, accountName: this.directory.accountName(person.accountId), name: person.name, email: person.email };
  }

  /**
   * Removes a person, once confirmed: their sessions end, and they disappear from everyone's
   * search. Without `confirm` (or with `dryRun`) nothing changes, and the answer says what would.
   */
  async removeUser(input: AdminInput<'user remove'>): Promise<{ id: string; name: string; removed: true } | UserRemovalPreview> {
    const { userId, dryRun, confirm, operator, reason } = parseArguments('user remove', input);
    const user = this.person(userId);
    const audience = this.directory.visibleAccounts(user.accountId);
    if (dryRun || !confirm) {
      const conversations = (await this.conversations.channelsWithMembers())
        .filter((conversation) => conversation.memberIds.includes(user.id))
        .map((conversation) => ({ id: conversation.id, kind: conversation.kind, name: this.conversationName(conversation) }));
      return {
        dryRun: true,
        user: { id: user.id, name: user.displayName, email: user.email, accountId: user.accountId, accountName: this.directory.accountName(user.accountId) },
        sessions: await this.store.directory.sessionCount(user.id),
        connectedClients: this.directory.connectionCount(user.id),
        disappearsFor: [...audience].sort().map((accountId) => ({ id: accountId, name: this.directory.accountName(accountId) })),
        conversations,
        stillNeeded: confirm ? [] : [{ rule: 'confirm-removal', message: `Removing ${user.displayName} cannot be undone from the console; confirm it (\`confirm\`).` }],
      };
    }
    await this.directory.removeUser(user.id, this.audit('user remove', null, { operator, reason }, { userId: user.id, accountId: user.accountId, name: user.displayName, email: user.email }));
    this.announce.userRemoved(user.id);
    this.announce.visibilityChanged(audience, 'user-removed');
    return { id: user.id, name: user.displayName, removed: true };
  }

  /**
   * Channels holding members who do not see each other; with a federation, those it concerns.
   * Each marks the people to remove (those the owning account does not see), or says that the
   * owning account chooses when it sees them all.
   */
  async strandedChannels(input: AdminInput<'channels stranded'> = {}): Promise<StrandedChannel[]> {
    const { federationId } = parseArguments('channels stranded', input);
    let concerned: Set<string> | null = null;
    if (federationId) {
      const current = this.directory.federations.get(federationId)?.accountIds ?? [];
      const history = (await this.store.audit.list(federationId)).flatMap((entry) => [
        ...((entry.detail.accounts as string[] | undefined) ?? []),
        ...((entry.detail.removed as string[] | undefined) ?? []),
      ]);
      concerned = new Set([...current, ...history]);
      if (concerned.size === 0) throw new NotFound('existing-federation', `No federation "${federationId}", now or in the audit log.`);
    }
    return (await this.conversations.channelsWithMembers()).flatMap((channel) => stranding(this.directory, channel, concerned) ?? []);
  }

  /** A channel's or group chat's members, as support sees them: whom each does not see, and who is to remove. */
  async channelMembers(input: AdminInput<'channel members'>) {
    const { channelId } = parseArguments('channel members', input);
    const channel = await this.sharedConversation(channelId);
    const stranded = new Map((stranding(this.directory, channel, null)?.members ?? []).map((member) => [member.userId, member]));
    const members: ChannelMember[] = channel.memberIds
      .flatMap((userId) => this.directory.user(userId) ?? [])
      .map((user) => stranded.get(user.id) ?? { userId: user.id, displayName: user.displayName, email: user.email, accountId: user.accountId, accountName: this.directory.accountName(user.accountId), doesNotSee: [], remove: false })
      .sort((a, b) => Number(b.remove) - Number(a.remove) || a.displayName.localeCompare(b.displayName));
    return {
      channelId,
      kind: channel.kind,
      name: this.conversationName(channel),
      accountId: channel.accountId,
      accountName: channel.accountId === null ? null : this.directory.accountName(channel.accountId),
      members,
    };
  }

  /**
   * Removes one member, live. Without `force`, only a member marked to remove: one the owning
   * account no longer sees (`channels stranded` marks them REMOVE). A stranded member the owner
   * still sees, or anyone in a group chat (no owning account), is the owner's or the members'
   * choice: support removes them only when forced. A dry run says what would happen.
   */
  async removeChannelMember(
    input: AdminInput<'channel remove-member'>,
  ): Promise<{ channelId: string; kind: 'channel' | 'group'; channelName: string; userId: string; displayName: string; removed: true; forced: boolean } | MemberChangePreview> {
    const { channelId, member, force, dryRun, operator, reason } = parseArguments('channel remove-member', input);
    const channel = await this.sharedConversation(channelId);
    const user = this.person(member);
    const channelName = this.conversationName(channel);
    const where = channel.kind === 'group' ? `the group chat of ${channelName}` : `#${channelName}`;
    if (!channel.memberIds.includes(user.id)) throw new RuleRefusal('channel-member', `${user.displayName} (${user.id}) is not a member of ${where}.`);
    const strandedMember = stranding(this.directory, channel, null)?.members.find((candidate) => candidate.userId === user.id);
    const marked = strandedMember?.remove === true;
    const refusal = marked || force ? null : this.unmarkedRefusal(channel, user, where, strandedMember !== undefined);
    if (dryRun) {
      return {
        dryRun: true,
        change: 'remove',
        channelId,
        kind: channel.kind,
        channelName,
        user: { id: user.id, name: user.displayName, accountName: this.directory.accountName(user.accountId) },
        unseenBy: [],
        stillNeeded: refusal ? [refusal] : [],
      };
    }
    refuseIfMissing(refusal);
    const audit = this.audit('channel remove-member', null, { operator, reason }, {
      channelId,
      channelName,
      userId: user.id,
      name: user.displayName,
      accountId: user.accountId,
      stranded: strandedMember !== undefined,
      marked,
      federationIds: await this.federationsHolding(user, strandedMember?.doesNotSee ?? []),
    });
    await this.conversations.removeMember(channelId, user.id, audit);
    this.announce.membershipChanged(channelId, channel.memberIds);
    return { channelId, kind: channel.kind, channelName, userId: user.id, displayName: user.displayName, removed: true, forced: !marked };
  }

  /**
   * Adds someone to a channel or group chat, live: a person removed by mistake comes back. When
   * they and some members will not see each other, support is told who by account (as the app
   * tells an inviter) and adds them only with `confirmUnseen`.
   */
  async addChannelMember(
    input: AdminInput<'channel add-member'>,
  ): Promise<{ channelId: string; kind: 'channel' | 'group'; channelName: string; userId: string; displayName: string; added: true } | MemberChangePreview> {
    const { channelId, member, confirmUnseen, dryRun, operator, reason } = parseArguments('channel add-member', input);
    const channel = await this.sharedConversation(channelId);
    const user = this.person(member);
    const channelName = this.conversationName(channel);
    const where = channel.kind === 'group' ? `the group chat of ${channelName}` : `#${channelName}`;
    if (channel.memberIds.includes(user.id)) throw new RuleRefusal('not-yet-member', `${user.displayName} (${user.id}) is already a member of ${where}.`);
    if (channel.kind === 'group' && channel.memberIds.length >= maxGroupMembers) {
      throw new RuleRefusal('group-size', `A group chat holds at most ${maxGroupMembers} people; ${where} has ${channel.memberIds.length}.`);
    }
    const others = channel.memberIds.flatMap((userId) => this.directory.user(userId) ?? []);
    const unseenIds = others.filter((other) => !this.directory.sees(user, other)).map((other) => other.id);
    const unseen = new Map<string, number>();
    for (const userId of unseenIds) {
      const accountId = this.directory.user(userId)!.accountId;
      unseen.set(accountId, (unseen.get(accountId) ?? 0) + 1);
    }
    const unseenBy = [...unseen].map(([accountId, count]) => ({ accountName: this.directory.accountName(accountId), count })).sort((a, b) => a.accountName.localeCompare(b.accountName));
    const warning: MissingStep | null =
      unseenBy.length === 0 || confirmUnseen
        ? null
        : {
            rule: 'confirm-unseen',
            message: `${user.displayName} (${this.directory.accountName(user.accountId)}) will show as UNKNOWN USER to ${unseenBy.map((entry) => `${countOf(entry.count, 'member')} from ${entry.accountName}`).join(' and ')}, and see them so; confirm it (\`confirmUnseen\`).`,
          };
    if (dryRun) {
      return {
        dryRun: true,
        change: 'add',
        channelId,
        kind: channel.kind,
        channelName,
        user: { id: user.id, name: user.displayName, accountName: this.directory.accountName(user.accountId) },
        unseenBy,
        stillNeeded: warning ? [warning] : [],
      };
    }
    refuseIfMissing(warning);
    const audit = this.audit('channel add-member', null, { operator, reason }, {
      channelId,
      channelName,
      userId: user.id,
      name: user.displayName,
      accountId: user.accountId,
      unseenBy,
      federationIds: await this.federationsHolding(user, unseenIds),
    });
    await this.conversations.addMembers(channelId, [user.id], audit);
    this.announce.membershipChanged(channelId, [...channel.memberIds, user.id]);
    return { channelId, kind: channel.kind, channelName, userId: user.id, displayName: user.displayName, added: true };
  }

  /**
   * The audit log, oldest first. With a federation: its own changes, and the member removals and
   * additions that concerned people it held together (in the channels it had shared or stranded).
   */
  async auditLog(input: AdminInput<'audit'> = {}): Promise<SummarizedAuditEntry[]> {
    const { federationId } = parseArguments('audit', input);
    const entries = await this.store.audit.list();
    return entries
      .filter(
        (entry) =>
          federationId === undefined ||
          entry.federationId === federationId ||
          (entry.federationId === null && memberActions.has(entry.action) && ((entry.detail.federationIds as string[] | undefined) ?? []).includes(federationId)),
      )
      .map((entry) => ({ ...entry, summary: this.summarize(entry.action, entry.federationId, entry.detail) }));
  }

  /** One audit entry in a sentence, accounts and people named as they are called now. */
  private summarize(action: string, federationId: string | null, detail: Record<string, unknown>): string {
    const account = (accountId: unknown) => `${this.directory.accountName(String(accountId))} (${String(accountId)})`;
    const accounts = (ids: unknown) => ((ids as string[] | undefined) ?? []).map(account).join(', ');
    const federation = federationId ? `${this.directory.federations.get(federationId)?.name ?? String(detail.name ?? federationId)} (${federationId})` : '';
    const consents = () => ((detail.consents as Consent[] | undefined) ?? []).map((consent) => `${consent.who} (${consent.form}) for ${this.directory.accountName(consent.accountId)}`).join('; ');
    const person = `${String(detail.name ?? detail.userId)}${detail.accountId ? ` of ${account(detail.accountId)}` : ''}`;
    const channel = `#${String(detail.channelName)} (${String(detail.channelId)})`;
    switch (action) {
      case 'federation create':
        return `Created federation ${federation} of ${accounts(detail.accounts)}. Consents: ${consents()}. Confirmed that all see all.`;
      case 'federation add-accounts':
        return `Added ${accounts(detail.added)} to federation ${federation}, now ${accounts(detail.accounts)}. Consents: ${consents()}. Confirmed that all see all.`;
      case 'federation remove-accounts':
        return `Removed ${accounts(detail.removed)} from federation ${federation}, now ${accounts(detail.accounts)}. Channel clean-up acknowledged.`;
      case 'federation delete':
        return `Deleted federation ${String(detail.name)} (${federationId}) of ${accounts(detail.accounts)}. Channel clean-up acknowledged.`;
      case 'federation rename':
        return `Renamed federation ${federationId} from "${String(detail.from)}" to "${String(detail.to)}".`;
      case 'account add':
        return `Added account ${account(detail.accountId)}.`;
      case 'user add':
        return `Added ${person}${detail.email ? ` <${String(detail.email)}>` : ''}.`;
      case 'user remove':
        return `Removed ${person}${detail.email ? ` <${String(detail.email)}>` : ''}; their sessions ended.`;
      case 'channel remove-member':
        return `Removed ${person} from ${channel}${detail.marked === true ? ': stranded, marked to remove' : `, forced: ${detail.stranded ? 'stranded, but still seen by the owning account' : 'not stranded'}`}.`;
      case 'channel add-member':
        return `Added ${person} to ${channel}${((detail.unseenBy as unknown[] | undefined) ?? []).length > 0 ? ', confirmed though some members and they do not see each other' : ''}.`;
      default:
        return action;
    }
  }

  /** A person by id or email. */
  private person(member: string): UserRecord {
    const user = this.directory.user(member) ?? [...this.directory.users.values()].find((candidate) => candidate.email.toLowerCase() === member.toLowerCase());
    if (!user) throw new NotFound('existing-user', `No user "${member}" (give a user id, like nw-alice, or an email).`);
    return user;
  }

  /** A channel or group chat with its members now. */
  private async sharedConversation(channelId: string): Promise<SharedConversation> {
    const record = await this.conversations.get(channelId);
    if ((record?.kind !== 'channel' || !record.accountId) && record?.kind !== 'group') throw new NotFound('existing-channel', `No channel or group chat "${channelId}".`);
    return { id: channelId, kind: record.kind, name: record.name, accountId: record.accountId, memberIds: [...(await this.conversations.members(channelId))] };
  }

  private conversationName(channel: SharedConversation): string {
    return channel.name ?? groupName(channel.memberIds.flatMap((userId) => this.directory.user(userId) ?? []));
  }

  /** Why a member not marked to remove is not removed without force. */
  private unmarkedRefusal(channel: SharedConversation, user: UserRecord, where: string, stranded: boolean): MissingStep {
    const why =
      channel.kind === 'group'
        ? 'a group chat has no owning account, so its members choose who leaves'
        : stranded
          ? `they are stranded, but ${this.directory.accountName(channel.accountId!)} (the owning account) still sees them, so the owner chooses`
          : `they see every member of ${where} and are seen by them`;
    return { rule: 'marked-only', message: `${user.displayName} (${user.id}) is not marked to remove from ${where}: ${why}. To remove them anyway, force it (force).` };
  }

  /** Federations, now or in the audit log, that held this person's account together with the account of any of `others`. */
  private async federationsHolding(user: UserRecord, others: readonly string[]): Promise<string[]> {
    const accounts = new Set(others.flatMap((userId) => this.directory.user(userId)?.accountId ?? []));
    accounts.delete(user.accountId);
    if (accounts.size === 0) return [];
    const held = new Map<string, Set<string>>();
    for (const federation of this.directory.federations.values()) held.set(federation.id, new Set(federation.accountIds));
    for (const entry of await this.store.audit.list()) {
      if (entry.federationId === null || !entry.action.startsWith('federation ')) continue;
      const members = held.get(entry.federationId) ?? new Set<string>();
      for (const accountId of [...((entry.detail.accounts as string[] | undefined) ?? []), ...((entry.detail.removed as string[] | undefined) ?? [])]) members.add(accountId);
      held.set(entry.federationId, members);
    }
    return [...held]
      .filter(([, members]) => members.has(user.accountId) && [...accounts].some((accountId) => members.has(accountId)))
      .map(([id]) => id)
      .sort();
  }

  /** A 6-digit account id nobody has. */
  private unusedAccountId(): string {
    for (;;) {
      const candidate = String(randomInt(100_000, 1_000_000));
      if (!this.directory.accounts.has(candidate)) return candidate;
    }
  }

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

  private async dryRun(
    command: AdminCommand,
    federation: { id: string | null; name: string; accountIds: string[] },
    after: FederationMembership[],
    needed: Array<MissingStep | null>,
  ): Promise<DryRun> {
    return {
      dryRun: true,
      command,
      federation: { id: federation.id, name: federation.name, accounts: federation.accountIds.map((id) => ({ id, name: this.directory.accountName(id) })) },
      preview: await previewVisibilityChange(this.directory, this.conversations, after),
      stillNeeded: needed.filter((item): item is MissingStep => item !== null),
    };
  }

  /** The audit entry of a change made now. */
  private audit(action: string, federationId: string | null, by: By, detail: Record<string, unknown>): NewAuditEntry {
    return { at: isoNow(this.clock), action, federationId, operator: by.operator ?? null, reason: by.reason ?? null, detail };
  }

  /**
   * Writes a federation change, then tells exactly the accounts whose view changed: people of
   * two accounts that newly see, or stop seeing, each other. References to unknown people end
   * where their account is seen again (a new one is made if they become unknown later).
   */
  private async change(reason: string, write: () => Promise<void>): Promise<void> {
    const before = this.directory.federationMemberships();
    await write();
    let pairs: ReturnType<typeof changedAccountPairs> = [];
    await this.directory.federationsChanged(async () => {
      pairs = changedAccountPairs(this.directory.accounts.keys(), before, this.directory.federationMemberships());
      const at = isoNow(this.clock);
      for (const pair of pairs) {
        if (pair.change !== 'newly-see') continue;
        await this.directory.unknownPeople.retire(pair.first, pair.second, at);
        await this.directory.unknownPeople.retire(pair.second, pair.first, at);
      }
    });
    this.announce.visibilityChanged(new Set(pairs.flatMap((pair) => [pair.first, pair.second])), reason);
  }
}
