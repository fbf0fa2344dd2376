// The layer registry: one entry per map layer, read by the OGC API – Features collections and by the
// GeoJSON and CSV exports alike. An entry names the layer, where its records come from (SQL sources in
// store/layers.ts, or later the in-memory coverage model) and how one record becomes an RFC 7946
// feature. A new layer (coverage cells, gaps, recommendations) is one more entry here.
import { rewind } from '@turf/turf';
import { accessPointFeature, areaFeature, placeFeature, publicReportFeature } from './geojson';
import { layerSources, type LayerExtent, type LayerFilter, type LayerSource, type ObservationRecord } from '../store/layers';
import { cellCentre, cellPolygon, type ObservationCell } from '../domain/public-cells';
import { PUBLIC_CELL_M } from '../domain/limits';
import type { AccessPoint, Area } from '../domain/types';
import type { HttpDeps } from './deps';

export interface LayerContext {
  reachM: (ap: AccessPoint) => number; // m: the access point's estimated reach, as the map draws it
}

/** What a layer's records come from, with bbox, time, ward, limit and offset applied at the source. */
export interface LayerData<T> {
  temporal: boolean; // has a time that datetime (OGC) and since/until (exports) filter; others ignore them
  /** A page and how many features match in all (OGC numberMatched), from one consistent read. */
  page(filter: LayerFilter, limit: number, offset: number): { total: number; records: T[] };
  get(id: string): T | undefined;
  extent(): LayerExtent;
  /** One consistent snapshot for a streamed export, which outlives a turn of the event loop; close it. */
  snapshot(): { count(filter: LayerFilter): number; iterate(filter: LayerFilter): Iterable<T>; close(): void };
}

export type LayerDeps = Pick<HttpDeps, 'store' | 'coverage'>;

export interface Layer<T = never> {
  id: string; // URL segment: /ogc/collections/{id}, /api/v1/exports/{id}.geojson
  title: string;
  description: string;
  access: 'public' | 'staff'; // staff layers: planners and admins only, never in the OGC API
  geometryType: 'Point' | 'Polygon';
  properties: readonly string[]; // the feature's properties in order: the CSV columns after id and geometry
  data(deps: LayerDeps): LayerData<T>;
  feature(record: T, context: LayerContext): GeoJSON.Feature;
}

/** A layer read by SQL through the store; exports stream it from a read-only connection of their own. */
const sql = <T>(source: LayerSource<T>) => ({ store }: LayerDeps): LayerData<T> => ({
  temporal: source.temporal,
  page: (filter, limit, offset) => store.layers.counted(source, filter, limit, offset),
  get: (id) => store.layers.get(source, id),
  extent: () => store.layers.extent(source),
  snapshot() {
    const reader = store.layers.openReader();
    return { count: (filter) => reader.count(source, filter), iterate: (filter) => reader.iterate(source, filter), close: reader.close };
  },
});

// Each entry is typed by its own record; the list holds them side by side.
const layer = <T>(entry: Layer<T>) => entry as unknown as Layer<unknown>;

const cellFeature = (c: ObservationCell): GeoJSON.Feature => {
  const [lon, lat] = cellCentre(c.cell, PUBLIC_CELL_M);
  return {
    type: 'Feature',
    id: c.id,
    geometry: cellPolygon(c.cell, PUBLIC_CELL_M),
    properties: {
      id: c.id, cellM: PUBLIC_CELL_M, centreLon: lon, centreLat: lat, observations: c.observations,
      signalReadings: c.signalReadings, medianDbm: c.medianDbm, noFreeNetwork: c.noFreeNetwork, newestAt: c.newestAt,
    },
  };
};

const observationFeature = (o: ObservationRecord): GeoJSON.Feature => ({
  type: 'Feature',
  id: o.id,
  geometry: { type: 'Point', coordinates: [...o.position] },
  properties: {
    id: o.id, observedAt: o.observedAt, receivedAt: o.receivedAt, source: o.source, signalDbm: o.signalDbm,
    noFreeNetwork: o.noFreeNetwork, accuracyM: o.accuracyM, ssid: o.ssid, bssid: o.bssid, accessPointId: o.accessPointId,
    latencyMs: o.test?.latencyMs ?? null, downMbps: o.test?.downMbps ?? null, upMbps: o.test?.upMbps ?? null,
    connectionType: o.test?.connectionType ?? null, importId: o.importId,
  },
});

