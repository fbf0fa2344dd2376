// The layer registry: one entry per map layer, read by the OGC API – Features collections and by the
// GeoJSON and CSV exports alike. An entry names the layer, where its records come from (SQL sources in
// store/layers.ts, or the coverage service's live model) and how one record becomes an RFC 7946
// feature. A new layer (coverage cells, gaps, recommendations) is one more entry here.
import { newSiteReachM } from '../services/siting';
import { bboxPolygon, booleanIntersects, booleanPointInPolygon, rewind } from '@turf/turf';
import { getHexagonAreaAvg, latLngToCell } from 'h3-js';
import { accessPointFeature, areaFeature, placeFeature, publicReportFeature } from './geojson';
import { layerSources, type CellScan, type LayerExtent, type LayerFilter, type LayerSource, type ObservationRecord } from '../store/layers';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { boxesIntersect, cellCentre, cellPolygon, type ObservationCell } from '../domain/public-cells';
import { PUBLIC_CELL_M } from '../domain/limits';
import {
  accessPointProperties, columnsOf, coverageCellProperties, gapProperties, observationCellProperties, observationProperties, placeProperties,
  recommendationProperties, reportProperties, wardCoverageProperties, wardProperties, type LayerProperties,
} from '../domain/layer-properties';
import type { AccessPoint, Area, BBox } from '../domain/types';
import type { HttpDeps } from './deps';

export interface LayerContext {
  reachM: (ap: AccessPoint) => number; // m: the access point's estimated reach, as the map draws it
  probablyDown: (ap: AccessPoint) => boolean; // readings say phones near it do not hear it (a planner decides)
}

/** What a layer's records come from, with bbox, time, ward, limit and offset applied at the source. */
export interface LayerData<T> {
  temporal: boolean; // has a time that datetime (OGC) and since/until (exports) filter; others ignore them
  /** A page and how many features match in all (OGC numberMatched), from one consistent read (or one scan, step by step). */
  page(filter: LayerFilter, limit: number, offset: number): Promise<{ total: number; records: T[] }>;
  get(id: string): T | undefined;
  extent(): LayerExtent;
  /** Rows a read with this filter scans beyond what it returns: charged to an anonymous client before it runs. */
  scanned(filter: LayerFilter): number;
  /** Set when pages link on by keyset (`after`, an index seek) rather than by offset: the cursor of a record. */
  cursor?: (record: T) => string;
  /**
   * A bounded snapshot for a streamed export, which outlives a turn of the event loop: the rows there
   * were when it began (by id), read in short chunks so no read transaction spans the download.
   */
  snapshot(filter: LayerFilter): Promise<{ count: number; records: Iterable<T> }>;
}

export type LayerDeps = Pick<HttpDeps, 'store' | 'coverage'>;

export interface Layer<T = never> {
  id: string; // URL segment: /ogc/collections/{id}, /api/v1/exports/{id}.geojson
  title: string;
  description: string;
  access: 'public' | 'staff'; // staff layers: planners and admins only, never in the OGC API
  geometryType: 'Point' | 'Polygon';
  schema: LayerProperties; // the feature's properties: types, meanings and order (domain/layer-properties.ts)
  properties: readonly string[]; // the schema's properties after id, in order: the CSV columns after id and geometry
  data(deps: LayerDeps): LayerData<T>;
  feature(record: T, context: LayerContext): GeoJSON.Feature;
}

/** A layer read by SQL through the store; exports read it in keyset chunks up to the id it had at the start. */
const sql = <T>(source: LayerSource<T>, keysetLinks = false) => ({ store }: LayerDeps): LayerData<T> => ({
  temporal: source.temporal,
  ...(keysetLinks && { cursor: source.cursor }),
  page: async (filter, limit, offset) => store.layers.counted(source, filter, limit, offset),
  get: (id) => store.layers.get(source, id),
  extent: () => store.layers.extent(source),
  scanned: (filter) => store.layers.scanned(source, filter),
  async snapshot(filter) {
    const bounded = { ...filter, upToId: store.layers.maxId(source) };
    return { count: store.layers.count(source, bounded), records: store.layers.iterate(source, bounded) };
  },
});

