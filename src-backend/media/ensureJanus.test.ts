import { describe, expect, it } from 'vitest';
import { ensureJanus } from './ensureJanus';
import type { FoundJanus } from './janusProcess';

const janus: FoundJanus = { executable: '/usr/bin/janus', folders: { plugins: '/p', transports: '/t', loggers: '/l', events: '/e' }, description: '/usr/bin/janus (plugins in /p)' };

describe('ensureJanus', () => {
  it('says what it found, and installs nothing then', () => {
    const lines: string[] = [];
    let installs = 0;
    expect(ensureJanus({ find: () => janus, steps: [{ name: 'install', run: () => ++installs > 0 }], log: (line) => lines.push(line) })).toBe(janus);
    expect(installs).toBe(0);
    expect(lines).toEqual(['Media server: /usr/bin/janus (plugins in /p)']);
  });

  it('installs when missing, tries the next way when one fails, and says which worked', () => {
    const lines: string[] = [];
    let installed = false;
    const found = ensureJanus({
      find: () => (installed ? janus : { missing: 'Janus is not installed' }),
      steps: [
        { name: 'a way that fails', run: () => false },
        { name: 'apt-get install janus', run: () => (installed = true) },
      ],
      log: (line) => lines.push(line),
    });
    expect(found).toBe(janus);
    expect(lines).toEqual([
      'No media server found (Janus is not installed); trying a way that fails…',
      'No media server found (Janus is not installed); trying apt-get install janus…',
      'Media server: installed /usr/bin/janus (plugins in /p)',
    ]);
  });

  it('without any way, says in one message what meetings will do and how to install it', () => {
    const lines: string[] = [];
    expect(ensureJanus({ find: () => ({ missing: 'Janus is not installed' }), steps: [], log: (line) => lines.push(line) })).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^No media server \(Janus\) here.*voice only.*up to 4 people/s);
    expect(lines[0]).toContain('apt-get install janus');
  });
});
