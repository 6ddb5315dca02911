/** Accounts, people and federations in SQLite. */
import type { Presence } from '../../../src-shared/protocol/model';
import type { DirectoryRepository, FederationRepository } from '../repositories';
import type { Account, FederationRecord, NewAuditEntry, NewUser, PhotoRecord, ProfileChange, UserRecord } from '../records';
import { insertAudit } from './auditRepository';
import type { Db } from './database';

export interface UserRow {
  id: string;
  account_id: string;
  display_name: string;
  email: string;
  title: string | null;
  department: string | null;
  extension: string | null;
  phone: string | null;
  mobile: string | null;
  chosen_presence: Presence;
  seed_presence: Presence | null;
  status_message: string | null;
  /** Absent in stores without it: the status then stays. */
  status_expires_at?: string | null;
  has_signed_in: number | boolean;
  photo_id?: string | null;
  time_zone?: string | null;
}

export const userColumns =
  'id, account_id, display_name, email, title, department, extension, phone, mobile, chosen_presence, seed_presence, status_message, status_expires_at, has_signed_in, photo_id, time_zone';

export function userFromRow(row: UserRow): UserRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    displayName: row.display_name,
    email: row.email,
    title: row.title,
    department: row.department,
    extension: row.extension,
    phone: row.phone,
    mobile: row.mobile,
    chosenPresence: row.chosen_presence,
    seedPresence: row.seed_presence,
    statusMessage: row.status_message,
    statusExpiresAt: row.status_expires_at ?? null,
    hasSignedIn: row.has_signed_in === 1 || row.has_signed_in === true,
    photoId: row.photo_id ?? null,
    timeZone: row.time_zone ?? null,
  };
}

/** Federation rows and their member rows as federations with their accounts (members in account order). */
export function federationsFromRows(federations: ReadonlyArray<Omit<FederationRecord, 'accountIds'>>, members: ReadonlyArray<{ federationId: string; accountId: string }>): FederationRecord[] {
  const byId = new Map<string, FederationRecord>();
  for (const row of federations) byId.set(row.id, { ...row, accountIds: [] });
  for (const member of members) byId.get(member.federationId)?.accountIds.push(member.accountId);
  return [...byId.values()];
}