const SCAN_STEP_ROWS = 5_000; // readings aggregated per turn of the event loop: ~10 ms, so other requests wait no longer

/** Observation cells in a time window, aggregated from the readings a step per turn, so the event loop stays responsive. */
async function scanCells(store: LayerDeps['store'], filter: LayerFilter): Promise<ReturnType<CellScan['cells']>> {
  const scan = store.layers.cellScan(filter);
  while (!scan.step(SCAN_STEP_ROWS)) await nextTurn();
  return scan.cells();
}

/** The public observation cells: the maintained table, or a step-by-step scan when a time window is given. */
const observationCellData = (deps: LayerDeps): LayerData<ObservationCell> => {
  const table = sql(layerSources.observationCells, true)(deps);
  const windowed = (filter: LayerFilter) => Boolean(filter.since || filter.until);
  return {
    ...table,
    async page(filter, limit, offset) {
      if (!windowed(filter)) return table.page(filter, limit, offset);
      const cells = await scanCells(deps.store, filter);
      const total = filter.after === undefined ? cells.length : (await scanCells(deps.store, { ...filter, after: undefined })).length;
      return { total, records: cells.slice(offset, offset + limit) };
    },
    async snapshot(filter) {
      if (!windowed(filter)) return table.snapshot(filter);
      const cells = await scanCells(deps.store, filter); // aggregated up front: bounded by the city's cells
      return {
        count: cells.length,
        records: (function* () {
          for (let i = 0; i < cells.length; i += SCAN_STEP_ROWS) yield* cells.slice(i, i + SCAN_STEP_ROWS); // records made as the download goes
        })(),
      };
    },
  };
};

/** A feature of the coverage model, with the box and ward test the filters need. */
export interface ModelRecord {
  feature: GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point>;
  bbox: BBox;
  inArea(area: Area): boolean; // the export's ward filter
}

/** [minLon, minLat, maxLon, maxLat] of a polygon's outer rings. */
function boundsOfPolygon(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): BBox {
  const outers = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of outers) {
    for (const [lon, lat] of ring) {
      box[0] = Math.min(box[0], lon); box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon); box[3] = Math.max(box[3], lat);
    }
  }
  return box as unknown as BBox;
}

const modelRecord = (feature: ModelRecord['feature'], inArea: ModelRecord['inArea']): ModelRecord => ({
  feature,
  bbox: feature.geometry.type === 'Point'
    ? ([...feature.geometry.coordinates, ...feature.geometry.coordinates] as unknown as BBox)
    : boundsOfPolygon(feature.geometry),
  inArea,
});

/**
 * Whether a record's geometry meets the box: its envelope first, then, unless the envelope lies inside the
 * box, the geometry itself, so a ward or gap whose envelope only grazes the box is not returned.
 */
function meetsBox(record: ModelRecord, box: BBox): boolean {
  if (!boxesIntersect(record.bbox, box)) return false;
  const [w, s, e, n] = record.bbox;
  if (w >= box[0] && e <= box[2] && s >= box[1] && n <= box[3]) return true;
  return record.feature.geometry.type === 'Point' || booleanIntersects(record.feature.geometry, bboxPolygon([...box] as [number, number, number, number]));
}

/**
 * A layer read from the live coverage model, not SQL: every read takes the model as it is now, in
 * one synchronous turn, so a page and its count (or an export's count and rows) agree. Filters run
 * here: bbox by the feature's geometry, ward by each record's own test; there is no time.
 */
