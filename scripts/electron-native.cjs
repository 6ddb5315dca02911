// Builds better-sqlite3 for Electron's ABI into .electron-native/better-sqlite3, leaving
// node_modules/better-sqlite3 built for Node (the tests and `npm run backend` load that one).
// The main process passes the result to the bundled backend as MERIDIAN_SQLITE_BINDING, and the
// backend hands it to better-sqlite3's `nativeBinding` option.
//
//   node scripts/electron-native.cjs      (run by `npm start`; does nothing when already built,
//                                          or when MERIDIAN_SERVER names another server)
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, run by plain node */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const source = path.join(root, 'node_modules', 'better-sqlite3');
const target = path.join(root, '.electron-native', 'better-sqlite3');
const binding = path.join(target, 'build', 'Release', 'better_sqlite3.node');
const stampFile = path.join(target, 'electron-build.stamp');
// What node-gyp needs to build the module; its build/ folder (the Node build) is left behind.
const sourceEntries = ['package.json', 'binding.gyp', 'lib', 'src', 'deps', 'LICENSE'];

const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const stamp = `electron ${electronVersion}, better-sqlite3 ${sqliteVersion}, ${process.platform}-${process.arch}\n`;
const nodeAbi = require(require.resolve('node-abi', { paths: [path.dirname(require.resolve('@electron/rebuild/package.json'))] }));
const electronAbi = nodeAbi.getAbi(electronVersion, 'electron');

/** Whether the addon registers itself for Electron's ABI (its exported node_register_module_v<ABI>). */
function builtForElectron() {
  try {
    return fs.readFileSync(binding).includes(`node_register_module_v${electronAbi}\0`);
  } catch {
    return false;
  }
}

function readStamp() {
  try {
    return fs.readFileSync(stampFile, 'utf8');
  } catch {
    return null;
  }
}

async function main() {
  if (process.env.MERIDIAN_SERVER) {
    console.log('MERIDIAN_SERVER is set, so the bundled backend is not used: better-sqlite3 for Electron is not needed.');
    return;
  }
  if (readStamp() === stamp && builtForElectron()) {
    console.log(`better-sqlite3 for Electron ${electronVersion} is up to date.`);
    return;
  }
  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} in .electron-native/ …`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const entry of sourceEntries) {
    const from = path.join(source, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(target, entry), { recursive: true });
  }
  // An npm `nodedir` setting (npm_config_nodedir) would make node-gyp build against Node's headers, not Electron's.
  for (const name of Object.keys(process.env)) if (name.toLowerCase() === 'npm_config_nodedir') delete process.env[name];
  const { rebuild } = require('@electron/rebuild');
  // buildPath is the copy: its own binding.gyp is rebuilt, and no folder of node_modules is touched.
  await rebuild({ buildPath: target, electronVersion, force: true });
  if (!builtForElectron()) throw new Error(`the build finished but ${path.relative(root, binding)} is missing or not for ABI ${electronAbi}`);
  fs.writeFileSync(stampFile, stamp);
  console.log(`Built ${path.relative(root, binding)}.`);
}

main().catch((error) => {
  const reason = String((error && error.message) || error).split('\n').find((line) => line.trim()) || 'unknown error';
  console.error(
    `electron-native: could not build better-sqlite3 for Electron ${electronVersion} (${reason.trim()}); ` +
      'it needs Electron headers from electronjs.org and a C++ toolchain. To use another server instead, set MERIDIAN_SERVER=URL.',
  );
  process.exit(1);
});
