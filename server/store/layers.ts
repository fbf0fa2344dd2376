// Map layers as SQL. Each source selects one row per feature with the bbox, time and ward filters
// pushed into the query, so the indexes on (lon, lat) and on times do the work; OGC pages, counts
// and streamed exports all run the same statement.
import Database from 'better-sqlite3';
import { bboxPolygon, booleanIntersects, booleanPointInPolygon } from '@turf/turf';
import { statementCache, type Db } from './db';
import { toAccessPoint } from './access-points';
import { toArea, toPlace } from './reference';
import { toReport } from './reports';
import { boundsOf, publicPosition } from '../domain/service-area';
import { PUBLIC_CELL_M } from '../domain/limits';
import {
  boxesIntersect, cellBounds, cellCentre, cellId, cellOf, parseCellId, widenBox, type ObservationCell,
} from '../domain/public-cells';
import type { AccessPoint, Area, BBox, Observation, Place, Report } from '../domain/types';

export interface LayerFilter {
  bbox?: BBox; // features whose geometry meets this box (CRS84)
  since?: string; // ISO instant, inclusive
  until?: string; // ISO instant, inclusive
  area?: Area; // a ward: features whose point (or cell centre) lies inside its polygon
}

interface Sql {
  sql: string;
  params: Record<string, unknown>;
}

export interface LayerSource<T> {
  /** Whether the layer has a time that `since`/`until` (OGC `datetime`) filter; timeless layers ignore them. */
  temporal: boolean;
  /** Every row matching the filter, in a stable order, so OFFSET pages never skip or repeat a row. */
  select(filter: LayerFilter): Sql;
  /** One row by its feature id; undefined when the id cannot name a feature of this layer. */
  byId(id: string): Sql | undefined;
  /** One row: minLon, minLat, maxLon, maxLat, minTime, maxTime over the whole layer. */
  extent: string;
  /** Rows made by GROUP BY: counting costs a full read, so a page carries the count (a window function). */
  aggregated?: true;
  record(row: never): T;
}

/** An observation as staff export it: everything measured, nothing that identifies a device. */
export type ObservationRecord = Omit<Observation, 'clientId'> & { receivedAt: string; importId: number | null };

export interface LayerExtent {
  bbox: BBox | null; // null when the layer is empty
  interval: [string | null, string | null] | null; // null for a timeless layer
}

const MAX_ID = /^[1-9]\d{0,14}$/; // integer ids: up to 15 digits stays exact in a double

/** A box widened by `metres` on every side: a cell whose points start outside the box can still overlap it. */
const widen = widenBox;

const boxParams = (prefix: string, [minLon, minLat, maxLon, maxLat]: BBox) => ({
  [`${prefix}MinLon`]: minLon, [`${prefix}MinLat`]: minLat, [`${prefix}MaxLon`]: maxLon, [`${prefix}MaxLat`]: maxLat,
});
const inBox = (prefix: string) =>
  `lon BETWEEN @${prefix}MinLon AND @${prefix}MaxLon AND lat BETWEEN @${prefix}MinLat AND @${prefix}MaxLat`;

/**
 * The conditions every point layer shares: bbox and ward (a box first, for the index, then the polygon).
 * With `shown` (SQL for the lon and lat the public sees), both test that position, never the stored one:
 * the index box is widened by a cell so every row whose shown position qualifies is still read.
 */
function pointConditions(
  filter: LayerFilter, time: string | undefined, where: string[], params: Record<string, unknown>, box = filter.bbox,
  shown?: { lon: string; lat: string; slackM: number },
) {
  if (box) {
    where.push(inBox('box'));
    Object.assign(params, boxParams('box', shown ? widen(box, shown.slackM) : box));
    if (shown) {
      where.push(`${shown.lon} BETWEEN @shownMinLon AND @shownMaxLon AND ${shown.lat} BETWEEN @shownMinLat AND @shownMaxLat`);
      Object.assign(params, boxParams('shown', box));
    }
  }
  if (time && filter.since) {
    where.push(`${time} >= @since`);
    params.since = filter.since;
  }
  if (time && filter.until) {
    where.push(`${time} <= @until`);
    params.until = filter.until;
  }
  if (filter.area) {
    const bounds = boundsOf(filter.area.geometry);
    where.push(`${inBox('area')} AND within_area(@areaId, ${shown ? `${shown.lon}, ${shown.lat}` : 'lon, lat'})`);
    Object.assign(params, boxParams('area', shown ? widen(bounds, shown.slackM) : bounds), { areaId: filter.area.id });
  }
}

