/**
 * The packaging configuration (electron-builder.config.cjs, scripts/fuses.cjs, scripts/dist.cjs),
 * checked without Electron's binary: the app is packed for real by electron-builder (`--dir`)
 * around a stand-in Electron executable that carries the fuse wire, so the asar's contents and
 * the fuses flipped by the afterPack hook are read back from what electron-builder produced.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { listPackage } from '@electron/asar';
import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');
const load = createRequire(__filename);
const config = load('../electron-builder.config.cjs') as Record<string, unknown> & { linux: { target: string[] }; mac: { target: string[] }; win: { target: string[] }; files: string[] };
const { fuses, applyFuses } = load('../scripts/fuses.cjs') as { fuses: Record<string, unknown>; applyFuses: unknown };

describe('the packaging configuration', () => {
  it('lists AppImage and deb, dmg, and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config).toMatchObject({ appId: 'com.meridian.desktop', productName: 'Meridian', asar: true });
  });

  it('flips the fuses at packaging: no Node modes, cookies encrypted, only an asar, with its integrity checked', () => {
    expect(config.afterPack).toBe(applyFuses);
    expect(fuses).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it('npm run dist says in one line that Electron cannot be fetched, and stops', async () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'meridian-electron-cache-'));
    try {
      // A mirror nobody listens on and an empty cache: what a computer without the network sees.
      const result = await run(process.execPath, [path.join(root, 'scripts', 'dist.cjs')], { cwd: root, env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_CACHE: cache } }).then(
        () => ({ code: 0, output: '' }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
      );
      expect(result.code).toBe(1);
      expect(result.output.trim().split('\n')).toEqual([expect.stringMatching(/^dist: Electron \d+\.\d+\.\d+ for \w+-\w+ cannot be fetched \(.*\); nothing was packaged/)]);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('what goes into the package', () => {
  let work: string;
  let appOut: string;
  let files: string[];

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'meridian-pack-'));
    await run(process.execPath, [path.join(root, 'scripts', 'ensure-build.mjs')], { cwd: root });
    // A stand-in Electron: an executable holding the fuse sentinel and a wire of nine fuses, as a real one does.
    const electronDist = path.join(work, 'electron-dist');
    mkdirSync(electronDist);
    const wire = Buffer.from([1, 9, ...Buffer.from('101110011')]);
    writeFileSync(path.join(electronDist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n'), Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), wire, Buffer.from('\n')]), { mode: 0o755 });
    writeFileSync(path.join(electronDist, 'version'), load('electron/package.json').version);
    const binding = path.join(work, 'better_sqlite3.node');
    writeFileSync(binding, 'better-sqlite3 for Electron, stand-in');
    await run(
      process.execPath,
      [load.resolve('electron-builder/cli.js'), '--config', 'electron-builder.config.cjs', '--dir', '--linux', '--x64', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${path.join(work, 'dist')}`],
      { cwd: root, env: { ...process.env, MERIDIAN_SQLITE_BINDING: binding, CI: 'true' } },
    );
    appOut = path.join(work, 'dist', 'linux-unpacked');
    files = listPackage(path.join(appOut, 'resources', 'app.asar'), { isPack: false }).map((file) => file.split(path.sep).join('/'));
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds the app: main, the backend bundle, the preload, the renderer and the demo seed', () => {
    for (const file of ['/package.json', '/out/main/index.js', '/out/main/backend.js', '/out/preload/index.js', '/out/renderer/index.html', '/resources/demo-seed.json']) {
      expect(files, file).toContain(file);
    }
    expect(files.some((file) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(file))).toBe(true);
    // What main and the backend load at run time.
    for (const dependency of ['better-sqlite3', 'socket.io', 'socket.io-client', 'sirv', 'commander', 'zod', 'libphonenumber-js']) {
      expect(files, dependency).toContain(`/node_modules/${dependency}/package.json`);
    }
  });

  it('holds no sources, tests, databases, source maps or development tools', () => {
    const unwanted = files.filter(
      (file) =>
        /^\/(src-[a-z]+|e2e|bench|scripts|docs|test-results|playwright-report|\.electron-native|\.cache)(\/|$)/.test(file) ||
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(file) ||
        /\.(db|db-wal|db-shm|sqlite)$/.test(file) ||
        /\.map$/.test(file) ||
        /^\/node_modules\/(electron|electron-builder|electron-vite|vite|vitest|typescript|@playwright|eslint|react|react-dom|@types)\//.test(file) ||
        /^\/node_modules\/better-sqlite3\/(build|src|deps)\//.test(file),
    );
    expect(unwanted).toEqual([]);
  });

  it('ships better-sqlite3 built for Electron beside the asar, where main hands it to the backend', () => {
    expect(existsSync(path.join(appOut, 'resources', 'better_sqlite3.node'))).toBe(true);
  });

  it('has the fuses flipped on the packed executable', async () => {
    const wire = await getCurrentFuseWire(path.join(appOut, 'meridian'));
    const enabled = (option: FuseV1Options) => wire[option] === 49; // '1'
    expect(enabled(FuseV1Options.RunAsNode)).toBe(false);
    expect(enabled(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(false);
    expect(enabled(FuseV1Options.EnableNodeCliInspectArguments)).toBe(false);
    expect(enabled(FuseV1Options.EnableCookieEncryption)).toBe(true);
    expect(enabled(FuseV1Options.OnlyLoadAppFromAsar)).toBe(true);
    expect(enabled(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(true);
    expect(enabled(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(false);
  });
});
