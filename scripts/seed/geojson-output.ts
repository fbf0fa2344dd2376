/** Deterministic, diff-friendly GeoJSON output for the seed files. */
import type { Feature, Geometry, Position } from 'geojson';

/** 6 decimals of a degree is ~0.1 m here: more than any source is accurate to. */
export const COORDINATE_DECIMALS = 6;

export function roundCoordinate(value: number): number {
  if (!Number.isFinite(value)) throw new Error(`coordinate is not a finite number: ${value}`);
  const factor = 10 ** COORDINATE_DECIMALS;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function roundPosition(position: Position): Position {
  return [roundCoordinate(position[0]), roundCoordinate(position[1])]; // drops any z value
}

/**
 * One feature per line, keys in a fixed order (type, properties, geometry), features in the
 * order given, so an unchanged input gives byte-identical output and a changed feature shows
 * as one changed line in git.
 */
export function formatFeatureCollection(features: Feature<Geometry, Record<string, unknown>>[]): string {
  const lines = features.map((feature) =>
    JSON.stringify({ type: 'Feature', properties: feature.properties, geometry: feature.geometry }),
  );
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

/** Orders "place-2" before "place-10" and "grt-99" before "grt-100"; plain code-unit order otherwise (locale-free). */
export function compareNatural(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const bothNumbers = /^\d/.test(x) && /^\d/.test(y);
    if (bothNumbers && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
