// Seeded randomness for tests, benchmarks and simulations: the same seed gives the same numbers everywhere.

/** A random number generator: each call returns a float in [0, 1). */
export type Random = () => number;

/** mulberry32: a tiny 32-bit generator, fast and good enough for sampling (not for secrets). */
export function mulberry32(seed: number): Random {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal deviate (Box–Muller), drawn from `random`. */
export function gaussian(random: Random): number {
  const u = 1 - random(); // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A uniform float in [min, max). */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}
