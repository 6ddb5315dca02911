/**
 * `npm test` runs this after the build: the browser build people are served carries no hook
 * for tests (a global a page's script could call to cut the connection, say). Tests reach what
 * they need from outside the product — Playwright routes the page's WebSocket
 * (`dropConnection` in e2e/fixtures.ts), backend tests subclass the session client.
 *
 *   tsx scripts/checkProductBuild.ts [DIR]   # DIR defaults to out/renderer; exit 1 naming each hit
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Names only test code has: finding one in the product means test code shipped. */
export const testOnlyNames = ['meridianTest', 'dropConnection', 'simulateNetworkDrop'];

/** Every file under `folder` (scripts, pages, maps) that holds one of `names`, with the names found. */
export function testHooksIn(folder: string, names: readonly string[] = testOnlyNames): Array<{ file: string; names: string[] }> {
  const found: Array<{ file: string; names: string[] }> = [];
  const visit = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(m?js|html|map)$/.test(entry.name)) {
        const text = readFileSync(full, 'utf8');
        const hits = names.filter((name) => text.includes(name));
        if (hits.length > 0) found.push({ file: path.relative(folder, full), names: hits });
      }
    }
  };
  visit(folder);
  return found;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const folder = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'out', 'renderer'));
  const hits = testHooksIn(folder);
  for (const hit of hits) console.log(`${path.join(path.relative(process.cwd(), folder), hit.file)}: test-only code in the product build (${hit.names.join(', ')})`);
  console.log(hits.length === 0 ? `No test hooks in ${path.relative(process.cwd(), folder)}.` : `${hits.length} file(s) of the product build carry test-only code.`);
  process.exit(hits.length === 0 ? 0 : 1);
}
