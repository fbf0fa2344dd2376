// Map layers as SQL. Each source selects one row per feature with the bbox, time and ward filters
// pushed into the query, so the indexes on (lon, lat) and on times do the work; OGC pages, counts
// and streamed exports all run the same statement.
import { bboxPolygon, booleanIntersects, booleanPointInPolygon } from '@turf/turf';
import { statementCache, type Db } from './db';
import { toAccessPoint } from './access-points';
import { toArea, toPlace } from './reference';
import { toReport } from './reports';
import { boundsOf, publicPosition } from '../domain/service-area';
import { PUBLIC_CELL_M } from '../domain/limits';
import { METRES_PER_DEGREE_LAT } from '../domain/geo';
import {
  boxesIntersect, cellBounds, cellCentre, cellId, cellOf, parseCellId, widenBox, type ObservationCell,
} from '../domain/public-cells';
import type { AccessPoint, Area, BBox, Observation, Place, Report } from '../domain/types';

export interface LayerFilter {
  bbox?: BBox; // features whose geometry meets this box (CRS84)
  since?: string; // ISO instant, inclusive
  until?: string; // ISO instant, inclusive
  area?: Area; // a ward: features whose point (or cell centre) lies inside its polygon
  after?: string; // keyset cursor: only features after this one (the cursor of the last feature read); counts ignore it
  upToId?: number; // rows with ids up to this one: bounds a streamed export to the rows there were when it started
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
  aggregated?: (filter: LayerFilter) => boolean;
  /** Whether reading on from a cursor (filter.after) is an index seek, so a long read can be short chunks. */
  chunked?: (filter: LayerFilter) => boolean;
  /** The keyset cursor of a record: pass it as filter.after to read the rows after it. */
  cursor?: (record: T) => string;
  /** The largest id there is now (for filter.upToId), when the layer's rows have growing ids. */
  maxId?: string;
  /** The rows a query must read beyond those it returns (an aggregate over raw rows), counted cheaply before it runs. */
  scanned?(filter: LayerFilter): Sql | undefined;
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
  record: (row: never) => T & { id: number };
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
      if (filter.after !== undefined && MAX_ID.test(filter.after)) {
        where.push('id > @afterId');
        params.afterId = Number(filter.after);
      }
      if (filter.upToId !== undefined) {
        where.push('id <= @upToId');
        params.upToId = filter.upToId;
      }
      return { sql: `SELECT ${columns} FROM ${from} ${whereClause(where)} ORDER BY id`, params };
    },
    chunked: () => true,
    cursor: (r) => String((r as { id: number }).id),
    maxId: `SELECT max(id) AS id FROM ${from}`,
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

interface CellRow {
  cell_row: number; cell_col: number; observations: number; readings: number; mean_dbm: number | null; no_free_network: number;
  first_at: string; newest_at: string;
}

/** The row and column ranges a box's cells fall in: a conservative index range; the exact test follows. */
function cellRange([minLon, minLat, maxLon, maxLat]: BBox) {
  const south = cellOf([minLon, minLat], PUBLIC_CELL_M).row, north = cellOf([minLon, maxLat], PUBLIC_CELL_M).row;
  // A column's width changes with the row's latitude: the four corners' columns bound every row's columns.
  const cols = [minLat, maxLat].flatMap((lat) => [minLon, maxLon].map((lon) => cellOf([lon, lat], PUBLIC_CELL_M).col));
  return { r0: south, r1: north, c0: Math.min(...cols), c1: Math.max(...cols) };
}

const afterCell = (after: string | undefined, where: string[], params: Record<string, unknown>) => {
  const cell = after === undefined ? undefined : parseCellId(after);
  if (!cell) return;
  where.push('(cell_row > @afterRow OR (cell_row = @afterRow AND cell_col > @afterCol))');
  Object.assign(params, { afterRow: cell.row, afterCol: cell.col });
};

/**
 * The public cells: those two devices measured in (migration 023). CROSS JOIN makes SQLite walk the shown
 * cells and look each up, not the other way round: a count over 140k cells, a third of them shown, 19 ms, not 43.
 */