const whereClause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/** A layer of points read from one table with `id`, `lon` and `lat` columns. */
function pointTable<T>(options: {
  from: string;
  columns?: string; // default *
  where?: string; // the rows that belong to the layer at all
  time?: string; // the column datetime filters apply to
  publicCells?: true; // shown at the centre of their public cell: filters and extent use that position, not the stored one
  record: (row: never) => T;
}): LayerSource<T> {
  const { from, columns = '*', where: base, time, record } = options;
  const always = base ? [base] : [];
  const shown = options.publicCells && { lon: 'public_lon(lon, lat)', lat: 'public_lat(lon, lat)', slackM: PUBLIC_CELL_M };
  const [lon, lat] = shown ? [shown.lon, shown.lat] : ['lon', 'lat'];
  return {
    temporal: time !== undefined,
    select(filter) {
      const where = [...always];
      const params: Record<string, unknown> = {};
      pointConditions(filter, time, where, params, filter.bbox, shown || undefined);
      return { sql: `SELECT ${columns} FROM ${from} ${whereClause(where)} ORDER BY id`, params };
    },
    byId(id) {
      if (!MAX_ID.test(id)) return undefined;
      return { sql: `SELECT ${columns} FROM ${from} ${whereClause([...always, 'id = @id'])}`, params: { id: Number(id) } };
    },
    extent: `SELECT min(${lon}) AS minLon, min(${lat}) AS minLat, max(${lon}) AS maxLon, max(${lat}) AS maxLat,
      ${time ? `min(${time}) AS minTime, max(${time}) AS maxTime` : 'NULL AS minTime, NULL AS maxTime'}
      FROM ${from} ${whereClause(always)}`,
    record,
  };
}

/**
 * The extent of the cells, not of the points in them (that would place the outermost observations exactly): each
 * side is the outermost cell edge. Only points within this many degrees of the outermost point can own the
 * outermost edge, so each side reads a sliver by index: two cells at 60° N, well above Kitchener's width of one.
 */
const EDGE_SLACK_DEG = (2 * PUBLIC_CELL_M) / (111_320 * Math.cos(Math.PI / 3));
const cellEdges = [['min', 'lon', 0, 'minLon'], ['min', 'lat', 1, 'minLat'], ['max', 'lon', 2, 'maxLon'], ['max', 'lat', 3, 'maxLat']] as const; // [aggregate, column, side of cellBounds, name]

interface CellRow { cell: string; observations: number; readings: number; median_dbm: number | null; no_free_network: number; newest_at: string }

/**
 * Observations aggregated to the public 25 m cells: count, median signal and newest time per cell.
 * Simulated observations are left out, so demo data never passes for measurements.
 */
