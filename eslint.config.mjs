// Lint, including the layering rule of STYLE.md: the arrows between src-* folders point one
// way, as in VS Code's local/code-layering ("Bad layering. You are not allowed to access …").
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const folders = ['src-shared', 'src-backend', 'src-main', 'src-preload', 'src-renderer', 'e2e'];
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'url', 'util', 'worker_threads'];

/** no-restricted-imports for one folder: which project folders and which packages it may not import. */
function layering(folder, { forbidden, packages = [], typeOnly = [] }) {
  const message = (target) => `Bad layering. You are not allowed to access ${target} from ${folder} (see STYLE.md).`;
  return {
    files: [`${folder}/**/*.{ts,tsx}`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((target) => ({ group: [`**/${target}`, `**/${target}/**`], message: message(target) })),
            ...typeOnly.map((target) => ({ group: [`**/${target}`, `**/${target}/**`], message: `${message(target)} Only \`import type\` is allowed.`, allowTypeImports: true })),
            ...packages.filter((name) => name.includes('*')).map((name) => ({ group: [name], message: message(name) })),
          ],
          paths: packages.filter((name) => !name.includes('*')).map((name) => ({ name, message: message(name) })),
        },
      ],
    },
  };
}

const others = (...allowed) => folders.filter((folder) => !allowed.includes(folder));

export default tseslint.config(
  // The build's bundled copies of its config (electron-vite writes `electron.vite.config.ts.<time>-<hash>.mjs`
  // beside it and deletes it; Vite and Vitest write `*.timestamp-*.mjs`): npm test lints while it builds, and
  // ESLint, finding one that was gone when it opened it, stopped with ENOENT (a fresh clone's run, 2026-12-07).
  { ignores: ['out/**', 'node_modules/**', '.cache/**', '.electron-native/**', 'test-results/**', 'playwright-report/**', '*.config.ts.*.mjs', '**/*.timestamp-*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // The backend awaits its store (SPEC 10: every repository is asynchronous): a promise left
  // unawaited, or handed where a plain function is expected, is an error, not a silent race.
  {
    files: ['src-backend/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.node.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // No run-time import circle anywhere (STYLE.md "State in the renderer"): a module that needs
  // another's types only uses `import type`, which never runs and so never closes a circle.
  {
    files: ['src-*/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
      // The modules a file imports are parsed as TypeScript too, to follow their imports.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    },
    rules: { 'import-x/no-cycle': ['error', { allowUnsafeDynamicCyclicDependency: false, ignoreExternal: true }] },
  },
  layering('src-shared', { forbidden: others('src-shared'), packages: ['electron', 'react', 'react-dom', 'better-sqlite3', 'socket.io', ...nodeBuiltins] }),
  layering('src-backend', { forbidden: others('src-shared', 'src-backend'), packages: ['electron', 'react', 'react-dom'] }),
  // The backend's test support launches the browser the end-to-end suite found (e2e/browser.ts), not one of its own.
  { ...layering('src-backend', { forbidden: others('src-shared', 'src-backend', 'e2e'), packages: ['electron', 'react', 'react-dom'] }), files: ['src-backend/testing/**/*.ts'] },
  layering('src-main', { forbidden: others('src-shared', 'src-main'), packages: ['react', 'react-dom', 'better-sqlite3', 'socket.io'] }),
  // Main's tests may start a real backend with its test harness, as e2e does; main's code may not.
  { ...layering('src-main', { forbidden: others('src-shared', 'src-main', 'src-backend'), packages: ['react', 'react-dom', 'better-sqlite3', 'socket.io'] }), files: ['src-main/**/*.test.ts'] },
  layering('src-preload', { forbidden: others('src-shared', 'src-preload'), packages: ['react', 'react-dom', 'better-sqlite3', 'socket.io', ...nodeBuiltins] }),
  layering('src-renderer', {
    forbidden: others('src-shared', 'src-renderer', 'src-preload'),
    typeOnly: ['src-preload'],
    packages: ['electron', 'better-sqlite3', 'socket.io', ...nodeBuiltins],
  }),
);