const SHOWN_CELLS = 'public_cells_shown CROSS JOIN public_cells USING (cell_row, cell_col)';

const CELL_COLUMNS = `cell_row, cell_col, observations, readings, CASE WHEN readings > 0 THEN sum_dbm / readings END AS mean_dbm,
  no_free_network, first_at, newest_at`;

/**
 * Observations aggregated to the public 25 m cells: count, mean signal, first and newest time per cell.
 * Without a time filter they are read from public_cells, which triggers keep current (migration 015):
 * a bbox page is an index range scan, paged by keyset on (row, col). A time filter needs the readings
 * themselves, so it aggregates them (the slow path, which the read budget charges by the rows read).
 * Simulated observations are left out of both, so demo data never passes for measurements.
 */
const observationCells: LayerSource<ObservationCell> = {
  temporal: true,
  aggregated: (filter) => Boolean(filter.since || filter.until), // the raw path; the table is counted by its index
  chunked: (filter) => !filter.since && !filter.until,
  select(filter) {
    if (filter.since || filter.until) return rawCells(wholeDays(filter));
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    for (const [prefix, box, test] of [
      ['box', filter.bbox, 'cell_meets_box(cell_row, cell_col, @minLon, @minLat, @maxLon, @maxLat)'],
      ['area', filter.area && widen(boundsOf(filter.area.geometry), PUBLIC_CELL_M), 'cell_in_area(cell_row, cell_col, @areaId)'],
    ] as const) {
      if (!box) continue;
      const { r0, r1, c0, c1 } = cellRange(box);
      where.push(`cell_row BETWEEN @${prefix}R0 AND @${prefix}R1 AND cell_col BETWEEN @${prefix}C0 AND @${prefix}C1 AND ${test}`);
      Object.assign(params, { [`${prefix}R0`]: r0, [`${prefix}R1`]: r1, [`${prefix}C0`]: c0, [`${prefix}C1`]: c1 });
    }
    if (filter.bbox) Object.assign(params, { minLon: filter.bbox[0], minLat: filter.bbox[1], maxLon: filter.bbox[2], maxLat: filter.bbox[3] });
    if (filter.area) params.areaId = filter.area.id;
    afterCell(filter.after, where, params);
    return { sql: `SELECT ${CELL_COLUMNS} FROM ${SHOWN_CELLS} ${whereClause(where)} ORDER BY cell_row, cell_col`, params };
  },
  byId(id) {
    const cell = parseCellId(id);
    if (!cell) return undefined;
    return { sql: `SELECT ${CELL_COLUMNS} FROM ${SHOWN_CELLS} WHERE cell_row = @row AND cell_col = @col`, params: { row: cell.row, col: cell.col } };
  },
  // The cells' own bounds (not the readings'), over the maintained table.
  extent: `SELECT min(cell_edge(cell_row, cell_col, 0)) AS minLon, min(cell_row) * ${PUBLIC_CELL_M / METRES_PER_DEGREE_LAT} AS minLat,
    max(cell_edge(cell_row, cell_col, 2)) AS maxLon, (max(cell_row) + 1) * ${PUBLIC_CELL_M / METRES_PER_DEGREE_LAT} AS maxLat,
    substr(min(first_at), 1, 10) || 'T00:00:00Z' AS minTime, substr(max(newest_at), 1, 10) || 'T23:59:59Z' AS maxTime
    FROM ${SHOWN_CELLS}`,
  record: (r: CellRow): ObservationCell => {
    const cell = { row: r.cell_row, col: r.cell_col };
    return {
      id: cellId(cell), cell, observations: r.observations, signalReadings: r.readings,
      meanDbm: r.mean_dbm === null ? null : Math.round(r.mean_dbm * 10) / 10, noFreeNetwork: r.no_free_network,
      firstAt: dayOf(r.first_at), newestAt: dayOf(r.newest_at),
    };
  },
  cursor: (c: ObservationCell) => c.id,
  scanned(filter) {
    if (!filter.since && !filter.until) return undefined; // the maintained table: a page reads what it returns
    filter = wholeDays(filter);
    const where: string[] = [];
    if (filter.since) where.push('observed_at >= @since');
    if (filter.until) where.push('observed_at <= @until');
    return { sql: `SELECT count(*) AS n FROM observations ${whereClause(where)}`, params: { since: filter.since, until: filter.until } }; // the time index only
  },
};