const observationCells: LayerSource<ObservationCell> = {
  temporal: true,
  aggregated: true,
  select(filter) {
    const where = ["source <> 'simulated'"];
    const params: Record<string, unknown> = {};
    const having: string[] = [];
    // Points a cell's width outside the box can belong to a cell that overlaps it; HAVING keeps exactly those cells.
    pointConditions({ ...filter, area: undefined }, 'observed_at', where, params, filter.bbox && widen(filter.bbox, PUBLIC_CELL_M));
    if (filter.bbox) {
      having.push('cell_intersects(cell, @minLon, @minLat, @maxLon, @maxLat)');
      Object.assign(params, { minLon: filter.bbox[0], minLat: filter.bbox[1], maxLon: filter.bbox[2], maxLat: filter.bbox[3] });
    }
    if (filter.area) {
      where.push(inBox('area'));
      having.push('cell_in_area(cell, @areaId)');
      Object.assign(params, boxParams('area', widen(boundsOf(filter.area.geometry), PUBLIC_CELL_M)), { areaId: filter.area.id });
    }
    return { sql: cellsSql(whereClause(where), having), params };
  },
  byId(id) {
    const cell = parseCellId(id);
    if (!cell) return undefined;
    const where = `WHERE source <> 'simulated' AND ${inBox('box')}`;
    return { sql: cellsSql(where, ['cell = @cellId']), params: { ...boxParams('box', widen(cellBounds(cell, PUBLIC_CELL_M), 1)), cellId: id } };
  },
  extent: `SELECT ${cellEdges.map(([fn, column, side, name]) => `(SELECT ${fn}(cell_edge(lon, lat, ${side})) FROM observations WHERE source <> 'simulated'
      AND ${column} ${fn === 'min' ? '<=' : '>='} (SELECT ${fn}(${column}) FROM observations WHERE source <> 'simulated') ${fn === 'min' ? '+' : '-'} ${EDGE_SLACK_DEG}) AS ${name}`).join(', ')},
    min(observed_at) AS minTime, max(observed_at) AS maxTime FROM observations WHERE source <> 'simulated'`,
  record: (r: CellRow): ObservationCell => ({
    id: r.cell, cell: parseCellId(r.cell)!, observations: r.observations, signalReadings: r.readings,
    medianDbm: r.median_dbm, noFreeNetwork: r.no_free_network, newestAt: r.newest_at,
  }),
};

const cellsSql = (where: string, having: string[]) => `
  SELECT cell, count(*) AS observations, count(signal_dbm) AS readings, median(signal_dbm) AS median_dbm,
    sum(no_free_network) AS no_free_network, max(observed_at) AS newest_at
  FROM (SELECT public_cell(lon, lat) AS cell, signal_dbm, no_free_network, observed_at FROM observations ${where})
  GROUP BY cell ${having.length ? `HAVING ${having.join(' AND ')}` : ''} ORDER BY cell`;

interface ObservationRow {
  id: number; observed_at: string; received_at: string; lon: number; lat: number; accuracy_m: number | null;
  source: Observation['source']; signal_dbm: number | null; no_free_network: number; ssid: string | null; bssid: string | null;
  access_point_id: number | null; latency_ms: number | null; down_mbps: number | null; up_mbps: number | null;
  connection_type: string | null; import_id: number | null;
}

/** Columns named one by one: client ids, device keys and import keys never leave the database. */
const OBSERVATION_COLUMNS = `id, observed_at, received_at, lon, lat, accuracy_m, source, signal_dbm, no_free_network, ssid,
  bssid, access_point_id, latency_ms, down_mbps, up_mbps, connection_type, import_id`;

const toObservationRecord = (r: ObservationRow): ObservationRecord => ({
  id: r.id, observedAt: r.observed_at, receivedAt: r.received_at, position: [r.lon, r.lat], accuracyM: r.accuracy_m,
  source: r.source, signalDbm: r.signal_dbm, noFreeNetwork: r.no_free_network === 1, ssid: r.ssid, bssid: r.bssid,
  accessPointId: r.access_point_id, importId: r.import_id,
  test:
    r.latency_ms === null && r.down_mbps === null && r.up_mbps === null && r.connection_type === null
      ? null
      : { latencyMs: r.latency_ms, downMbps: r.down_mbps, upMbps: r.up_mbps, connectionType: r.connection_type },
});

