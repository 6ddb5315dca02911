/**
 * Support staff's changes to federations, users and channel membership (SPEC 1 "Changing a
 * federation", SPEC 4.3). Every input is validated and every rule checked (./federationRules.ts)
 * before anything is written; every change is written with its audit entry (operator and reason
 * included) in one transaction by the store, then announced to the connected clients whose view
 * it changed. A dry run of a federation change checks the same rules and returns what the change
 * would do instead (./federationPreview.ts); stranded channels are worked out in ./stranding.ts.
 */
import { randomBytes } from 'node:crypto';
import type { FederationMembership } from '../../src-shared/domain/visibility';
import { toNorthAmericanE164 } from '../../src-shared/domain/phone';
import { hashPassword } from '../auth/passwords';
import type { Directory } from '../directory/directory';
import { isoNow, type Clock } from '../domain/clock';
import type { Conversations } from '../store/conversations';
import type { AuditEntry, NewAuditEntry, SharedConversation } from '../store/records';
import type { Store } from '../store/repositories';
import type { AdminCommand, AdminInput, Consent } from '../support/adminProtocol';
import { changedAccountPairs, groupName, previewVisibilityChange, type VisibilityPreview } from './federationPreview';
import { FederationRules, missingAcknowledgement, missingConfirmation, NotFound, parseArguments, refuseIfMissing, RuleRefusal, type MissingStep } from './federationRules';
import { stranding, type StrandedChannel } from './stranding';

export { InvalidArguments, NotFound, RuleRefusal } from './federationRules';
export type { StrandedChannel, StrandedMember } from './stranding';
export type { AuditEntry } from '../store/records';

/** What connected clients must hear about a change; the server turns it into events. */
export interface ChangeAnnouncer {
  /** Who sees whom changed for people of these accounts (and for no others). */
  visibilityChanged(accountIds: Iterable<string>, reason: string): void;
  /** A person was removed: end their sessions and connections. */
  userRemoved(userId: string): void;
  /** A channel's membership changed. */
  membershipChanged(channelId: string, userIds: string[]): void;
}

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
    const { name, accountIds, consents, confirmAllSeeAll, dryRun, operator, reason } = parseArguments('federation create', input);
    const accounts = this.rules.accounts(accountIds);
    this.rules.count(accounts.length);
    this.rules.strayConsents(accounts, consents);
    if (dryRun) {
      const after = [...this.directory.federationMemberships(), { id: '(new)', accountIds: accounts }];
      return this.dryRun('federation create', { id: null, name, accountIds: accounts }, after, [this.rules.missingConsents(accounts, consents), missingConfirmation(confirmAllSeeAll)]);
    }
    const consentRecords = this.rules.consents(accounts, consents);
    refuseIfMissing(missingConfirmation(confirmAllSeeAll));
    const id = `fed-${randomBytes(6).toString('hex')}`;
    const audit = this.audit('federation create', id, { operator, reason }, { name, accounts, consents: consentRecords, confirmedAllSeeAll: true });
    await this.change('federation-created', () => this.store.federations.create({ id, name, createdAt: audit.at }, accounts, audit));
    return this.describe(id);
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

  async removeUser(input: AdminInput<'user remove'>) {
    const { userId, operator, reason } = parseArguments('user remove', input);
    const user = this.directory.user(userId);
    if (!user) throw new NotFound('existing-user', `No user "${userId}".`);
    const audience = this.directory.visibleAccounts(user.accountId);
    await this.directory.removeUser(userId, this.audit('user remove', null, { operator, reason }, { userId, accountId: user.accountId, name: user.displayName }));
    this.announce.userRemoved(userId);
    this.announce.visibilityChanged(audience, 'user-removed');
    return { id: userId, name: user.displayName, removed: true };
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

  async removeChannelMember(input: AdminInput<'channel remove-member'>) {
    const { channelId, member, force, operator, reason } = parseArguments('channel remove-member', input);
    const record = await this.conversations.get(channelId);
    if ((record?.kind !== 'channel' || !record.accountId) && record?.kind !== 'group') throw new NotFound('existing-channel', `No channel or group chat "${channelId}".`);
    const memberIds = [...(await this.conversations.members(channelId))];
    const channel: SharedConversation = { id: channelId, kind: record.kind, name: record.name, accountId: record.accountId, memberIds };
    const user = this.directory.user(member) ?? [...this.directory.users.values()].find((candidate) => candidate.email.toLowerCase() === member.toLowerCase());
    if (!user) throw new NotFound('existing-user', `No user "${member}" (give a user id, like nw-alice, or an email).`);
    const channelName = record.name ?? groupName(memberIds.flatMap((userId) => this.directory.user(userId) ?? []));
    const where = record.kind === 'group' ? `the group chat of ${channelName}` : `#${channelName}`;
    if (!memberIds.includes(user.id)) throw new RuleRefusal('channel-member', `${user.displayName} (${user.id}) is not a member of ${where}.`);
    const stranded = stranding(this.directory, channel, null)?.members.some((candidate) => candidate.userId === user.id) ?? false;
    if (!stranded && !force) {
      throw new RuleRefusal(
        'stranded-only',
        `${user.displayName} (${user.id}) sees every member of ${where} and is seen by them: not stranded, so not removed. To remove them anyway, force it (force).`,
      );
    }
    await this.conversations.removeMember(channelId, user.id, this.audit('channel remove-member', null, { operator, reason }, { channelId, channelName, userId: user.id, name: user.displayName, stranded }));
    this.announce.membershipChanged(channelId, memberIds);
    return { channelId, kind: record.kind, channelName, userId: user.id, displayName: user.displayName, removed: true, forced: !stranded };
  }

  async auditLog(input: AdminInput<'audit'> = {}): Promise<AuditEntry[]> {
    const { federationId } = parseArguments('audit', input);
    return this.store.audit.list(federationId);
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
