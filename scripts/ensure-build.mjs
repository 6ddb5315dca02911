// Builds the app (renderer for the browser build, main, preload, bundled backend) when the
// build is missing or older than its sources, so nobody has to remember `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const output = path.join(root, 'out', 'renderer', 'index.html');
const sources = ['src-renderer', 'src-shared', 'src-main', 'src-preload', 'src-backend'].map((folder) => path.join(root, folder));

function newest(folder) {
  let latest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const built = existsSync(output) ? statSync(output).mtimeMs : 0;
const stale = sources.some((folder) => existsSync(folder) && newest(folder) > built) || statSync(path.join(root, 'electron.vite.config.ts')).mtimeMs > built;
if (stale || process.argv.includes('--force')) {
  console.log('Building Meridian (renderer, main, preload, backend)…');
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
}