/** Wards are polygons stored as GeoJSON text: bbox by exact intersection, extent from their coordinates. */
const wards: LayerSource<Area> = {
  temporal: false,
  select(filter) {
    const where = ["kind = 'ward'"];
    const params: Record<string, unknown> = {};
    if (filter.bbox) {
      where.push('geometry_intersects(geometry, @minLon, @minLat, @maxLon, @maxLat)');
      Object.assign(params, { minLon: filter.bbox[0], minLat: filter.bbox[1], maxLon: filter.bbox[2], maxLat: filter.bbox[3] });
    }
    if (filter.area) {
      where.push('id = @areaId');
      params.areaId = filter.area.id;
    }
    return { sql: `SELECT * FROM areas ${whereClause(where)} ORDER BY ward`, params };
  },
  byId: (id) => ({ sql: "SELECT * FROM areas WHERE kind = 'ward' AND id = @id", params: { id } }),
  extent: `SELECT min(CASE WHEN t.key = 0 THEN t.value END) AS minLon, min(CASE WHEN t.key = 1 THEN t.value END) AS minLat,
    max(CASE WHEN t.key = 0 THEN t.value END) AS maxLon, max(CASE WHEN t.key = 1 THEN t.value END) AS maxLat,
    NULL AS minTime, NULL AS maxTime
    FROM areas a, json_tree(a.geometry, '$.coordinates') t WHERE a.kind = 'ward' AND t.type IN ('integer', 'real')`,
  record: toArea as (row: never) => Area,
};

/** Every layer's SQL, by layer id. The registry in http/layers.ts says how each becomes features. */
export const layerSources = {
  accessPoints: pointTable<AccessPoint>({ from: 'access_points', time: 'updated_at', record: toAccessPoint as (row: never) => AccessPoint }),
  // Hidden reports (abuse) are never public; the rest are filtered, bounded and shown at their public cell's centre,
  // so no bbox, ward or extent can tell two reports of one cell apart.
  reports: pointTable<Report>({ from: 'reports', where: "status <> 'hidden'", time: 'created_at', publicCells: true, record: toReport as (row: never) => Report }),
  observationCells,
  observations: pointTable<ObservationRecord>({
    from: 'observations', columns: OBSERVATION_COLUMNS, time: 'observed_at', record: toObservationRecord as (row: never) => ObservationRecord,
  }),
  places: pointTable<Place>({ from: 'places', where: "kind <> 'transit_stop'", record: toPlace as (row: never) => Place }),
  transitStops: pointTable<Place>({ from: 'places', where: "kind = 'transit_stop'", record: toPlace as (row: never) => Place }),
  wards,
};

/** The SQL functions the sources call, registered on each connection that runs them. */
function registerFunctions(db: Db, areas: Map<string, Area['geometry']>) {
  const polygon = (areaId: string) => {
    const geometry = areas.get(areaId);
    if (!geometry) throw new Error(`area ${areaId} was not bound before the query ran`);
    return geometry;
  };
  db.aggregate('median', {
    start: () => [] as number[],
    step: (values: number[], value: number | null) => {
      if (value !== null) values.push(value);
    },
    result: (values: number[]) => {
      if (values.length === 0) return null;
      values.sort((a, b) => a - b);
      const mid = values.length >> 1;
      return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    },
  });
  db.function('public_lon', { deterministic: true }, (lon, lat) => publicPosition([lon as number, lat as number], PUBLIC_CELL_M)[0]);
  db.function('public_lat', { deterministic: true }, (lon, lat) => publicPosition([lon as number, lat as number], PUBLIC_CELL_M)[1]);
  db.function('cell_edge', { deterministic: true }, (lon, lat, side) => cellBounds(cellOf([lon as number, lat as number], PUBLIC_CELL_M), PUBLIC_CELL_M)[side as number]);
  db.function('public_cell', { deterministic: true }, (lon, lat) => cellId(cellOf([lon as number, lat as number], PUBLIC_CELL_M)));
  db.function('cell_intersects', { deterministic: true }, (cell, minLon, minLat, maxLon, maxLat) =>
    Number(boxesIntersect(cellBounds(parseCellId(cell as string)!, PUBLIC_CELL_M), [minLon, minLat, maxLon, maxLat] as BBox)));
  db.function('cell_in_area', (cell, areaId) =>
    Number(booleanPointInPolygon([...cellCentre(parseCellId(cell as string)!, PUBLIC_CELL_M)], polygon(areaId as string))));
  db.function('within_area', (areaId, lon, lat) => Number(booleanPointInPolygon([lon as number, lat as number], polygon(areaId as string))));
  db.function('geometry_intersects', { deterministic: true }, (geometry, minLon, minLat, maxLon, maxLat) =>
    Number(booleanIntersects(JSON.parse(geometry as string) as GeoJSON.Geometry, bboxPolygon([minLon, minLat, maxLon, maxLat] as [number, number, number, number]))));
}

