/**
 * Three builds: the Electron main process (with the bundled backend beside it), the sandboxed
 * preload, and the renderer (also what the backend serves as the browser build).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = __dirname;

/**
 * Twemoji's SVGs (@twemoji/svg), shipped with the renderer as `emoji/<codepoints>.svg` beside
 * index.html, so emoji look the same on every machine and load from the app itself (the CSP
 * allows images from 'self' only). One file per emoji: a page fetches only those it shows.
 */
function twemoji(): Plugin {
  const folder = resolve(root, 'node_modules/@twemoji/svg');
  const svgs = () => readdirSync(folder).filter((file) => /^[0-9a-f-]+\.svg$/.test(file));
  return {
    name: 'meridian-twemoji',
    generateBundle() {
      for (const file of svgs()) this.emitFile({ type: 'asset', fileName: `emoji/${file}`, source: readFileSync(join(folder, file)) });
    },
    configureServer(server) {
      server.middlewares.use('/emoji', (request, response, next) => {
        const file = (request.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
        if (!/^[0-9a-f-]+\.svg$/.test(file)) return next();
        try {
          response.setHeader('content-type', 'image/svg+xml');
          response.end(readFileSync(join(folder, file)));
        } catch {
          next();
        }
      });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // node_modules packages (better-sqlite3 above all) stay external and are required at run time.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/index.ts'),
          backend: resolve(root, 'src-backend/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload may require only 'electron': bundle zod and src-shared into one file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    // Relative asset paths, so the same build loads from file:// in Electron and from / in a browser.
    base: './',
    plugins: [react(), twemoji()],
    // The page's <meta property="csp-nonce"> and nonce attributes carry this placeholder; whoever
    // serves index.html replaces it per response (src-shared/protocol/contentSecurityPolicy.ts).
    html: { cspNonce: 'MERIDIAN_CSP_NONCE' },
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves bundles unminified; the renderer is also served to browsers.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
