// Lon/lat helpers the client shares: one rounding for every coordinate it sends or keys a cache by.

/** Six decimals (~0.1 m): the registry's precision and RFC 7946's advice, far finer than any phone fix; keeps URLs short and identical between visits. */
export function round6(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}