const model = (read: (deps: LayerDeps) => ModelRecord[]) => (deps: LayerDeps): LayerData<ModelRecord> => {
  const matching = (records: ModelRecord[], filter: LayerFilter) =>
    records.filter((r) => (!filter.bbox || meetsBox(r, filter.bbox)) && (!filter.area || r.inArea(filter.area)));
  return {
    temporal: false,
    scanned: () => 0, // the model is in memory: a read costs what it returns
    async page(filter, limit, offset) {
      const all = matching(read(deps), filter);
      return { total: all.length, records: all.slice(offset, offset + limit) };
    },
    get: (id) => read(deps).find((r) => String(r.feature.id) === id),
    extent() {
      const records = read(deps);
      if (records.length === 0) return { bbox: null, interval: null };
      const box = [Infinity, Infinity, -Infinity, -Infinity];
      for (const { bbox } of records) {
        box[0] = Math.min(box[0], bbox[0]); box[1] = Math.min(box[1], bbox[1]);
        box[2] = Math.max(box[2], bbox[2]); box[3] = Math.max(box[3], bbox[3]);
      }
      return { bbox: box as unknown as BBox, interval: null };
    },
    async snapshot(filter) {
      const records = matching(read(deps), filter); // the model as it is now: later changes do not reach this download
      return { count: records.length, records };
    },
  };
};

const COVERAGE_CELL_LEVEL = 1; // 100 m blocks: ~14k for the city, where 25 m cells would be ~220k (too many for one GIS layer)
/** H3 resolution offered with each block for joins with H3-binned data: res 10 (~1.5 ha hexagons) is the closest to a 1 ha block. */
export const COVERAGE_CELL_H3_RESOLUTION = 10;

/** Records read from the coverage service, rebuilt only when its model has changed (14k blocks cost ~100 ms). */
function byModelVersion(read: (deps: LayerDeps) => ModelRecord[]): (deps: LayerDeps) => ModelRecord[] {
  const cache = new WeakMap<object, { version: number; records: ModelRecord[] }>(); // per service: tests run several apps in one process
  return (deps) => {
    const { coverage } = deps, hit = cache.get(coverage);
    if (hit && hit.version === coverage.version) return hit.records;
    const records = read(deps);
    cache.set(coverage, { version: coverage.version, records });
    return records;
  };
}

const coverageCells = byModelVersion(({ coverage }) => {
  return coverage.cellsGeoJSON(coverage.bbox(), COVERAGE_CELL_LEVEL).features.map((f) => {
    const [w, s, e, n] = boundsOfPolygon((f as GeoJSON.Feature<GeoJSON.Polygon>).geometry);
    const centre = [(w + e) / 2, (s + n) / 2];
    const feature = { ...f, properties: { ...f.properties, h3: latLngToCell(centre[1], centre[0], COVERAGE_CELL_H3_RESOLUTION) } } as ModelRecord['feature'];
    // A block belongs to the ward its centre lies in, as a report belongs to the ward it is in.
    return modelRecord(feature, (area: Area) => booleanPointInPolygon(centre, area.geometry));
  });
});

const gapRecords = byModelVersion(({ coverage }) =>
  coverage.gaps().map((g) =>
    modelRecord(
      rewind({
        type: 'Feature',
        id: g.id,
        geometry: coverage.gapGeometry(g.id),
        properties: {
          id: g.id, rank: g.rank, cells: g.cells, areaM2: g.areaM2, wardId: g.ward?.id ?? null, wardName: g.ward?.name ?? null, landmark: g.landmark, score: g.score,
          demandTotal: g.demand.total, demandPlaces: g.demand.places, demandTransitStops: g.demand.transitStops, demandReports: g.demand.reports,
          reportCount: g.reportCount, devices: g.devices, confirmed: g.confirmed, confirmationsNeeded: g.confirmationsNeeded, placeIds: g.placeIds,
        },
      }, { reverse: false }) as ModelRecord['feature'],
      // A gap lies in one ward (gaps are cut at ward lines): it borders its neighbours, but is not in them.
      (area) => g.ward?.id === area.id,
    )));

const RECOMMENDED_SITES = 10; // sites in the export: the same greedy run planners see for k = 10

