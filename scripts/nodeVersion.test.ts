/**
 * One Node version, said alike everywhere: package.json's `engines`, `.nvmrc` and the README; and
 * what npm warns about on a machine at our minimum is what the README says it warns about (the
 * desktop app's Electron tooling on Node 20, nothing at all from 22.13), so a newcomer meets no
 * warning the docs do not explain.
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

  it('warns, at the lowest version of each part of the range, of nothing but the packages the README names (none past Node 20)', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }> };
    expect((lock.packages[''] as { engines?: { node?: string } }).engines?.node, 'package-lock.json says the engines of package.json').toBe(engines);
    const wanted = Object.entries(lock.packages).flatMap(([name, entry]) =>
      name !== '' && !entry.optional && entry.engines && !Array.isArray(entry.engines) && entry.engines.node ? [{ name: name.replace(/^.*node_modules\//, ''), node: entry.engines.node }] : [],
    );
    expect(wanted.length).toBeGreaterThan(100);
    const readme = read('README.md');
    const nodeSection = readme.slice(readme.indexOf('**Node.js'), readme.indexOf('- **Build tools'));
    for (const version of lowest) {
      const asking = [...new Set(wanted.filter((entry) => !semver.satisfies(version, entry.node, { includePrerelease: true })).map((entry) => entry.name))].sort();
      if (semver.major(version) === semver.major(minimum)) {
        // On the oldest line, only the desktop app's Electron tooling, each named in the README as warning there.
        for (const name of asking) expect(nodeSection, `the README names ${name}, which npm warns of on Node ${version}`).toContain(`\`${name}\``);
        expect(asking.every((name) => /electron|node-abi/.test(name)), `on Node ${version}, only Electron's tooling warns: ${asking.join(', ')}`).toBe(true);
      } else {
        expect(asking, `Node ${version} (engines ${engines})`).toEqual([]);
      }
    }
  });
});
