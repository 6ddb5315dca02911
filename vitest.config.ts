import { defineConfig } from 'vitest/config';

// Two suites: `unit` (pure code beside its tests) and `backend` (a real server on port 0 driven
// by real socket.io clients: files named *.backend.test.ts).
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      // extends: the timeouts above apply to both (inline projects inherit nothing by default).
      { extends: true, test: { name: 'unit', include: ['src-*/**/*.test.{ts,tsx}'], exclude: ['**/*.backend.test.ts', '**/node_modules/**'], environment: 'node' } },
      { extends: true, test: { name: 'backend', include: ['src-backend/**/*.backend.test.ts'], environment: 'node', pool: 'forks' } },
    ],
  },
});