/** Runs layer sources on one connection. */
function runner(db: Db) {
  const areas = new Map<string, Area['geometry']>();
  registerFunctions(db, areas);
  const prepared = statementCache(db);
  const open = new Set<IterableIterator<unknown>>();
  const bind = (filter: LayerFilter) => {
    if (filter.area) areas.set(filter.area.id, filter.area.geometry);
  };
  function count<T>(source: LayerSource<T>, filter: LayerFilter): number {
    bind(filter);
    const { sql, params } = source.select(filter);
    return prepared<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`).get(params)!.n;
  }
  function page<T>(source: LayerSource<T>, filter: LayerFilter, limit: number, offset: number): T[] {
    bind(filter);
    const { sql, params } = source.select(filter);
    return prepared<never>(`${sql} LIMIT @limit OFFSET @offset`).all({ ...params, limit, offset }).map((row) => source.record(row));
  }
  return {
    count,
    page,
    /** A page and the number of all matching rows: two indexed queries, or one pass for an aggregated layer. */
    counted<T>(source: LayerSource<T>, filter: LayerFilter, limit: number, offset: number): { total: number; records: T[] } {
      if (!source.aggregated) return { total: count(source, filter), records: page(source, filter, limit, offset) };
      bind(filter);
      const { sql, params } = source.select(filter);
      const rows = prepared<{ layer_total: number }>(`SELECT *, count(*) OVER () AS layer_total FROM (${sql}) LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit, offset });
      const total = rows.length ? rows[0].layer_total : offset > 0 ? count(source, filter) : 0; // past the end: count alone
      return { total, records: rows.map((row) => source.record(row as never)) };
    },
    *iterate<T>(source: LayerSource<T>, filter: LayerFilter): Generator<T> {
      bind(filter);
      const { sql, params } = source.select(filter);
      const rows = prepared<never>(sql).iterate(params);
      open.add(rows);
      try {
        for (const row of rows) yield source.record(row);
      } finally {
        open.delete(rows);
      }
    },
    /** Ends every iteration still open: a connection cannot close while a statement runs on it. */
    stopAll() {
      for (const rows of open) rows.return?.();
      open.clear();
    },
    get<T>(source: LayerSource<T>, id: string): T | undefined {
      const query = source.byId(id);
      const row = query && prepared<never>(query.sql).get(query.params);
      return row === undefined ? undefined : source.record(row);
    },
    extent<T>(source: LayerSource<T>): LayerExtent {
      const e = prepared<{ minLon: number | null; minLat: number; maxLon: number; maxLat: number; minTime: string | null; maxTime: string | null }>(source.extent).get()!;
      return {
        bbox: e.minLon === null ? null : [e.minLon, e.minLat, e.maxLon, e.maxLat],
        interval: source.temporal ? [e.minTime, e.maxTime] : null,
      };
    },
  };
}

export type LayerRunner = ReturnType<typeof runner>;
export type LayerReader = Pick<LayerRunner, 'count' | 'iterate'> & { close(): void };

export function layerRepository(db: Db) {
  const main = runner(db);
  return {
    ...main,
    /**
     * A read-only connection of its own for a streamed export: an open iterator keeps a connection
     * busy, and the main one must stay free for writes while a slow client downloads. One read
     * transaction makes the count and the rows one snapshot.
     */
    openReader(): LayerReader {
      if (db.memory) return { count: main.count, iterate: main.iterate, close: main.stopAll }; // :memory: has no second connection
      const reader = new Database(db.name, { readonly: true, fileMustExist: true });
      reader.pragma('busy_timeout = 5000'); // ms: as the main connection
      const run = runner(reader);
      reader.exec('BEGIN');
      return {
        count: run.count,
        iterate: run.iterate,
        close() {
          if (!reader.open) return;
          run.stopAll();
          reader.close();
        },
      };
    },
  };
}