const SEVERAL = Symbol('several devices');

/** A public observation time, to the day (UTC): the exact minute of each reading would trace its phone. */
const dayOf = (iso: string): string => `${new Date(iso).toISOString().slice(0, 10)}T00:00:00Z`;

/** A time window widened to whole days (UTC), so no window can pick out readings finer than the published day. */
function wholeDays(filter: LayerFilter): LayerFilter {
  const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);
  return {
    ...filter,
    ...(filter.since && { since: `${day(filter.since)}T00:00:00.000Z` }),
    ...(filter.until && { until: `${day(filter.until)}T23:59:59.999Z` }),
  };
}

/** Which device a reading counts for in the public cells: its cohort (credentials minted together are one phone), as the
 *  coverage model counts it, and as migration 023's table and triggers do; readings with no credential are one unknown device. */
const PUBLIC_DEVICE = "coalesce(cohort_key, device_key, '')";

/** The same cells aggregated from the readings in a time window: what public_cells holds, for any window. */
function rawCells(filter: LayerFilter): Sql {
  const where = ["source <> 'simulated'"];
  const params: Record<string, unknown> = {};
  const having: string[] = [];
  // Points a cell's width outside the box can belong to a cell that overlaps it; HAVING keeps exactly those cells.
  pointConditions({ ...filter, area: undefined }, 'observed_at', where, params, filter.bbox && widen(filter.bbox, PUBLIC_CELL_M));
  if (filter.bbox) {
    having.push('cell_meets_box(cell_row, cell_col, @minLon, @minLat, @maxLon, @maxLat)');
    Object.assign(params, { minLon: filter.bbox[0], minLat: filter.bbox[1], maxLon: filter.bbox[2], maxLat: filter.bbox[3] });
  }
  if (filter.area) {
    where.push(inBox('area'));
    having.push('cell_in_area(cell_row, cell_col, @areaId)');
    Object.assign(params, boxParams('area', widen(boundsOf(filter.area.geometry), PUBLIC_CELL_M)), { areaId: filter.area.id });
  }
  afterCell(filter.after, having, params);
  return {
    sql: `SELECT cell_row, cell_col, count(*) AS observations, count(signal_dbm) AS readings, avg(signal_dbm) AS mean_dbm,
      sum(no_free_network) AS no_free_network, min(observed_at) AS first_at, max(observed_at) AS newest_at
    FROM (SELECT public_cell_row(lat) AS cell_row, public_cell_col(lon, lat) AS cell_col, signal_dbm, no_free_network, observed_at, ${PUBLIC_DEVICE} AS device
      FROM observations ${whereClause(where)})
    GROUP BY cell_row, cell_col HAVING ${['count(DISTINCT device) > 1', ...having].join(' AND ')} ORDER BY cell_row, cell_col`,
    params,
  };
}

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
  // Cells by row and column (public_cells); the exact tests behind an index range on both.
  db.function('cell_edge', { deterministic: true }, (row, col, side) => cellBounds({ row: row as number, col: col as number }, PUBLIC_CELL_M)[side as number]);
  db.function('cell_meets_box', { deterministic: true }, (row, col, minLon, minLat, maxLon, maxLat) =>
    Number(boxesIntersect(cellBounds({ row: row as number, col: col as number }, PUBLIC_CELL_M), [minLon, minLat, maxLon, maxLat] as BBox)));
  db.function('cell_in_area', (row, col, areaId) =>
    Number(booleanPointInPolygon([...cellCentre({ row: row as number, col: col as number }, PUBLIC_CELL_M)], polygon(areaId as string))));
  db.function('public_lon', { deterministic: true }, (lon, lat) => publicPosition([lon as number, lat as number], PUBLIC_CELL_M)[0]);
  db.function('public_lat', { deterministic: true }, (lon, lat) => publicPosition([lon as number, lat as number], PUBLIC_CELL_M)[1]);
  db.function('within_area', (areaId, lon, lat) => Number(booleanPointInPolygon([lon as number, lat as number], polygon(areaId as string))));
  db.function('geometry_intersects', { deterministic: true }, (geometry, minLon, minLat, maxLon, maxLat) =>
    Number(booleanIntersects(JSON.parse(geometry as string) as GeoJSON.Geometry, bboxPolygon([minLon, minLat, maxLon, maxLat] as [number, number, number, number]))));
}

