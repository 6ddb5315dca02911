// `npm run dist`: packages Meridian with electron-builder (electron-builder.config.cjs) for this
// computer's platform: AppImage and deb on Linux, dmg on macOS, nsis on Windows. Each platform
// is packaged on its own kind of computer, since better-sqlite3 is compiled for the one it runs on
// (scripts/electron-native.cjs, as for `npm start`).
//
// electron-builder downloads the Electron release it packs. Where that cannot be fetched (no
// network, no mirror, nothing in the cache) this says so in one line and exits 1 before
// building anything, instead of failing deep inside electron-builder. ELECTRON_MIRROR and
// ELECTRON_CACHE are honoured, as electron-builder honours them.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, run by plain node */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const electronVersion = require('electron/package.json').version;
const platformFlags = { '--linux': 'linux', '--mac': 'darwin', '--win': 'win32' };
const platformNames = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** The same @electron/get, and so the same cache, that electron-builder downloads Electron with. */
function electronGet() {
  const builderLib = path.dirname(require.resolve('app-builder-lib/package.json'));
  return require(require.resolve('@electron/get', { paths: [builderLib] }));
}

/** Resolves once Electron for this platform is in the cache or downloaded into it; rejects saying why it cannot be fetched. */
async function ensureElectronRelease(platform, arch) {
  const { downloadArtifact } = electronGet();
  try {
    await downloadArtifact({ version: electronVersion, artifactName: 'electron', platform, arch, ...(process.env.ELECTRON_CACHE ? { cacheRoot: process.env.ELECTRON_CACHE } : {}) });
  } catch (error) {
    const reason = String((error && error.message) || error).split('\n').find((line) => line.trim()) || 'unknown error';
    throw new Error(`Electron ${electronVersion} for ${platform}-${arch} cannot be fetched (${reason.trim()}); nothing was packaged (set ELECTRON_MIRROR to a reachable mirror, or put the release in ELECTRON_CACHE).`);
  }
}

/** Runs a step; a failing step has already said why, so stop with its exit code. */
function step(args, env = process.env) {
  try {
    execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  } catch (error) {
    process.exit(typeof error.status === 'number' && error.status !== 0 ? error.status : 1);
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const other = argv.find((argument) => argument in platformFlags && platformFlags[argument] !== process.platform);
  if (other) {
    const here = platformNames[process.platform] ?? process.platform;
    const there = platformNames[platformFlags[other]];
    throw new Error(`this computer packages for ${here} only, since better-sqlite3 is compiled for the computer it is built on; package for ${there} on ${there}.`);
  }
  await ensureElectronRelease(process.platform, process.arch);
  // better-sqlite3 for this Electron, in .electron-native/ (electron-builder.config.cjs ships it); whatever MERIDIAN_SERVER says, a package needs it.
  const { MERIDIAN_SERVER: _ignored, ...environment } = process.env;
  step([path.join(root, 'scripts', 'electron-native.cjs')], environment);
  step([path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
  step([require.resolve('electron-builder/cli.js'), '--config', 'electron-builder.config.cjs', '--publish', 'never', ...argv]);
}

main().catch((error) => {
  console.error(`dist: ${String((error && error.message) || error).split('\n')[0]}`);
  process.exit(1);
});
