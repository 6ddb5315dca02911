/**
 * A seeded random number generator for tests whose randomness must replay: print the seed when
 * they fail, run again with it (mulberry32: small, fast, good enough to scatter test timings).
 *
 *   const { seed, random } = seededRandom(process.env.MERIDIAN_CHAOS_SEED);
 *   onTestFailed(() => console.log(`replay with MERIDIAN_CHAOS_SEED=${seed}`));
 */
export function seededRandom(given?: string | number): { seed: number; random: () => number } {
  const seed = given === undefined || given === '' ? Math.floor(Math.random() * 2 ** 32) : Number(given) >>> 0;
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, random };
}
