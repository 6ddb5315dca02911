/**
 * Support staff's changes to federations, users and channel membership (SPEC 1 "Changing a
 * federation", SPEC 4.3). Every rule is checked before anything is written; every change is
 * written with its audit entry in one transaction, then announced to connected clients.
 */
import { randomBytes } from 'node:crypto';
import { toNorthAmericanE164 } from '../../src-shared/domain/phone';
import { hashPassword } from '../auth/passwords';
import type { Directory } from '../directory/directory';
import type { Db } from '../store/database';
import type { DirectoryStore } from '../store/directoryStore';
import type { AdminArguments, Consent } from '../support/adminProtocol';

/** A change a rule refuses; `rule` names the rule for the console and for tests. */
export class RuleRefusal extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export class NotFound extends Error {}

/** What connected clients must hear about a change; the server turns it into events. */
export interface ChangeAnnouncer {
  /** Who sees whom changed for people of these accounts. */
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
  detail: Record<string, unknown>;
}

const maximumAccounts = 10;

export class FederationService {
  constructor(
    private readonly db: Db,
    private readonly directory: Directory,
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
    return [...this.directory.federations.values()].map((federation) => this.describe(federation.id));
  }

  describe(federationId: string) {
    const federation = this.directory.federations.get(federationId);
    if (!federation) throw new NotFound(`No federation "${federationId}".`);
    return {
      id: federation.id,
      name: federation.name,
      createdAt: federation.createdAt,
      accounts: federation.accountIds.map((accountId) => ({ id: accountId, name: this.directory.accountName(accountId) })),
    };
  }