export class SqliteDirectoryRepository implements DirectoryRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      accounts: db.prepare('SELECT id, name FROM accounts'),
      users: db.prepare(`SELECT ${userColumns} FROM users`),
      user: db.prepare(`SELECT ${userColumns} FROM users WHERE id = ?`),
      federations: db.prepare('SELECT id, name, created_at AS createdAt FROM federations ORDER BY created_at, id'),
      federationAccounts: db.prepare('SELECT federation_id AS federationId, account_id AS accountId FROM federation_accounts ORDER BY account_id'),
      credentials: db.prepare('SELECT id, password_hash AS passwordHash FROM users WHERE email = ? COLLATE NOCASE'),
      setPasswordHash: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      setPresence: db.prepare('UPDATE users SET chosen_presence = ?, status_message = ?, status_expires_at = ? WHERE id = ?'),
      markSignedIn: db.prepare('UPDATE users SET has_signed_in = 1 WHERE id = ? AND has_signed_in = 0'),
      emailTaken: db.prepare('SELECT 1 FROM users WHERE email = ? COLLATE NOCASE'),
      ownerOfNumber: db.prepare('SELECT id FROM users WHERE phone = ? OR mobile = ?'),
      ownerOfExtension: db.prepare('SELECT id FROM users WHERE account_id = ? AND extension = ?'),
      insertUser: db.prepare(`INSERT INTO users (id, account_id, display_name, email, password_hash, title, extension, phone, created_at)
                              VALUES (@id, @accountId, @displayName, @email, @passwordHash, @title, @extension, @phone, @createdAt)`),
      deleteSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      sessionCount: db.prepare('SELECT COUNT(*) AS count FROM sessions WHERE user_id = ?'),
      insertAccount: db.prepare('INSERT INTO accounts (id, name) VALUES (?, ?)'),
      deleteUser: db.prepare('DELETE FROM users WHERE id = ?'),
      demoPerson: db.prepare('SELECT 1 FROM demo_people WHERE email = ? COLLATE NOCASE'),
      demoEmails: db.prepare('SELECT email FROM demo_people'),
      setProfile: db.prepare('UPDATE users SET display_name = ?, title = ?, department = ? WHERE id = ?'),
      setTimeZone: db.prepare('UPDATE users SET time_zone = ? WHERE id = ?'),
      deletePhotos: db.prepare('DELETE FROM user_photos WHERE user_id = ?'),
      insertPhoto: db.prepare('INSERT INTO user_photos (id, user_id, content_type, bytes, width, height, created_at) VALUES (@id, @userId, @contentType, @bytes, @width, @height, @createdAt)'),
      setPhotoId: db.prepare('UPDATE users SET photo_id = ? WHERE id = ?'),
      photo: db.prepare('SELECT id, user_id AS userId, content_type AS contentType, bytes, width, height, created_at AS createdAt FROM user_photos WHERE id = ?'),
    };
  }

  async accounts(): Promise<Account[]> {
    return this.statements.accounts.all() as Account[];
  }

  async users(): Promise<UserRecord[]> {
    return (this.statements.users.all() as UserRow[]).map(userFromRow);
  }

  async user(userId: string): Promise<UserRecord | undefined> {
    const row = this.statements.user.get(userId) as UserRow | undefined;
    return row ? userFromRow(row) : undefined;
  }

  async federations(): Promise<FederationRecord[]> {
    return federationsFromRows(
      this.statements.federations.all() as Array<Omit<FederationRecord, 'accountIds'>>,
      this.statements.federationAccounts.all() as Array<{ federationId: string; accountId: string }>,
    );
  }

  async credentials(email: string): Promise<{ id: string; passwordHash: string } | undefined> {
    return this.statements.credentials.get(email) as { id: string; passwordHash: string } | undefined;
  }

  async emailTaken(email: string): Promise<boolean> {
    return this.statements.emailTaken.get(email) !== undefined;
  }

  async ownerOfNumber(number: string): Promise<string | undefined> {
    return (this.statements.ownerOfNumber.get(number, number) as { id: string } | undefined)?.id;
  }

  async ownerOfExtension(accountId: string, extension: string): Promise<string | undefined> {
    return (this.statements.ownerOfExtension.get(accountId, extension) as { id: string } | undefined)?.id;
  }

  async sessionCount(userId: string): Promise<number> {
    return (this.statements.sessionCount.get(userId) as { count: number }).count;
  }

  async isDemoPerson(email: string): Promise<boolean> {
    return this.statements.demoPerson.get(email) !== undefined;
  }

  async demoEmails(): Promise<string[]> {
    return (this.statements.demoEmails.all() as Array<{ email: string }>).map((row) => row.email);
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    this.statements.setPasswordHash.run(passwordHash, userId);
  }

  async setPresence(userId: string, presence: Presence, statusMessage: string | null, statusExpiresAt: string | null = null): Promise<void> {
    this.statements.setPresence.run(presence, statusMessage, statusMessage === null ? null : statusExpiresAt, userId);
  }

  async markSignedIn(userId: string): Promise<boolean> {
    return this.statements.markSignedIn.run(userId).changes > 0;
  }

  async insertAccount(account: Account, audit: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.statements.insertAccount.run(account.id, account.name);
      insertAudit(this.db, audit);
    })();
  }

  async insertUser(user: NewUser, audit: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.statements.insertUser.run(user);
      insertAudit(this.db, audit);
    })();
  }

  async setProfile(userId: string, profile: ProfileChange): Promise<void> {
    this.statements.setProfile.run(profile.displayName, profile.title, profile.department, userId);
  }

  async setTimeZone(userId: string, timeZone: string | null): Promise<void> {
    this.statements.setTimeZone.run(timeZone, userId);
  }

  async setPhoto(userId: string, photo: PhotoRecord | null): Promise<void> {
    this.db.transaction(() => {
      this.statements.deletePhotos.run(userId);
      if (photo) this.statements.insertPhoto.run(photo);
      this.statements.setPhotoId.run(photo?.id ?? null, userId);
    })();
  }

  async photo(photoId: string): Promise<PhotoRecord | undefined> {
    return this.statements.photo.get(photoId) as PhotoRecord | undefined;
  }

  async removeUser(userId: string, audit: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.statements.deletePhotos.run(userId);
      this.statements.deleteSessions.run(userId);
      this.statements.deleteUser.run(userId);
      insertAudit(this.db, audit);
    })();
  }
}

export class SqliteFederationRepository implements FederationRepository {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insert: db.prepare('INSERT INTO federations (id, name, created_at) VALUES (?, ?, ?)'),
      addAccount: db.prepare('INSERT INTO federation_accounts (federation_id, account_id) VALUES (?, ?)'),
      removeAccount: db.prepare('DELETE FROM federation_accounts WHERE federation_id = ? AND account_id = ?'),
      delete: db.prepare('DELETE FROM federations WHERE id = ?'),
      rename: db.prepare('UPDATE federations SET name = ? WHERE id = ?'),
    };
  }

  async create(federation: { id: string; name: string; createdAt: string }, accountIds: readonly string[], audit: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.statements.insert.run(federation.id, federation.name, federation.createdAt);
      for (const accountId of accountIds) this.statements.addAccount.run(federation.id, accountId);
      insertAudit(this.db, audit);
    })();
  }

  async addAccounts(federationId: string, accountIds: readonly string[], audit: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      for (const accountId of accountIds) this.statements.addAccount.run(federationId, accountId);
      insertAudit(this.db, audit);
    })();
  }

  async removeAccounts(federationId: string, accountIds: readonly string[], audit: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      for (const accountId of accountIds) this.statements.removeAccount.run(federationId, accountId);
      insertAudit(this.db, audit);
    })();
  }

  async delete(federationId: string, audit: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.statements.delete.run(federationId);
      insertAudit(this.db, audit);
    })();
  }

  async rename(federationId: string, name: string, audit: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.statements.rename.run(name, federationId);
      insertAudit(this.db, audit);
    })();
  }
}
