/**
 * The Electron e2e project's skip reasons stay honest: each names where the skipped behaviour is
 * tested (a file and a test title that really exist there) or says plainly what is not covered.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const e2e = path.join(root, 'e2e');

/** Every skip reason written for the Electron project: the string after `platform === 'electron',` and the fixture's own. */
function electronSkipReasons(): Array<{ file: string; reason: string }> {
  const reasons: Array<{ file: string; reason: string }> = [];
  for (const name of readdirSync(e2e).filter((file) => file.endsWith('.ts'))) {
    const text = readFileSync(path.join(e2e, name), 'utf8');
    for (const match of text.matchAll(/skip\(\s*platform === 'electron',\s*'((?:[^'\\]|\\.)*)'/g)) reasons.push({ file: name, reason: match[1]! });
    for (const match of text.matchAll(/`(Electron project skipped: [^`]*)`/g)) reasons.push({ file: name, reason: match[1]! });
  }
  return reasons;
}

describe('skip reasons of the Electron e2e project', () => {
  const reasons = electronSkipReasons();

  it('are found (the specs still skip on Electron where the page cannot reach main)', () => {
    expect(reasons.length).toBeGreaterThanOrEqual(6);
  });

  it('each says what covers the behaviour and what is not covered', () => {
    for (const { file, reason } of reasons) {
      expect(reason, `${file}: ${reason}`).toMatch(/[Cc]over/);
      expect(reason, `${file}: ${reason}`).toMatch(/not covered|no test checks|checked only by this test|is this test in the browser project|this test in the browser project covers it/);
    }
  });

  it('name only tests that exist, in the files they name', () => {
    let cited = 0;
    for (const { file, reason } of reasons) {
      // “Title” refers to the nearest file named before it.
      let current: string | null = null;
      for (const token of reason.matchAll(/(src-[\w-]+\/[\w/.-]+\.test\.ts)|“([^”]+)”/g)) {
        if (token[1]) {
          current = token[1];
          continue;
        }
        expect(current, `${file}: a title with no file before it: ${token[2]}`).not.toBeNull();
        const source = readFileSync(path.join(root, current!), 'utf8');
        expect(source.includes(`'${token[2]}'`) || source.includes(`"${token[2]}"`), `${file}: “${token[2]}” is not a test in ${current}`).toBe(true);
        cited += 1;
      }
    }
    expect(cited).toBeGreaterThanOrEqual(8);
  });
});
