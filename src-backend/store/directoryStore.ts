/**
 * Accounts, people and federations in SQLite. Every write to `users` goes through here, and each
 * one tells the listeners (the in-memory `Directory`) which person changed, so the cache never
 * drifts from the table. The seed loader is the one exception: it fills an empty database in
 * bulk before any Directory exists.
 */
import type { Presence } from '../../src-shared/protocol/model';
import { stripBidiControls } from '../../src-shared/domain/text';
import type { Db } from './database';

/** One organization. */
export interface Account {
  id: string;
  name: string;
}

/** A federation and its member accounts, as stored. */
export interface FederationRecord {
  id: string;
  name: string;
  accountIds: string[];
  createdAt: string;
}

/** A person as stored (no password hash). */
export interface UserRecord {
  id: string;
  accountId: string;
  displayName: string;
  email: string;
  title: string | null;
  department: string | null;
  extension: string | null;
  phone: string | null;
  mobile: string | null;
  chosenPresence: Presence;
  /** Presence from the seed: stands for "signed in elsewhere" until the first sign-in. */
  seedPresence: Presence | null;
  statusMessage: string | null;
  hasSignedIn: boolean;
}

/** What `user add` stores about a new person. */
export interface NewUser {
  id: string;
  accountId: string;
  displayName: string;
  email: string;
  passwordHash: string;
  title: string | null;
  extension: string | null;
  phone: string | null;
  createdAt: string;
}

interface UserRow {
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
  has_signed_in: number;
}

const userColumns =
  'id, account_id, display_name, email, title, department, extension, phone, mobile, chosen_presence, seed_presence, status_message, has_signed_in';

function userFromRow(row: UserRow): UserRecord {
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
    hasSignedIn: row.has_signed_in === 1,
  };
}

export class DirectoryStore {
  private readonly listeners = new Set<(userId: string) => void>();
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
      setPresence: db.prepare('UPDATE users SET chosen_presence = ?, status_message = ? WHERE id = ?'),
      markSignedIn: db.prepare('UPDATE users SET has_signed_in = 1 WHERE id = ? AND has_signed_in = 0'),
      emailTaken: db.prepare('SELECT 1 FROM users WHERE email = ? COLLATE NOCASE'),
      ownerOfNumber: db.prepare('SELECT id FROM users WHERE phone = ? OR mobile = ?'),
      ownerOfExtension: db.prepare('SELECT id FROM users WHERE account_id = ? AND extension = ?'),
      insertUser: db.prepare(`INSERT INTO users (id, account_id, display_name, email, password_hash, title, extension, phone, created_at)
                              VALUES (@id, @accountId, @displayName, @email, @passwordHash, @title, @extension, @phone, @createdAt)`),
      deleteSessions: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      deleteUser: db.prepare('DELETE FROM users WHERE id = ?'),
      demoPerson: db.prepare('SELECT 1 FROM demo_people WHERE email = ? COLLATE NOCASE'),
      demoEmails: db.prepare('SELECT email FROM demo_people'),
    };
  }

  /** Calls `listener` with the id of every person written here (added, changed or removed). */
  onUserChanged(listener: (userId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- reads -----------------------------------------------------------------------------------

  accounts(): Account[] {
    return this.statements.accounts.all() as Account[];
  }

  users(): UserRecord[] {
    return (this.statements.users.all() as UserRow[]).map(userFromRow);
  }

  user(userId: string): UserRecord | undefined {
    const row = this.statements.user.get(userId) as UserRow | undefined;
    return row ? userFromRow(row) : undefined;
  }

  federations(): FederationRecord[] {
    const federations = new Map<string, FederationRecord>();
    for (const row of this.statements.federations.all() as Array<Omit<FederationRecord, 'accountIds'>>) federations.set(row.id, { ...row, accountIds: [] });
    for (const member of this.statements.federationAccounts.all() as Array<{ federationId: string; accountId: string }>) {
      federations.get(member.federationId)?.accountIds.push(member.accountId);
    }
    return [...federations.values()];
  }

  /** The stored password hash of the person signing in with this email. */
  credentials(email: string): { id: string; passwordHash: string } | undefined {
    return this.statements.credentials.get(email) as { id: string; passwordHash: string } | undefined;
  }

  emailTaken(email: string): boolean {
    return this.statements.emailTaken.get(email) !== undefined;
  }

  /** The person whose work phone or mobile this E.164 number is. */
  ownerOfNumber(number: string): string | undefined {
    return (this.statements.ownerOfNumber.get(number, number) as { id: string } | undefined)?.id;
  }

  /** The person of an account with this extension. */
  ownerOfExtension(accountId: string, extension: string): string | undefined {
    return (this.statements.ownerOfExtension.get(accountId, extension) as { id: string } | undefined)?.id;
  }

  isDemoPerson(email: string): boolean {
    return this.statements.demoPerson.get(email) !== undefined;
  }

  demoEmails(): string[] {
    return (this.statements.demoEmails.all() as Array<{ email: string }>).map((row) => row.email);
  }

  // --- writes (each tells the listeners) ---------------------------------------------------------

  setPasswordHash(userId: string, passwordHash: string): void {
    this.statements.setPasswordHash.run(passwordHash, userId);
  }

  setPresence(userId: string, presence: Presence, statusMessage: string | null): void {
    this.statements.setPresence.run(presence, statusMessage, userId);
    this.changed(userId);
  }

  /** Records a person's first sign-in: from now on their seeded presence no longer stands in. */
  markSignedIn(userId: string): void {
    if (this.statements.markSignedIn.run(userId).changes > 0) this.changed(userId);
  }

  insertUser(user: NewUser): void {
    // A name shows in other people's lists: no direction overrides that could disguise it.
    this.statements.insertUser.run({ ...user, displayName: stripBidiControls(user.displayName).trim() || user.email });
    this.changed(user.id);
  }

  /** Removes a person and every session of theirs. */
  removeUser(userId: string): void {
    this.db.transaction(() => {
      this.statements.deleteSessions.run(userId);
      this.statements.deleteUser.run(userId);
    })();
    this.changed(userId);
  }

  private changed(userId: string): void {
    for (const listener of this.listeners) listener(userId);
  }
}
