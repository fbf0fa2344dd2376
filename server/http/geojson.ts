// Domain records → RFC 7946 GeoJSON features, the one shape both map renderers and GIS tools read.
import { publicPosition } from '../domain/service-area';
import { PUBLIC_CELL_M } from '../domain/limits';
import type { AccessPoint, Area, Place, Report } from '../domain/types';

type Point = GeoJSON.Feature<GeoJSON.Point>;

export const collection = <F extends GeoJSON.Feature>(features: F[]): GeoJSON.FeatureCollection<F['geometry']> => ({
  type: 'FeatureCollection',
  features,
});

const point = (id: number | string, coordinates: readonly number[], properties: Record<string, unknown>): Point => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [...coordinates] },
  properties,
});

/**
 * An access point with its reach and what the readings say of it: probablyDown always; the full assessment
 * (fitted radio, estimated position, readings near it) on the API, not in the flat GIS layers.
 */
export function accessPointFeature(ap: AccessPoint, reachM: number, assessment: AccessPointAssessment | { probablyDown: boolean } | null = null): Point {
  const { position, ...rest } = ap;
  const full = assessment && 'readings' in assessment ? { assessment } : {};
  return point(ap.id, position, { ...rest, reachM: Math.round(reachM), probablyDown: assessment?.probablyDown ?? false, ...full });
}

export type AccessPointAssessment = NonNullable<ReturnType<import('../services/coverage').Coverage['assessment']>>;

/** What anyone may see of a report: rounded position, no note until staff publish it. */
export function publicReportFeature(r: Report): Point {
  return point(r.id, publicPosition(r.position, PUBLIC_CELL_M), {
    id: r.id, kind: r.kind, status: r.status, createdAt: r.createdAt, updatedAt: r.updatedAt, observedAt: r.observedAt,
    confirmations: r.confirmations, note: r.notePublished ? r.note : null, publicNote: r.publicNote, mergedInto: r.mergedInto,
  });
}

/** What staff see: the exact position and the note; never the device or cohort key. */
export function staffReportFeature(r: Report): Point {
  const { position, deviceKey: _device, cohortKey: _cohort, ...rest } = r;
  return point(r.id, position, rest);
}

export function placeFeature(p: Place): Point {
  const { position, ...rest } = p;
  return point(p.id, position, rest);
}

export function areaFeature(a: Area): GeoJSON.Feature {
  return { type: 'Feature', id: a.id, geometry: a.geometry, properties: { id: a.id, kind: a.kind, name: a.name, ward: a.ward } };
}
