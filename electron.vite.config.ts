/**
 * Three builds: the Electron main process (with the bundled backend beside it), the sandboxed
 * preload, and the renderer (also what the backend serves as the browser build).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { phoneColours } from './src-renderer/features/theme/phoneColours';

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

/**
 * The app's artwork (resources/artwork: the SVG mark and the PNGs `npm run icons` renders from
 * it), shipped beside index.html as `icons/…`: the favicon, the phone's home-screen icon and the
 * web app manifest's icons.
 */
function artwork(): Plugin {
  const folder = resolve(root, 'resources/artwork');
  const files = () => readdirSync(folder).filter((file) => /^[a-z0-9-]+\.(png|svg)$/.test(file));
  const types: Record<string, string> = { png: 'image/png', svg: 'image/svg+xml' };
  return {
    name: 'meridian-artwork',
    // The colour of a phone's status bar in each theme (features/theme/theme.ts follows the Theme menu).
    transformIndexHtml: () =>
      (['light', 'dark'] as const).map((scheme) => ({
        tag: 'meta',
        attrs: { name: 'theme-color', media: `(prefers-color-scheme: ${scheme})`, content: phoneColours[scheme].theme },
        injectTo: 'head' as const,
      })),
    generateBundle() {
      for (const file of files()) this.emitFile({ type: 'asset', fileName: `icons/${file}`, source: readFileSync(join(folder, file)) });
    },
    configureServer(server) {
      server.middlewares.use('/icons', (request, response, next) => {
        const file = (request.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
        if (!files().includes(file)) return next();
        response.setHeader('content-type', types[file.split('.').pop()!]!);
        response.end(readFileSync(join(folder, file)));
      });
    },
  };
}

/**
 * The browser build as an installable app (SPEC 11): the web app manifest, and the service worker
 * of src-renderer/serviceWorker/sw.ts with the list of the shell's files injected. Only the browser
 * build registers it (src-renderer/features/install/serviceWorker.ts); Electron never does.
 */
function installable(): Plugin[] {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'serviceWorker',
    filename: 'sw.ts',
    // Registered by the app itself, and only in the browser build.
    injectRegister: false,
    manifestFilename: 'manifest.webmanifest',
    manifest: {
      id: './',
      name: 'Meridian',
      short_name: 'Meridian',
      description: 'Chat, call and meet across your federated company accounts.',
      lang: 'en',
      start_url: './',
      scope: './',
      display: 'standalone',
      orientation: 'any',
      // The manifest holds one pair; index.html's theme-color metas give the dark one, and the app follows the Theme menu.
      theme_color: phoneColours.light.theme,
      background_color: phoneColours.light.background,
      categories: ['business', 'productivity', 'social'],
      icons: [
        { src: 'icons/meridian-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'icons/meridian-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'icons/meridian-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: 'icons/meridian.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      ],
    },
    includeManifestIcons: false,
    injectManifest: {
      // The shell alone: no emoji pictures (thousands; they load as they are shown) and nothing of anyone's.
      globPatterns: ['index.html', 'assets/*.{js,css}', 'icons/*.{png,svg}'],
      // The emoji data chunk is the largest file of the shell.
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
    },
  });
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
    plugins: [react(), twemoji(), artwork(), ...installable()],
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