const PLACE_PROPERTIES = ['name', 'kind', 'address', 'wifiEvidence', 'demand', 'source'] as const;

export const LAYERS: readonly Layer<unknown>[] = [
  layer<AccessPoint>({
    id: 'access-points',
    title: 'Free Wi-Fi access points',
    description: 'The City\'s registry of free public Wi-Fi: name, SSID, operator, status and estimated reach (reachM, metres). Time: when the record last changed.',
    access: 'public',
    geometryType: 'Point',
    properties: ['name', 'ssid', 'bssids', 'venue', 'operator', 'address', 'indoor', 'status', 'band', 'eirpDbm', 'rangeOverrideM', 'reachM', 'confidence', 'source', 'createdAt', 'updatedAt'],
    data: sql(layerSources.accessPoints),
    feature: (ap, { reachM }) => accessPointFeature(ap, reachM(ap)),
  }),
  layer({
    id: 'reports',
    title: 'Residents\' reports',
    description: 'Dead zones and problems reported by residents, positioned at the centre of their 25 m cell as the public map shows them; notes only once staff publish them. Time: when the report was filed.',
    access: 'public',
    geometryType: 'Point',
    properties: ['kind', 'status', 'createdAt', 'updatedAt', 'observedAt', 'confirmations', 'note', 'publicNote', 'mergedInto'],
    data: sql(layerSources.reports),
    feature: publicReportFeature,
  }),
  layer({
    id: 'observations',
    title: 'Signal observations by 25 m cell',
    description: 'Measured observations aggregated to 25 m cells (the grid report positions snap to): how many, the median signal (dBm) and the newest time. Never per device; simulated observations are left out. Time: when observed.',
    access: 'public',
    geometryType: 'Polygon',
    properties: ['cellM', 'centreLon', 'centreLat', 'observations', 'signalReadings', 'medianDbm', 'noFreeNetwork', 'newestAt'],
    data: sql(layerSources.observationCells),
    feature: cellFeature,
  }),
  layer({
    id: 'observations-raw',
    title: 'Signal observations, one by one (staff)',
    description: 'Every observation at its exact position, for planners and admins; no device identifiers. Time: when observed.',
    access: 'staff',
    geometryType: 'Point',
    properties: ['observedAt', 'receivedAt', 'source', 'signalDbm', 'noFreeNetwork', 'accuracyM', 'ssid', 'bssid', 'accessPointId', 'latencyMs', 'downMbps', 'upMbps', 'connectionType', 'importId'],
    data: sql(layerSources.observations),
    feature: observationFeature,
  }),
  layer({
    id: 'places',
    title: 'Priority places',
    description: 'Libraries, community centres, City facilities, parks and schools, each with its Wi-Fi evidence and a demand weight (1–5).',
    access: 'public',
    geometryType: 'Point',
    properties: PLACE_PROPERTIES,
    data: sql(layerSources.places),
    feature: placeFeature,
  }),
  layer({
    id: 'transit-stops',
    title: 'Transit stops',
    description: 'Grand River Transit stops in Kitchener (2016).',
    access: 'public',
    geometryType: 'Point',
    properties: PLACE_PROPERTIES,
    data: sql(layerSources.transitStops),
    feature: placeFeature,
  }),
  layer<Area>({
    id: 'wards',
    title: 'Wards',
    description: 'The 10 wards of the City of Kitchener (2018 boundaries).',
    access: 'public',
    geometryType: 'Polygon',
    properties: ['kind', 'name', 'ward'],
    data: sql(layerSources.wards),
    // RFC 7946 winding whatever the source file had: outer rings counter-clockwise, holes clockwise.
    feature: (area) => rewind(areaFeature(area) as GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>, { reverse: false }) as GeoJSON.Feature,
  }),
];

export const layerById = (id: string) => LAYERS.find((l) => l.id === id);
