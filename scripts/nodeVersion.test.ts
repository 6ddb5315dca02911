/**
 * One Node version, said alike everywhere: package.json's `engines`, `.nvmrc` and the README, and
 * no installed package asking for more (npm would warn EBADENGINE on a machine at our minimum, as
 * it did when electron@45 wanted 22.12 and the README said 20.19).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
const minimum = semver.minVersion(engines)!.version;
/** The lowest version of each part of the range (`^22.13.0 || >=24.0.0`: 22.13.0 and 24.0.0). */
const lowest = new semver.Range(engines).set.map((comparators) => semver.minVersion(comparators.map((comparator) => comparator.value).join(' '))!.version);

describe('the Node version', () => {
  it('is the same in engines, .nvmrc and the README', () => {
    const nvmrc = read('.nvmrc').trim();
    // nvm installs the newest release of the major .nvmrc names: it must satisfy engines, as its minimum does.
    expect(semver.satisfies(`${nvmrc}.${semver.minor(minimum)}.${semver.patch(minimum)}`, engines), `.nvmrc ${nvmrc} against engines ${engines}`).toBe(true);
    expect(semver.major(minimum)).toBe(Number(nvmrc));
    const stated = /\*\*Node\.js (\d+\.\d+) or newer\*\*/.exec(read('README.md'))?.[1];
    expect(stated, 'the README says "**Node.js X.Y or newer**"').toBe(`${semver.major(minimum)}.${semver.minor(minimum)}`);
  });

  it('satisfies every installed package’s own engines at the lowest version of each part of its range, so npm warns of none', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }> };
    const wanted = Object.entries(lock.packages).flatMap(([name, entry]) =>
      name !== '' && !entry.optional && entry.engines && !Array.isArray(entry.engines) && entry.engines.node ? [{ name: name.replace(/^.*node_modules\//, ''), node: entry.engines.node }] : [],
    );
    expect(wanted.length).toBeGreaterThan(100);
    for (const version of lowest) {
      const asking = wanted.filter((entry) => !semver.satisfies(version, entry.node, { includePrerelease: true })).map((entry) => `${entry.name} wants ${entry.node}`);
      expect([...new Set(asking)], `Node ${version} (engines ${engines})`).toEqual([]);
    }
  });
});
