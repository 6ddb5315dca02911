import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from './databaseUrl';

describe('--database-url', () => {
  it('takes a PostgreSQL URL naming a server and a database', () => {
    expect(parseDatabaseUrl('postgres://meridian:secret@db.internal:5432/meridian')).toBeNull();
    expect(parseDatabaseUrl('postgresql://meridian@127.0.0.1/meridian?sslmode=require')).toBeNull();
  });

  it('refuses anything else, saying what is missing', () => {
    expect(parseDatabaseUrl('mysql://db/meridian')).toContain('must be a PostgreSQL URL');
    expect(parseDatabaseUrl('not a url')).toContain('must be a PostgreSQL URL');
    expect(parseDatabaseUrl('postgres://127.0.0.1:5432')).toContain('must name the database');
    expect(parseDatabaseUrl('postgres:///meridian')).toContain('must name the PostgreSQL server');
  });
});
