import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BenchHistory, changeSince, machineId, type HistoryRun } from './history';

const row = (what: string, meridian: number, ratio: number | null = null) => ({ group: 'throughput', what, unit: 'msg/s', meridian, baseline: null, ratio });
const run = (at: string, quick: boolean, rows: HistoryRun['rows']): HistoryRun => ({ at, machine: 'm', quick, runs: 3, commit: 'abc1234', node: 'v20', load: [1, 1], rows });

describe('bench history', () => {
  let folder = '';
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('keeps each run per machine and gives the runs at the same sizes, newest first', () => {
    folder = mkdtempSync(path.join(tmpdir(), 'meridian-bench-'));
    const history = new BenchHistory(folder, 'machine-a');
    expect(history.comparable({ quick: false })).toEqual([]);
    history.append(run('2026-01-01', false, [row('loop', 1000, 0.7)]));
    history.append(run('2026-01-02', true, [row('loop', 300, 0.6)]));
    history.append(run('2026-01-03', false, [row('other', 5)]));
    expect(history.comparable({ quick: false }).map((entry) => entry.at)).toEqual(['2026-01-03', '2026-01-01']);
    expect(history.comparable({ quick: true }).map((entry) => entry.at)).toEqual(['2026-01-02']);
    // Another machine keeps its own.
    expect(new BenchHistory(folder, 'machine-b').comparable({ quick: false })).toEqual([]);
    // A line that does not parse (a run cut off) is skipped, not fatal.
    writeFileSync(history.file, `${JSON.stringify(run('2026-01-04', false, []))}\n{"at": "2026-01-05", "rows": [`, { flag: 'a' });
    expect(history.runs().map((entry) => entry.at)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04']);
  });

  it('sets a row beside the newest earlier run that measured it, with the change in percent', () => {
    const earlier = [run('2026-01-03', false, [row('other', 5)]), run('2026-01-01', false, [row('loop', 1000, 0.7)])];
    const change = changeSince(row('loop', 1100, 0.8), earlier);
    expect(change).toMatchObject({ at: '2026-01-01', meridian: 1000, ratio: 0.7 });
    expect(change!.percent).toBeCloseTo(10);
    expect(changeSince(row('new row', 1), earlier)).toBeNull();
    expect(changeSince(row('loop', 1), [])).toBeNull();
  });

  it('names this machine the same way every time', () => {
    expect(machineId()).toMatch(/^[0-9a-f]{12}$/);
    expect(machineId()).toBe(machineId());
  });
});