/** A step-by-step aggregation: step() reads up to `rows` readings and says whether it is done. */
export interface CellScan {
  step(rows: number): boolean;
  /** The matching cells in (row, col) order, each made into a record only when read: a page needs 1,000 of ~200,000. */
  cells(): { length: number; slice(from: number, to?: number): ObservationCell[] };
}

export const EXPORT_CHUNK_ROWS = 1_000; // rows per read of a streamed export: each read is its own short transaction (~ms), so none pins the WAL

/** Runs layer sources on one connection. */
function runner(db: Db) {
  const areas = new Map<string, Area['geometry']>();
  registerFunctions(db, areas);
  const prepared = statementCache(db);
  const bind = (filter: LayerFilter) => {
    if (filter.area) areas.set(filter.area.id, filter.area.geometry);
  };
  function count<T>(source: LayerSource<T>, filter: LayerFilter): number {
    bind(filter);
    const { sql, params } = source.select({ ...filter, after: undefined }); // a count is of the whole layer, not from a cursor on
    return prepared<{ n: number }>(`SELECT count(*) AS n FROM (${sql})`).get(params)!.n;
  }
  function page<T>(source: LayerSource<T>, filter: LayerFilter, limit: number, offset = 0): T[] {
    bind(filter);
    const { sql, params } = source.select(filter);
    return prepared<never>(`${sql} LIMIT @limit OFFSET @offset`).all({ ...params, limit, offset }).map((row) => source.record(row));
  }
  return {
    count,
    page,
    /** A page and the number of all matching rows: two indexed queries, or one pass for an aggregated layer. */
    counted<T>(source: LayerSource<T>, filter: LayerFilter, limit: number, offset: number): { total: number; records: T[] } {
      if (!source.aggregated?.(filter) || filter.after !== undefined) return { total: count(source, filter), records: page(source, filter, limit, offset) };
      bind(filter);
      const { sql, params } = source.select(filter);
      const rows = prepared<{ layer_total: number }>(`SELECT *, count(*) OVER () AS layer_total FROM (${sql}) LIMIT @limit OFFSET @offset`)
        .all({ ...params, limit, offset });
      const total = rows.length ? rows[0].layer_total : offset > 0 ? count(source, filter) : 0; // past the end: count alone
      return { total, records: rows.map((row) => source.record(row as never)) };
    },
    /**
     * Every matching record, read in chunks by keyset: each chunk is one short read, so a download that
     * stalls holds no transaction open and checkpoints go on. A layer that cannot seek to a cursor is
     * read whole in one go (wards; observation cells in a time window) and streamed from memory.
     */
    *iterate<T>(source: LayerSource<T>, filter: LayerFilter, chunkRows = EXPORT_CHUNK_ROWS): Generator<T> {
      const cursor = source.cursor;
      if (!cursor || !source.chunked?.(filter)) {
        bind(filter);
        const { sql, params } = source.select(filter);
        yield* prepared<never>(sql).all(params).map((row) => source.record(row));
        return;
      }
      let after = filter.after;
      for (;;) {
        const records = page(source, { ...filter, after }, chunkRows);
        yield* records;
        if (records.length < chunkRows) return;
        after = cursor(records[records.length - 1]);
      }
    },
    /** Rows the query reads beyond what it returns (0 for most layers), from an index count before it runs. */
    scanned<T>(source: LayerSource<T>, filter: LayerFilter): number {
      const query = source.scanned?.(filter);
      return query ? prepared<{ n: number }>(query.sql).get(query.params)!.n : 0;
    },
    /**
     * Observation cells in a time window, aggregated from the readings a step at a time (in time order,
     * by keyset on the time index), so the caller can let other requests run between steps. The same
     * figures as rawCells, for pages of a time-filtered observations layer.
     */
    cellScan(filter: LayerFilter): CellScan {
      filter = wholeDays(filter);
      const where = ["source <> 'simulated'", '(observed_at, id) > (@afterTime, @afterId)'];
      const params: Record<string, unknown> = {};
      pointConditions({ ...filter, area: undefined }, 'observed_at', where, params, filter.bbox && widen(filter.bbox, PUBLIC_CELL_M));
      if (filter.area) {
        where.push(inBox('area'));
        Object.assign(params, boxParams('area', widen(boundsOf(filter.area.geometry), PUBLIC_CELL_M)));
      }
      const statement = prepared<{ id: number; lon: number; lat: number; signal_dbm: number | null; no_free_network: number; observed_at: string; device: string }>(
        `SELECT id, lon, lat, signal_dbm, no_free_network, observed_at, ${PUBLIC_DEVICE} AS device FROM observations WHERE ${where.join(' AND ')} ORDER BY observed_at, id LIMIT @rows`);
      const cells = new Map<string, CellRow>();
      const devices = new Map<string, string | typeof SEVERAL>(); // the cell's first device, until a second one is seen
      let afterTime = '', afterId = 0;
      return {
        step(rows) {
          const batch = statement.all({ ...params, afterTime, afterId, rows });
          for (const r of batch) {
            const { row, col } = cellOf([r.lon, r.lat], PUBLIC_CELL_M);
            const key = `${row}_${col}`;
            const c = cells.get(key);
            const seen = devices.get(key);
            if (seen === undefined) devices.set(key, r.device);
            else if (seen !== r.device) devices.set(key, SEVERAL);
            if (!c) {
              cells.set(key, { cell_row: row, cell_col: col, observations: 1, readings: r.signal_dbm === null ? 0 : 1, mean_dbm: r.signal_dbm ?? 0, no_free_network: r.no_free_network, first_at: r.observed_at, newest_at: r.observed_at });
              continue;
            }
            c.observations += 1;
            if (r.signal_dbm !== null) {
              c.readings += 1;
              c.mean_dbm = (c.mean_dbm ?? 0) + r.signal_dbm; // a sum until the end
            }
            c.no_free_network += r.no_free_network;
            c.newest_at = r.observed_at; // rows come in time order
          }
          if (batch.length) ({ observed_at: afterTime, id: afterId } = batch[batch.length - 1]);
          return batch.length < rows;
        },
        cells() {
          const box = filter.bbox, area = filter.area;
          const after = filter.after === undefined ? undefined : parseCellId(filter.after);
          const rows = [...cells.values()]
            .filter((c) => {
              const cell = { row: c.cell_row, col: c.cell_col };
              if (devices.get(`${c.cell_row}_${c.cell_col}`) !== SEVERAL) return false;
              if (box && !boxesIntersect(cellBounds(cell, PUBLIC_CELL_M), box)) return false;
              if (area && !booleanPointInPolygon([...cellCentre(cell, PUBLIC_CELL_M)], area.geometry)) return false;
              return !after || c.cell_row > after.row || (c.cell_row === after.row && c.cell_col > after.col);
            })
            .sort((a, b) => a.cell_row - b.cell_row || a.cell_col - b.cell_col);
          const record = (c: CellRow) => observationCells.record({ ...c, mean_dbm: c.readings ? c.mean_dbm! / c.readings : null } as never);
          return { length: rows.length, slice: (from, to) => rows.slice(from, to).map(record) };
        },
      };
    },
    /** The largest id the layer has now, to bound an export to what there was when it began. */
    maxId<T>(source: LayerSource<T>): number | undefined {
      return source.maxId ? (prepared<{ id: number | null }>(source.maxId).get()!.id ?? 0) : undefined;
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

export type LayerRepository = ReturnType<typeof runner>;
export const layerRepository = runner;
