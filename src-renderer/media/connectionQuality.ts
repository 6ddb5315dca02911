/**
 * How good a connection is, from RTCPeerConnection.getStats(): round-trip time (the selected
 * candidate pair, else what the far end reports), packet loss and jitter of what arrives, over
 * the last interval. `Poor connection` shows after two poor readings in a row and goes after
 * two good ones, so one late packet does not make the indicator flicker.
 */

/** One reading of a connection. Null where the stats do not say (yet). */
export interface QualitySample {
  rttMs: number | null;
  /** Share of packets lost in the last interval, 0 to 1. */
  loss: number | null;
  jitterMs: number | null;
}

/** Counters kept between readings, so loss is measured over the interval, not since the start. */
export interface QualityCounters {
  packetsReceived: number;
  packetsLost: number;
}

export type QualityLevel = 'unknown' | 'good' | 'poor';

/** Beyond these, speech breaks up or lags noticeably (close to what Teams and ITU-T G.114 call poor). */
export const poorQuality = { rttMs: 400, loss: 0.05, jitterMs: 50 } as const;

type Stat = Record<string, unknown> & { type: string; id: string };

const numberOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * What getStats resolves to: an RTCStatsReport, which is map-like but no Map (spreading it gives
 * [id, stat] pairs), or a plain list of stats. forEach gives the stats of either.
 */
export interface StatsReportLike {
  forEach(callback: (stat: Stat) => void): void;
}

/** A reading from one stats report, and the counters for the next. */
export function sampleFromStats(report: StatsReportLike, previous: QualityCounters | null): { sample: QualitySample; counters: QualityCounters } {
  const stats: Stat[] = [];
  report.forEach((stat) => stats.push(stat));
  const byId = new Map(stats.map((stat) => [stat.id, stat]));
  const transport = stats.find((stat) => stat.type === 'transport');
  const selectedId = typeof transport?.selectedCandidatePairId === 'string' ? transport.selectedCandidatePairId : null;
  const pair = (selectedId ? byId.get(selectedId) : undefined) ?? stats.find((stat) => stat.type === 'candidate-pair' && stat.nominated === true && stat.state === 'succeeded');
  const remoteRtts = stats.filter((stat) => stat.type === 'remote-inbound-rtp').map((stat) => numberOf(stat.roundTripTime)).filter((value): value is number => value !== null);
  const pairRtt = numberOf(pair?.currentRoundTripTime);
  const rttSeconds = pairRtt ?? (remoteRtts.length > 0 ? Math.max(...remoteRtts) : null);

  let packetsReceived = 0;
  let packetsLost = 0;
  let jitter: number | null = null;
  for (const stat of stats) {
    if (stat.type !== 'inbound-rtp') continue;
    packetsReceived += numberOf(stat.packetsReceived) ?? 0;
    packetsLost += Math.max(0, numberOf(stat.packetsLost) ?? 0);
    // Jitter matters most for voice: the audio stream's, else the worst.
    const value = numberOf(stat.jitter);
    if (value !== null && (stat.kind === 'audio' || jitter === null)) jitter = stat.kind === 'audio' ? value : Math.max(jitter ?? 0, value);
  }
  const counters = { packetsReceived, packetsLost };
  let loss: number | null = null;
  if (previous) {
    const received = packetsReceived - previous.packetsReceived;
    const lost = packetsLost - previous.packetsLost;
    if (received + lost > 0 && received >= 0 && lost >= 0) loss = lost / (received + lost);
  }
  return { sample: { rttMs: rttSeconds === null ? null : rttSeconds * 1000, loss, jitterMs: jitter === null ? null : jitter * 1000 }, counters };
}

/** Whether one reading is poor; null when it says nothing. */
export function isPoor(sample: QualitySample): boolean | null {
  if (sample.rttMs === null && sample.loss === null && sample.jitterMs === null) return null;
  return (sample.rttMs ?? 0) >= poorQuality.rttMs || (sample.loss ?? 0) >= poorQuality.loss || (sample.jitterMs ?? 0) >= poorQuality.jitterMs;
}

/** The level after a new reading: it changes only after two readings agree. */
export function nextLevel(level: QualityLevel, recent: readonly QualitySample[]): QualityLevel {
  const verdicts = recent.slice(-2).map(isPoor);
  if (verdicts.length < 2 || verdicts.some((verdict) => verdict === null)) return level === 'unknown' && verdicts.at(-1) === false ? 'good' : level;
  if (verdicts.every(Boolean)) return 'poor';
  if (verdicts.every((verdict) => verdict === false)) return 'good';
  return level;
}

/** Reads a connection's quality every `intervalMs` until stopped; reports each change of level. */
export function watchConnectionQuality(connection: RTCPeerConnection, onChange: (level: QualityLevel, sample: QualitySample) => void, intervalMs = 2_000): () => void {
  let counters: QualityCounters | null = null;
  let level: QualityLevel = 'unknown';
  const recent: QualitySample[] = [];
  let stopped = false;
  const read = async () => {
    if (stopped || connection.connectionState === 'closed') return;
    try {
      const result = sampleFromStats((await connection.getStats()) as unknown as StatsReportLike, counters);
      counters = result.counters;
      recent.push(result.sample);
      if (recent.length > 2) recent.shift();
      const next = nextLevel(level, recent);
      if (next !== level) {
        level = next;
        if (!stopped) onChange(level, result.sample);
      }
    } catch {
      // A connection closing under us: the next reading (if any) says more.
    }
  };
  const timer = setInterval(() => void read(), intervalMs);
  void read();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
