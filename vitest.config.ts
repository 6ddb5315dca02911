import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Three suites: `unit` (pure code beside its tests), `main` (the Electron main process under
// Node, with 'electron' replaced by src-main/testing/fakeElectron.ts) and `backend` (a real
// server on port 0 driven by real socket.io clients: files named *.backend.test.ts).
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
    ],
  },
});