const recommendations = ({ coverage }: LayerDeps): ModelRecord[] =>
  coverage.recommendSites(RECOMMENDED_SITES, 'city_places').sites.map((site) =>
    modelRecord(
      {
        type: 'Feature',
        id: site.rank,
        geometry: { type: 'Point', coordinates: site.position },
        properties: { rank: site.rank, site: site.id, label: site.label, gain: site.gain, cumulative: site.cumulative, cumulativeShare: site.cumulativeShare, reachM: recommendSitesReach(), covers: site.covers.join(' ') },
      },
      (area) => booleanPointInPolygon(site.position, area.geometry),
    ));
const recommendSitesReach = () => Math.round(newSiteReachM());

const wardCoverage = ({ store, coverage }: LayerDeps): ModelRecord[] => {
  const stats = new Map(coverage.statistics().wards.map((w) => [w.id, w]));
  return store.reference.areas().filter((a) => a.kind === 'ward').map((area) => {
    const s = stats.get(area.id);
    const feature = rewind({
      type: 'Feature',
      id: area.id,
      geometry: area.geometry,
      properties: { id: area.id, name: area.name, ward: area.ward, areaM2: s?.areaM2 ?? null, coveredAreaM2: s?.coveredAreaM2 ?? null, coveredShare: s?.coveredShare ?? null },
    }, { reverse: false }) as ModelRecord['feature'];
    return modelRecord(feature, (a) => a.id === area.id);
  });
};

// Each entry is typed by its own record; the list holds them side by side. Its columns come from its schema.
const layer = <T>(entry: Omit<Layer<T>, 'properties'>) => ({ ...entry, properties: columnsOf(entry.schema) }) as unknown as Layer<unknown>;

