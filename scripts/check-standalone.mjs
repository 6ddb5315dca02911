// A user's clone has nothing beside it: no tracked file may reach outside the repository for
// a seed, a fixture or a document (the shared folder beside the checkout was where they once came from).
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const forbidden = ['..', 'shared'].join('/'); // spelled apart so this file does not match itself
let found = '';
try {
  found = execFileSync('git', ['grep', '-n', '-I', '--fixed-strings', forbidden, '--', '.', ':!scripts/check-standalone.mjs'], { cwd: root, encoding: 'utf8' });
} catch (error) {
  // git grep exits 1 when nothing matches: that is the good case.
  if (error.status !== 1) throw error;
}
if (found.trim() !== '') {
  console.error(`These tracked files refer to ${forbidden}, which a clone of this repository does not have:\n${found}`);
  console.error('Copy what they need into the repository (seeds: e2e/seeds or src-shared/testing; documents: docs/).');
  process.exit(1);
}
console.log(`No tracked file refers to ${forbidden}.`);