  create({ name, accountIds, consents, confirmAllSeeAll }: AdminArguments<'federation create'>) {
    const accounts = this.checkAccounts(accountIds);
    this.checkCount(accounts.length);
    const consentRecords = this.checkConsents(accounts, consents);
    this.checkConfirmation(confirmAllSeeAll);
    const id = `fed-${randomBytes(6).toString('hex')}`;
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO federations (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now);
      const insert = this.db.prepare('INSERT INTO federation_accounts (federation_id, account_id) VALUES (?, ?)');
      for (const accountId of accounts) insert.run(id, accountId);
      this.audit('federation create', id, { name, accounts, consents: consentRecords, confirmedAllSeeAll: true });
    })();
    this.changed(accounts, 'federation-created');
    return this.describe(id);
  }

  addAccounts({ federationId, accountIds, consents, confirmAllSeeAll }: AdminArguments<'federation add-accounts'>) {
    const federation = this.federation(federationId);
    const adding = this.checkAccounts(accountIds);
    const already = adding.filter((accountId) => federation.accountIds.includes(accountId));
    if (already.length > 0) throw new RuleRefusal('already-member', `Account ${already.join(', ')} is already in federation ${federationId}.`);
    const resulting = [...federation.accountIds, ...adding];
    this.checkCount(resulting.length);
    // SPEC 4.3: consent is needed for every account the change brings in, the present ones included.
    const consentRecords = this.checkConsents(resulting, consents);
    this.checkConfirmation(confirmAllSeeAll);
    this.db.transaction(() => {
      const insert = this.db.prepare('INSERT INTO federation_accounts (federation_id, account_id) VALUES (?, ?)');
      for (const accountId of adding) insert.run(federationId, accountId);
      this.audit('federation add-accounts', federationId, { added: adding, accounts: resulting, consents: consentRecords, confirmedAllSeeAll: true });
    })();
    this.changed(resulting, 'federation-accounts-added');
    return this.describe(federationId);
  }

  removeAccounts({ federationId, accountIds, ackChannelCleanup }: AdminArguments<'federation remove-accounts'>) {
    const federation = this.federation(federationId);
    const removing = [...new Set(accountIds)];
    const missing = removing.filter((accountId) => !federation.accountIds.includes(accountId));
    if (missing.length > 0) throw new RuleRefusal('not-member', `Account ${missing.join(', ')} is not in federation ${federationId}.`);
    const remaining = federation.accountIds.filter((accountId) => !removing.includes(accountId));
    if (remaining.length < 2) {
      throw new RuleRefusal('account-count', `A federation has 2 to 10 accounts; removing these would leave ${remaining.length}. Delete the federation instead.`);
    }
    this.checkAcknowledgement(ackChannelCleanup);
    this.db.transaction(() => {
      const remove = this.db.prepare('DELETE FROM federation_accounts WHERE federation_id = ? AND account_id = ?');
      for (const accountId of removing) remove.run(federationId, accountId);
      this.audit('federation remove-accounts', federationId, { removed: removing, accounts: remaining, acknowledgedChannelCleanup: true });
    })();
    this.changed(federation.accountIds, 'federation-accounts-removed');
    return this.describe(federationId);
  }

  delete({ federationId, ackChannelCleanup }: AdminArguments<'federation delete'>) {
    const federation = this.federation(federationId);
    this.checkAcknowledgement(ackChannelCleanup);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM federations WHERE id = ?').run(federationId);
      this.audit('federation delete', federationId, { name: federation.name, accounts: federation.accountIds, acknowledgedChannelCleanup: true });
    })();
    this.changed(federation.accountIds, 'federation-deleted');
    return { id: federationId, deleted: true };
  }

  async addUser(input: AdminArguments<'user add'>) {
    if (!this.directory.accounts.has(input.accountId)) throw new NotFound(`No account "${input.accountId}".`);
    if (this.users.emailTaken(input.email)) throw new RuleRefusal('unique-email', `The email ${input.email} is already used (emails are unique).`);
    let phone: string | null = null;
    if (input.phone !== undefined) {
      phone = toNorthAmericanE164(input.phone);
      if (!phone) throw new RuleRefusal('phone-number', `"${input.phone}" is not a valid 10-digit North American number.`);
      if (this.users.ownerOfNumber(phone)) {
        throw new RuleRefusal('unique-phone', `The number ${phone} already belongs to someone (numbers are unique across accounts).`);
      }
    }
    if (input.extension !== undefined && this.users.ownerOfExtension(input.accountId, input.extension)) {
      throw new RuleRefusal('unique-extension', `Extension ${input.extension} is already used in account ${input.accountId}.`);
    }
    const id = `u-${randomBytes(6).toString('hex')}`;
    const passwordHash = await hashPassword(input.password);
    this.db.transaction(() => {
      this.users.insertUser({ id, accountId: input.accountId, displayName: input.name, email: input.email, passwordHash, title: input.title ?? null, extension: input.extension ?? null, phone, createdAt: new Date().toISOString() });
      this.audit('user add', null, { userId: id, accountId: input.accountId, name: input.name, email: input.email });
    })();
    this.announce.visibilityChanged(this.directory.visibleAccounts(input.accountId), 'user-added');
    return { id, accountId: input.accountId, name: input.name, email: input.email };
  }

  removeUser({ userId }: AdminArguments<'user remove'>) {
    const user = this.directory.user(userId);
    if (!user) throw new NotFound(`No user "${userId}".`);
    const audience = this.directory.visibleAccounts(user.accountId);
    this.db.transaction(() => {
      this.users.removeUser(userId);
      this.audit('user remove', null, { userId, accountId: user.accountId, name: user.displayName });
    })();
    this.announce.userRemoved(userId);
    this.announce.visibilityChanged(audience, 'user-removed');
    return { id: userId, removed: true };
  }

  /** Channels holding members who do not see each other; with a federation, those it concerns. */
  strandedChannels({ federationId }: AdminArguments<'channels stranded'>) {
    let concerned: Set<string> | null = null;
    if (federationId) {
      const current = this.directory.federations.get(federationId)?.accountIds ?? [];
      const history = this.auditLog({ federationId }).flatMap((entry) => [
        ...((entry.detail.accounts as string[] | undefined) ?? []),
        ...((entry.detail.removed as string[] | undefined) ?? []),
      ]);
      concerned = new Set([...current, ...history]);
      if (concerned.size === 0) throw new NotFound(`No federation "${federationId}".`);
    }
    const rows = this.db
      .prepare(`SELECT c.id, c.name, c.account_id AS accountId, m.user_id AS userId
                  FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
                 WHERE c.kind = 'channel' ORDER BY c.name, m.user_id`)
      .all() as Array<{ id: string; name: string; accountId: string; userId: string }>;
    const channels = new Map<string, { id: string; name: string; accountId: string; members: string[] }>();
    for (const row of rows) {
      const channel = channels.get(row.id) ?? { id: row.id, name: row.name, accountId: row.accountId, members: [] };
      channel.members.push(row.userId);
      channels.set(row.id, channel);
    }
    const stranded = [];
    for (const channel of channels.values()) {
      const members = channel.members.map((userId) => this.directory.user(userId)).filter((user) => user !== undefined);
      const pairs: Array<{ userId: string; doesNotSee: string }> = [];
      for (const member of members) {
        for (const other of members) {
          if (member.id < other.id && !this.directory.sees(member, other)) {
            // A federation concerns the pairs it held together: both accounts in it, now or before.
            if (concerned && !(concerned.has(member.accountId) && concerned.has(other.accountId))) continue;
            pairs.push({ userId: member.id, doesNotSee: other.id });
          }
        }
      }
      if (pairs.length === 0) continue;
      const involved = new Set(pairs.flatMap((pair) => [pair.userId, pair.doesNotSee]));
      stranded.push({
        channelId: channel.id,
        name: channel.name,
        accountId: channel.accountId,
        members: [...involved].map((userId) => {
          const user = this.directory.user(userId)!;
          return { userId, displayName: user.displayName, accountId: user.accountId, accountName: this.directory.accountName(user.accountId) };
        }),
        pairs,
      });
    }
    return stranded;
  }

  removeChannelMember({ channelId, userId }: AdminArguments<'channel remove-member'>) {
    const channel = this.db.prepare("SELECT id, name FROM conversations WHERE id = ? AND kind = 'channel'").get(channelId) as { id: string; name: string } | undefined;
    if (!channel) throw new NotFound(`No channel "${channelId}".`);
    const members = (this.db.prepare('SELECT user_id AS userId FROM conversation_members WHERE conversation_id = ?').all(channelId) as Array<{ userId: string }>).map((row) => row.userId);
    if (!members.includes(userId)) throw new NotFound(`"${userId}" is not a member of channel ${channel.name}.`);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?').run(channelId, userId);
      this.audit('channel remove-member', null, { channelId, channelName: channel.name, userId });
    })();
    this.announce.membershipChanged(channelId, members);
    return { channelId, userId, removed: true };
  }

  auditLog({ federationId }: AdminArguments<'audit'>): AuditEntry[] {
    const rows = (
      federationId
        ? this.db.prepare('SELECT * FROM audit_log WHERE federation_id = ? ORDER BY id').all(federationId)
        : this.db.prepare('SELECT * FROM audit_log ORDER BY id').all()
    ) as Array<{ id: number; at: string; action: string; federation_id: string | null; detail: string }>;
    return rows.map((row) => ({ id: row.id, at: row.at, action: row.action, federationId: row.federation_id, detail: JSON.parse(row.detail) as Record<string, unknown> }));
  }

  // --- rules --------------------------------------------------------------------------------

  private federation(federationId: string) {
    const federation = this.directory.federations.get(federationId);
    if (!federation) throw new NotFound(`No federation "${federationId}".`);
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

  private checkConsents(accountIds: string[], consents: Consent[]): Consent[] {
    const byAccount = new Map(consents.map((consent) => [consent.accountId, consent]));
    const missing = accountIds.filter((accountId) => !byAccount.has(accountId));
    if (missing.length > 0) {
      throw new RuleRefusal('consent', `Every account involved needs a consent record (--consent ID=WHO[:written|:verbal]); missing for ${missing.join(', ')}.`);
    }
    const stray = consents.filter((consent) => !accountIds.includes(consent.accountId));
    if (stray.length > 0) throw new RuleRefusal('consent', `Consent given for ${stray.map((consent) => consent.accountId).join(', ')}, which this change does not involve.`);
    return accountIds.map((accountId) => byAccount.get(accountId)!);
  }

  private checkConfirmation(confirmed: boolean): void {
    if (!confirmed) {
      throw new RuleRefusal('confirm-all-see-all', 'Confirm that every user of every account will see every user of the others (--confirm-all-see-all).');
    }
  }

  private checkAcknowledgement(acknowledged: boolean): void {
    if (!acknowledged) {
      throw new RuleRefusal(
        'ack-channel-cleanup',
        'Acknowledge that federated users must be removed from shared channels by hand (--ack-channel-cleanup); `channels stranded` lists them.',
      );
    }
  }

  private audit(action: string, federationId: string | null, detail: Record<string, unknown>): void {
    this.db.prepare('INSERT INTO audit_log (at, action, federation_id, detail) VALUES (?, ?, ?, ?)').run(new Date().toISOString(), action, federationId, JSON.stringify(detail));
  }

  private changed(accountIds: Iterable<string>, reason: string): void {
    const before = new Set<string>();
    for (const accountId of accountIds) for (const visible of this.directory.visibleAccounts(accountId)) before.add(visible);
    this.directory.reloadFederations();
    for (const accountId of accountIds) for (const visible of this.directory.visibleAccounts(accountId)) before.add(visible);
    this.announce.visibilityChanged(before, reason);
  }
}
