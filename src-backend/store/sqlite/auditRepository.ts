/** The audit log of support changes in SQLite; entries are written with the change they record (`insertAudit`). */
import type { AuditRepository } from '../repositories';
import type { AuditEntry, NewAuditEntry } from '../records';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

type AuditRow = { id: number; at: string; action: string; federation_id: string | null; operator: string | null; reason: string | null; detail: string };

const insertStatements = new WeakMap<Db, Statement<unknown[]>>();

/** Writes one entry; called inside the transaction of the change it records. */
export function insertAudit(db: Db, entry: NewAuditEntry): void {
  let statement = insertStatements.get(db);
  if (!statement) insertStatements.set(db, (statement = db.prepare('INSERT INTO audit_log (at, action, federation_id, operator, reason, detail) VALUES (?, ?, ?, ?, ?, ?)')));
  statement.run(entry.at, entry.action, entry.federationId, entry.operator, entry.reason, JSON.stringify(entry.detail));
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    action: row.action,
    federationId: row.federation_id,
    operator: row.operator,
    reason: row.reason,
    detail: (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as Record<string, unknown>,
  };
}

export class SqliteAuditRepository implements AuditRepository {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      all: db.prepare('SELECT * FROM audit_log ORDER BY id'),
      ofFederation: db.prepare('SELECT * FROM audit_log WHERE federation_id = ? ORDER BY id'),
    };
  }

  async list(federationId?: string): Promise<AuditEntry[]> {
    const rows = (federationId === undefined ? this.statements.all.all() : this.statements.ofFederation.all(federationId)) as AuditRow[];
    return rows.map(auditFromRow);
  }
}
