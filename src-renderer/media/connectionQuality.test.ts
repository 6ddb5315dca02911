import { describe, expect, it } from 'vitest';
import { isPoor, nextLevel, sampleFromStats, type QualitySample } from './connectionQuality';

type Stat = Record<string, unknown> & { type: string; id: string };

function report(options: { rtt?: number; received: number; lost: number; jitter?: number; selected?: boolean }): Stat[] {
  return [
    { type: 'transport', id: 'T1', selectedCandidatePairId: options.selected === false ? undefined : 'CP1' },
    { type: 'candidate-pair', id: 'CP1', state: 'succeeded', nominated: true, currentRoundTripTime: options.rtt },
    { type: 'inbound-rtp', id: 'IA', kind: 'audio', packetsReceived: options.received, packetsLost: options.lost, jitter: options.jitter ?? 0.004 },
    { type: 'remote-inbound-rtp', id: 'RA', kind: 'audio', roundTripTime: 0.9 },
  ];
}

describe('reading a connection’s quality from getStats', () => {
  it('takes the round trip of the selected pair, and loss over the interval only', () => {
    const first = sampleFromStats(report({ rtt: 0.012, received: 1000, lost: 500 }), null);
    expect(first.sample).toEqual({ rttMs: 12, loss: null, jitterMs: 4 });
    // 500 packets were lost long ago; in this interval 95 arrived and 5 were lost.
    const second = sampleFromStats(report({ rtt: 0.012, received: 1095, lost: 505 }), first.counters);
    expect(second.sample.loss).toBeCloseTo(0.05);
  });

  it('reads a real RTCStatsReport: map-like, not a Map, iterating [id, stat] pairs', () => {
    /** What Chromium's getStats resolves to, in shape. */
    class StatsReport {
      readonly #stats: Map<string, Stat>;
      constructor(stats: Stat[]) {
        this.#stats = new Map(stats.map((stat) => [stat.id, stat]));
      }
      forEach(callback: (stat: Stat, id: string) => void) {
        this.#stats.forEach(callback);
      }
      [Symbol.iterator]() {
        return this.#stats.entries();
      }
    }
    const first = sampleFromStats(new StatsReport(report({ rtt: 0.5, received: 100, lost: 0 })), null);
    expect(first.sample.rttMs).toBe(500);
    const second = sampleFromStats(new StatsReport(report({ rtt: 0.01, received: 130, lost: 25 })), first.counters);
    expect(second.sample.loss).toBeCloseTo(25 / 55);
    expect(isPoor(second.sample)).toBe(true);
  });

  it('falls back to what the far end reports when no pair is selected', () => {
    expect(sampleFromStats(report({ received: 1, lost: 0, selected: false }), null).sample.rttMs).toBe(900);
  });

  it('says poor past any threshold, nothing without numbers', () => {
    expect(isPoor({ rttMs: 20, loss: 0, jitterMs: 5 })).toBe(false);
    expect(isPoor({ rttMs: 450, loss: 0, jitterMs: 5 })).toBe(true);
    expect(isPoor({ rttMs: 20, loss: 0.08, jitterMs: 5 })).toBe(true);
    expect(isPoor({ rttMs: 20, loss: 0, jitterMs: 80 })).toBe(true);
    expect(isPoor({ rttMs: null, loss: null, jitterMs: null })).toBeNull();
  });

  it('changes level only when two readings in a row agree', () => {
    const good: QualitySample = { rttMs: 20, loss: 0, jitterMs: 5 };
    const bad: QualitySample = { rttMs: 20, loss: 0.2, jitterMs: 5 };
    expect(nextLevel('unknown', [good])).toBe('good');
    expect(nextLevel('good', [good, bad])).toBe('good');
    expect(nextLevel('good', [bad, bad])).toBe('poor');
    expect(nextLevel('poor', [bad, good])).toBe('poor');
    expect(nextLevel('poor', [good, good])).toBe('good');
  });
});
