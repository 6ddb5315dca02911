// Packaging with electron-builder (`npm run dist`, through scripts/dist.cjs): AppImage and deb on
// Linux, dmg on macOS, nsis on Windows. Fuses are flipped on the packed Electron binary by
// scripts/fuses.cjs (afterPack, before any signing). better-sqlite3 for Electron is the build
// scripts/electron-native.cjs makes in .electron-native/ (as for `npm start`), shipped beside the
// asar as resources/better_sqlite3.node and handed to the backend by src-main/backend.ts:
// electron-builder's own rebuild would overwrite node_modules' Node build, which the tests use.
// src-main/packaging.test.ts checks this file: targets, fuses and what is packed.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, loaded by electron-builder */
const path = require('node:path');
const { applyFuses } = require('./scripts/fuses.cjs');

/** better-sqlite3 built for Electron: MERIDIAN_SQLITE_BINDING names another build (the packaging test's stand-in). */
const electronSqliteBinding = process.env.MERIDIAN_SQLITE_BINDING || path.join(__dirname, '.electron-native', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'com.meridian.desktop',
  productName: 'Meridian',
  copyright: 'Copyright © Meridian',
  directories: { output: 'dist', buildResources: 'resources' },
  // Only the build and what it reads at run time; node_modules' production dependencies are added by electron-builder.
  files: [
    'package.json',
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    // The bundled backend loads demo data on first run (src-backend/server.ts finds it by walking up from out/main).
    'resources/demo-seed.json',
    '!**/*.map',
    '!**/*.{test,spec}.{js,ts,tsx,mjs,cjs}',
    '!**/*.{db,db-wal,db-shm,sqlite}',
    // better-sqlite3's Node build and its C++ sources: the Electron build ships as an extra resource.
    '!node_modules/better-sqlite3/{build,src,deps}/**',
    // Bundled into out/renderer by Vite; main and the backend never load them.
    '!node_modules/{react,react-dom,react-virtuoso,zustand,scheduler}/**',
    '!node_modules/@types/**',
  ],
  extraResources: [{ from: electronSqliteBinding, to: 'better_sqlite3.node' }],
  asar: true,
  npmRebuild: false,
  electronDownload: process.env.ELECTRON_CACHE ? { cache: process.env.ELECTRON_CACHE } : undefined,
  afterPack: applyFuses,
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Network;Chat;InstantMessaging',
    maintainer: 'Meridian <support@meridian.example>',
    synopsis: 'Chat and calling across federated company accounts',
  },
  mac: { target: ['dmg'], category: 'public.app-category.business', hardenedRuntime: true },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
};
