import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Four suites: `unit` (pure code beside its tests), `main` (the Electron main process under
// Node, with 'electron' replaced by src-main/testing/fakeElectron.ts), `backend` (a real
// server on port 0 driven by real socket.io clients: files named *.backend.test.ts) and
// `backend-postgres` (the same, on PostgreSQL).
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      // extends: the timeouts above apply to every suite (inline projects inherit nothing by default).
      { extends: true, test: { name: 'unit', include: ['src-*/**/*.test.{ts,tsx}', 'e2e/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'], exclude: ['src-main/**', '**/*.backend.test.ts', '**/node_modules/**'], environment: 'node' } },
      {
        extends: true,
        resolve: { alias: { electron: resolve(__dirname, 'src-main/testing/fakeElectron.ts') } },
        // Forks: some start a real backend (better-sqlite3), as the backend suite does.
        test: { name: 'main', include: ['src-main/**/*.test.ts'], environment: 'node', pool: 'forks' },
      },
      { extends: true, test: { name: 'backend', include: ['src-backend/**/*.backend.test.ts'], environment: 'node', pool: 'forks' } },
      // The same suites on PostgreSQL (SPEC 10): a server found or started by the global setup, a database per test server.
      {
        extends: true,
        test: {
          name: 'backend-postgres',
          include: ['src-backend/**/*.backend.test.ts'],
          environment: 'node',
          pool: 'forks',
          env: { MERIDIAN_TEST_ENGINE: 'postgres' },
          globalSetup: ['src-backend/testing/postgresSetup.ts'],
        },
      },
    ],
  },
});
