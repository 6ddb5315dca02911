import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../src-backend/server';
import { readSeed } from './seeds';

describe('readSeed', () => {
  let folder = '';
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('a mistake in a test’s seed is reported with its file, the JSON path and the rule, as --seed does', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'meridian-seed-'));
    const file = path.join(folder, 'my-scenario.json');
    const seed = readSeed('federation-basic.json') as { users: Array<{ extension?: string }> };
    seed.users[3]!.extension = '12';
    writeFileSync(file, JSON.stringify(seed));
    await expect(startServer({ db: ':memory:', seed: readSeed(file), port: 0, webRoot: null })).rejects.toThrow(
      `${path.relative(path.resolve(__dirname, '..'), file)}: $.users[3].extension: must be 3 to 6 digits`,
    );
    // A seed found by name says where it was found.
    const found = readSeed('federation-basic.json') as { users: Array<{ email: string }> };
    found.users[0]!.email = 'not an email';
    await expect(startServer({ db: ':memory:', seed: found, port: 0, webRoot: null })).rejects.toThrow('src-shared/testing/federation-basic.json: $.users[0].email: must be an email address');
  });

  it('a seed file that is not JSON says so, with its file', () => {
    folder = mkdtempSync(path.join(tmpdir(), 'meridian-seed-'));
    const file = path.join(folder, 'broken.json');
    writeFileSync(file, '{ "accounts": [ }');
    expect(() => readSeed(file)).toThrow(/^Bad seed file: .*broken\.json: \$: is not valid JSON/);
  });
});
