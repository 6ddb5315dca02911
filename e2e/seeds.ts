/**
 * Seed files for end-to-end tests: `readSeed('my-scenario.json')` finds one by name in e2e/seeds,
 * then src-shared/testing (a path is read as it is). The seed keeps its file's name, so a mistake
 * in it is reported with that file, the JSON path and the rule, as `--seed FILE` does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { namedSeed } from '../src-backend/seed/loadSeed';

/** Where a bare seed name is looked up, in order. */
export const seedFolders = [path.resolve(__dirname, 'seeds'), path.resolve(__dirname, '../src-shared/testing')];

/** Reads a seed file: a bare name is looked up in e2e/seeds, then src-shared/testing; a path is read as it is. */
export function readSeed(name: string): unknown {
  const candidates = path.isAbsolute(name) ? [name] : [...seedFolders.map((folder) => path.join(folder, name)), path.resolve(name)];
  const file = candidates.find((candidate) => {
    try {
      readFileSync(candidate);
      return true;
    } catch {
      return false;
    }
  });
  if (!file) throw new Error(`seed ${name} not found in ${candidates.join(', ')}`);
  const shown = path.relative(path.resolve(__dirname, '..'), file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Bad seed file: ${shown}: $: is not valid JSON (${(error as Error).message})`);
  }
  return typeof json === 'object' && json !== null ? namedSeed(json, shown) : json;
}
