// The access-point registry: what residents see on the map, and what planners edit and import.
import type { Feature, FeatureCollection, Point } from 'geojson';
import type * as wire from '../../server/domain/wire';
import { DEFAULT_AP_ENVIRONMENT, type AccessPointStatus, type ApEnvironment } from '../../server/domain/vocabulary';
import { base, fresh, request, type Optional } from './request';

export type { AccessPointStatus, ApEnvironment };
/** The server's default for a new access point, for the form. */
export const defaultEnvironment = DEFAULT_AP_ENVIRONMENT;

export type AccessPointAssessment = wire.AccessPointAssessment;
/** An access point as the map reads it: its estimated reach (reachM) and what readings say of it; the radio fields are optional to the map. */
export type AccessPointProps = Optional<wire.AccessPointProps, 'bssids' | 'eirpDbm' | 'band' | 'rangeOverrideM' | 'createdAt' | 'updatedAt' | 'probablyDown'>;
/** The whole registry entry, as the server sends it to everyone. */
export type RegistryEntryProps = wire.AccessPointProps;
export type AccessPointCollection = FeatureCollection<Point, AccessPointProps>;
export type RegistryEntry = Feature<Point, RegistryEntryProps>;

/** What a planner writes: the registry entry's own fields, with the position as lon/lat. */
export type AccessPointFields = Omit<RegistryEntryProps, 'id' | 'reachM' | 'createdAt' | 'updatedAt' | 'indoor' | 'probablyDown' | 'assessment'> & { lon: number; lat: number };

export function getAccessPoints(): Promise<AccessPointCollection> {
  return request(`${base}/access-points`);
}

export function getRegistry(signal?: AbortSignal): Promise<FeatureCollection<Point, RegistryEntryProps>> {
  return request(`${base}/access-points`, { ...fresh, signal });
}

/** One entry as it stands now (not from a cache): what a planner is about to change. */
export function getAccessPoint(id: number): Promise<RegistryEntry> {
  return request(`${base}/access-points/${id}`, fresh);
}

export function createAccessPoint(fields: AccessPointFields): Promise<RegistryEntry> {
  return request(`${base}/access-points`, { method: 'POST', json: fields, staff: true });
}

/** Changes only the given fields; moving needs both lon and lat; `bssids` replaces the radios it lists. */
export function updateAccessPoint(id: number, patch: Partial<AccessPointFields>): Promise<RegistryEntry> {
  return request(`${base}/access-points/${id}`, { method: 'PATCH', json: patch, staff: true });
}

export type ImportPreview = wire.RegistryImportResult; // preview with commit: false, ids with commit: true
export type ImportRow = NonNullable<ImportPreview['preview']>[number];

/** commit: false only checks the file; commit: true writes every row or none. */
export function importAccessPoints(format: 'csv' | 'geojson', content: string, commit: boolean): Promise<ImportPreview> {
  return request(`${base}/access-points/import`, { method: 'POST', json: { format, content, commit }, staff: true });
}

/** "It still works": clears "probably down" for 30 days. */
export function confirmWorking(id: number): Promise<RegistryEntry> {
  return request(`${base}/access-points/${id}/works`, { method: 'POST', json: {}, staff: true });
}
