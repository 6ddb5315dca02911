import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// Four suites: `unit` (pure code beside its tests), `main` (the Electron main process under
// Node, with 'electron' replaced by src-main/testing/fakeElectron.ts), `backend` (a real
// server on port 0 driven by real socket.io clients: files named *.backend.test.ts) and
// `backend-postgres` (the suites that exercise the store, on PostgreSQL: see postgresSuites).
/**
 * The backend suites that exercise the store, run again on PostgreSQL (SPEC 10): every repository
 * is read and written by these. The others (limits, validation and the fuzzer, transport, process
 * guards, signalling relay) work above the store and run on SQLite only, so `npm test` does not
 * run the whole backend stage twice. MERIDIAN_POSTGRES_SUITES=all runs every backend suite there.
 */
const postgresSuites = [
  'src-backend/handlers/conversationHandlers.backend.test.ts',
  'src-backend/handlers/groupHandlers.backend.test.ts',
  'src-backend/handlers/threadHandlers.backend.test.ts',
  'src-backend/handlers/threadLists.backend.test.ts',
  'src-backend/handlers/reactionHandlers.backend.test.ts',
  'src-backend/handlers/profileHandlers.backend.test.ts',
  'src-backend/handlers/messageSearch.backend.test.ts',
  'src-backend/handlers/federationVisibility.backend.test.ts',
  'src-backend/handlers/callHandlers.backend.test.ts',
  'src-backend/handlers/meetingHandlers.backend.test.ts',
  'src-backend/readState.backend.test.ts',
  'src-backend/pins.backend.test.ts',
  'src-backend/handlers/statusClear.backend.test.ts',
  'src-backend/handlers/broadcastMentions.backend.test.ts',
  'src-backend/conversationSettings.backend.test.ts',
  'src-backend/sessions.backend.test.ts',
  'src-backend/files.backend.test.ts',
  'src-backend/support/console.backend.test.ts',
  'src-backend/server.backend.test.ts',
  'src-backend/faultTolerance.backend.test.ts',
  // PostgreSQL only: several processes writing one store at once (SQLite is the one-process engine, SPEC 10).
  'src-backend/store/concurrentWriters.postgres.test.ts',
  'src-backend/store/groupCommit.postgres.test.ts',
  'src-backend/store/exclusive.backend.test.ts',
  'src-backend/auth/sharedSecrets.backend.test.ts',
  // The leak test and the authorization matrix run on PostgreSQL in the cluster stage, across two
  // processes (cluster/security.cluster.test.ts: the same scenarios on the same store code); here
  // they cost ~25 s of CPU more. Here only when that stage cannot run (npm test sets this when
  // PostgreSQL or Redis cannot be had for it).
  ...(process.env.MERIDIAN_POSTGRES_SECURITY === '1' ? ['src-backend/security.backend.test.ts'] : []),
];

/** Passwords at a test's cost in the backend suites, but in the files about that cost (see the file). */
const passwordCost = 'src-backend/testing/passwordCost.ts';

/**
 * Only when asked (`npm test`'s postgres stage sets MERIDIAN_POSTGRES_SUITES; `--project
 * backend-postgres` asks too): a plain `vitest run` needs no PostgreSQL.
 */
const postgresAsked = Boolean(process.env.MERIDIAN_POSTGRES_SUITES) || process.argv.some((arg) => arg.includes('backend-postgres'));

/**
 * The files of one worker share their modules (every suite but the cluster's, whose files start
 * processes of their own anyway): importing them again for each file was most of the unit suite's
 * time (import 29.7 s of 44 s; 15 s without, 2.6× less CPU) and 75 s of the backend suite's. Every
 * file starts its own servers and stores, and a file that changes something shared (the password
 * cost, process.env) sets it back or sets it either way.
 */
const isolate = false;

// A server found or started by the global setup (testing/services.ts), a database per test server.
const postgresProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'backend-postgres',
    include: process.env.MERIDIAN_POSTGRES_SUITES === 'all' ? ['src-backend/**/*.backend.test.ts', 'src-backend/**/*.postgres.test.ts'] : postgresSuites,
    environment: 'node',
    pool: 'forks',
    env: { MERIDIAN_TEST_ENGINE: 'postgres' },
    isolate,
    globalSetup: ['src-backend/testing/postgresSetup.ts'],
    setupFiles: [passwordCost],
  },
};

/**
 * The multi-process suite (SPEC 10): backend processes started by the CLI on one PostgreSQL and
 * one Redis (src-backend/cluster/*.cluster.test.ts). Only when asked (`npm test`'s cluster stage,
 * or `--project cluster`): it needs both servers, found or started (testing/services.ts).
 */
const clusterAsked = Boolean(process.env.MERIDIAN_CLUSTER_SUITES) || process.argv.some((arg) => arg.includes('cluster'));
const clusterProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'cluster',
    include: ['src-backend/**/*.cluster.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
};

/**
 * Test files run at once: one per core. Vitest's default leaves one core out (2 cores: one file at
 * a time), and `npm test` then used one core of two; the backend files wait on sockets, timers
 * and PostgreSQL as much as they compute. MERIDIAN_TEST_WORKERS sets another number.
 */
const workers = Number(process.env.MERIDIAN_TEST_WORKERS) || availableParallelism();

export default defineConfig({
  test: {
    maxWorkers: workers,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      // extends: the timeouts above apply to every suite (inline projects inherit nothing by default).
      { extends: true, test: { name: 'unit', isolate, include: ['src-*/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'], exclude: ['src-main/**', '**/*.backend.test.ts', '**/*.postgres.test.ts', '**/*.cluster.test.ts', '**/node_modules/**'], environment: 'node' } },
      {
        extends: true,
        resolve: { alias: { electron: resolve(__dirname, 'src-main/testing/fakeElectron.ts') } },
        // Forks: some start a real backend (better-sqlite3), as the backend suite does.
        test: { name: 'main', include: ['src-main/**/*.test.ts'], environment: 'node', pool: 'forks', isolate },
      },
      { extends: true, test: { name: 'backend', include: ['src-backend/**/*.backend.test.ts'], environment: 'node', pool: 'forks', isolate, setupFiles: [passwordCost] } },
      ...(postgresAsked ? [postgresProject] : []),
      ...(clusterAsked ? [clusterProject] : []),
    ],
  },
});
