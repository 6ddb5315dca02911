/**
 * Vitest's global setup for the backend suites on PostgreSQL (the `backend-postgres` project):
 * finds or starts a server (./services.ts), migrates a template database once, and hands both to
 * the test servers through the environment (`startTestServer` copies the template for each).
 * Where no PostgreSQL can be had it stops with one line saying why.
 */
import pg from 'pg';
import { openPostgresStore } from '../store/postgres/postgresStore';
import { ensurePostgres } from './services';

export const templateDatabase = 'meridian_template';

export default async function setup(): Promise<() => Promise<void>> {
  const service = await ensurePostgres();
  if ('unavailable' in service) throw new Error(`The backend suites cannot run on PostgreSQL: ${service.unavailable}.`);
  const admin = new pg.Client({ connectionString: service.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  const templateUrl = new URL(service.url);
  templateUrl.pathname = `/${templateDatabase}`;
  const store = await openPostgresStore(templateUrl.toString(), { poolSize: 1 });
  await store.close();
  process.env.MERIDIAN_TEST_POSTGRES_SERVER = service.url;
  process.env.MERIDIAN_TEST_POSTGRES_TEMPLATE = templateDatabase;
  return async () => {
    await service.stop();
  };
}