const cellFeature = (c: ObservationCell): GeoJSON.Feature => {
  const [lon, lat] = cellCentre(c.cell, PUBLIC_CELL_M);
  return {
    type: 'Feature',
    id: c.id,
    geometry: cellPolygon(c.cell, PUBLIC_CELL_M),
    properties: {
      id: c.id, cellM: PUBLIC_CELL_M, centreLon: lon, centreLat: lat, observations: c.observations,
      signalReadings: c.signalReadings, meanDbm: c.meanDbm, noFreeNetwork: c.noFreeNetwork,
      noFreeNetworkShare: Math.round((c.noFreeNetwork / c.observations) * 1000) / 1000, firstAt: c.firstAt, newestAt: c.newestAt,
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

export const LAYERS: readonly Layer<unknown>[] = [
  layer<AccessPoint>({
    id: 'access-points',
    title: 'Free Wi-Fi access points',
    description: 'The City\'s registry of free public Wi-Fi: name, SSID, operator, status, estimated reach (reachM, metres; fitted to readings where there are enough) and probablyDown (phones near it do not hear it; a planner decides). Time: when the record last changed.',
    access: 'public',
    geometryType: 'Point',
    schema: accessPointProperties,
    data: sql(layerSources.accessPoints),
    feature: (ap, { reachM, probablyDown }) => accessPointFeature(ap, reachM(ap), { probablyDown: probablyDown(ap) }),
  }),
  layer({
    id: 'reports',
    title: 'Residents\' reports',
    description: 'Dead zones and problems reported by residents, positioned at the centre of their 25 m cell as the public map shows them; notes only once staff publish them. Time: when the report was filed.',
    access: 'public',
    geometryType: 'Point',
    schema: reportProperties,
    data: sql(layerSources.reports),
    feature: publicReportFeature,
  }),
  layer({
    id: 'observations',
    title: 'Signal observations by 25 m cell',
    description: 'Measured observations aggregated to 25 m cells (the grid report positions snap to): how many, the mean signal (dBm), how many and what share (0–1) heard no free network, the first and newest day. Never per device: a cell is shown once two devices measured in it, times are to the day (UTC) and a datetime filter widens to whole days, so the path of a single phone cannot be traced; simulated observations are left out. Time: when observed.',
    access: 'public',
    geometryType: 'Polygon',
    schema: observationCellProperties,
    data: observationCellData, // thousands of cells: pages link on by keyset, as an offset would walk them all
    feature: cellFeature,
  }),
  layer({
    id: 'observations-raw',
    title: 'Signal observations, one by one (staff)',
    description: 'Every observation at its exact position, for planners and admins; no device identifiers. Time: when observed.',
    access: 'staff',
    geometryType: 'Point',
    schema: observationProperties,
    data: sql(layerSources.observations),
    feature: observationFeature,
  }),
  layer({
    id: 'places',
    title: 'Priority places',
    description: 'Libraries, community centres, City facilities, parks and schools, each with its Wi-Fi evidence and a demand weight (1–5).',
    access: 'public',
    geometryType: 'Point',
    schema: placeProperties,
    data: sql(layerSources.places),
    feature: placeFeature,
  }),
  layer({
    id: 'transit-stops',
    title: 'Transit stops',
    description: 'Grand River Transit stops in Kitchener (2016).',
    access: 'public',
    geometryType: 'Point',
    schema: placeProperties,
    data: sql(layerSources.transitStops),
    feature: placeFeature,
  }),
  layer<Area>({
    id: 'wards',
    title: 'Wards',
    description: 'The 10 wards of the City of Kitchener (2018 boundaries).',
    access: 'public',
    geometryType: 'Polygon',
    schema: wardProperties,
    data: sql(layerSources.wards),
    // RFC 7946 winding whatever the source file had: outer rings counter-clockwise, holes clockwise.
    feature: (area) => rewind(areaFeature(area) as GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>, { reverse: false }) as GeoJSON.Feature,
  }),
  layer<ModelRecord>({
    id: 'coverage-cells',
    title: 'Predicted coverage by 100 m block',
    description: `The live coverage model over the city in blocks of 4 × 4 cells (level 1: 100 m with the default 25 m cells): class (good, fair, poor, none), signal (dBm), confidence (0–1), the share of the block covered (0–1), and h3: the H3 index (resolution ${COVERAGE_CELL_H3_RESOLUTION}, hexagons of ~${Math.round(getHexagonAreaAvg(COVERAGE_CELL_H3_RESOLUTION, 'm2') / 100) / 100} ha) of the block's centre, to join H3-binned data.`,
    access: 'public',
    geometryType: 'Polygon',
    schema: coverageCellProperties,
    data: model(coverageCells),
    feature: (r) => r.feature,
  }),
  layer<ModelRecord>({
    id: 'gaps',
    title: 'Coverage gaps, ranked',
    description: 'Places in the city without free Wi-Fi, first to fix first, split at ward lines and on a 1 km grid: area (m²), ward, a place in it people know (landmark), demand (places, transit stops and reports), devices that confirm it, and the score they are ranked by.',
    access: 'public',
    geometryType: 'Polygon',
    schema: gapProperties,
    data: model(gapRecords),
    feature: (r) => r.feature,
  }),
  layer<ModelRecord>({
    id: 'recommendations',
    title: 'Recommended new access-point sites',
    description: 'The 10 City-owned places where a new outdoor access point would cover the most uncovered demand, in greedy order, with the demand each adds (gain) and the running total.',
    access: 'staff',
    geometryType: 'Point',
    schema: recommendationProperties,
    data: model(recommendations),
    feature: (r) => r.feature,
  }),
  layer<ModelRecord>({
    id: 'wards-coverage',
    title: 'Wards with their coverage',
    description: 'Each ward with its area and the area and share (0–1) covered by free Wi-Fi, from the live coverage model.',
    access: 'public',
    geometryType: 'Polygon',
    schema: wardCoverageProperties,
    data: model(wardCoverage),
    feature: (r) => r.feature,
  }),
];

export const layerById = (id: string) => LAYERS.find((l) => l.id === id);
