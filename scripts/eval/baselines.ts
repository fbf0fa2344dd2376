// Two yardsticks the coverage layer must beat, computed on the same cells: the registry alone through the
// product's default propagation, and "a reading nearby, else the registry".
import { linkModel, predictDbm, type LinkModel } from '../../server/domain/coverage/propagation';
import { environmentFrom, radioEnvironment } from '../../server/domain/ap-environment';
import { Squares } from '../../server/domain/coverage/squares';
import type { Frame } from './geo';
import type { RegistryRecord } from './world';

export const IDW_RADIUS_M = 50; // m: readings this close to a cell centre speak for it
const IDW_MIN_DISTANCE_M = 5; // m: a reading on the centre would otherwise take all the weight
export const NO_NETWORK_DBM = -95; // dBm: "no free network heard" counts as this (the product's noSignalDbm)

/** Strongest registered access point (every listed one, as the registry believes them active), dBm at (x, y). */
export function registryPredictor(registry: RegistryRecord[], frame: Frame): (x: number, y: number) => number {
  const aps = registry.map((r): { x: number; y: number; model: LinkModel } => ({
    x: frame.x(r.lon),
    y: frame.y(r.lat),
    // The seed file gives the server the indoor flag; read it as the server does, so the default model is the product's.
    model: linkModel({ eirpDbm: r.eirpDbm, band: r.band, ...radioEnvironment(environmentFrom(undefined, r.indoor)) }),
  }));
  return (x, y) => {
    let best = -Infinity;
    for (const ap of aps) best = Math.max(best, predictDbm(ap.model, Math.hypot(x - ap.x, y - ap.y)));
    return best;
  };
}

export interface PointReading {
  x: number;
  y: number;
  dbm: number; // signalDbm, or NO_NETWORK_DBM
}

/** Readings bucketed on a grid of IDW_RADIUS_M, for inverse-distance-weighted means near a point. */
export class ReadingIndex {
  private readonly buckets = new Squares<PointReading>(IDW_RADIUS_M);
  add(r: PointReading): void {
    this.buckets.add(r.x, r.y, r);
  }
  /** IDW mean (weights 1/d², d ≥ 5 m) of readings within IDW_RADIUS_M of (x, y); null when there are none. */
  idwDbm(x: number, y: number): number | null {
    let sw = 0, swv = 0;
    this.buckets.forEachNear(x, y, IDW_RADIUS_M, IDW_RADIUS_M, (r) => {
      const d = Math.hypot(r.x - x, r.y - y);
      if (d > IDW_RADIUS_M) return;
      const w = 1 / Math.max(d, IDW_MIN_DISTANCE_M) ** 2;
      sw += w;
      swv += w * r.dbm;
    });
    return sw ? swv / sw : null;
  }
}
