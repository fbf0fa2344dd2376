// Keeps public_cells (migration 015) current for rows the server inserts: one upsert per public cell a batch
// touches, in the caller's transaction, instead of a per-row trigger that called back into JavaScript three
// times a row (a third of a 1,000-row batch's storage time; migration 022 drops it). Deletes keep their trigger.
import { cellOf } from '../domain/public-cells';
import { PUBLIC_CELL_M } from '../domain/limits';
import type { Db } from './db';

/** One stored observation, as public_cells counts it. */
export interface CountedRow {
  lon: number;
  lat: number;
  signalDbm: number | null;
  noFreeNetwork: boolean | number;
  observedAt: string;
  source: string;
  deviceKey: string | null; // null: an unknown device (all of them count as one)
  cohortKey?: string | null; // credentials minted together: one device, as the coverage model counts them
}

interface Tally {
  row: number;
  col: number;
  observations: number;
  readings: number;
  sumDbm: number;
  noFree: number;
  first: string;
  newest: string;
  devices: Map<string, number>; // readings per device ('' for unknown) in this batch
}

/** Returns count(rows): adds the rows' statistics to their cells; call it inside the transaction that inserted them. */
export function publicCellsCounter(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO public_cells (cell_row, cell_col, observations, readings, sum_dbm, no_free_network, first_at, newest_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (cell_row, cell_col) DO UPDATE SET
      observations = observations + excluded.observations,
      readings = readings + excluded.readings,
      sum_dbm = sum_dbm + excluded.sum_dbm,
      no_free_network = no_free_network + excluded.no_free_network,
      first_at = min(first_at, excluded.first_at),
      newest_at = max(newest_at, excluded.newest_at)`);
  // Migration 023: readings per device per cell; the public layer shows a cell once two devices measured there.
  const upsertDevice = db.prepare(`
    INSERT INTO public_cell_devices (cell_row, cell_col, device, observations) VALUES (?, ?, ?, ?)
    ON CONFLICT (cell_row, cell_col, device) DO UPDATE SET observations = observations + excluded.observations`);
  const show = db.prepare(`
    INSERT OR IGNORE INTO public_cells_shown (cell_row, cell_col)
    SELECT @row, @col WHERE (SELECT count(*) FROM public_cell_devices WHERE cell_row = @row AND cell_col = @col) > 1`);
  return (rows: Iterable<CountedRow>): void => {
    const cells = new Map<string, Tally>();
    for (const r of rows) {
      if (r.source === 'simulated') continue; // what-if data: never public
      const { row, col } = cellOf([r.lon, r.lat], PUBLIC_CELL_M);
      const key = `${row}:${col}`;
      let t = cells.get(key);
      if (!t) cells.set(key, (t = { row, col, observations: 0, readings: 0, sumDbm: 0, noFree: 0, first: r.observedAt, newest: r.observedAt, devices: new Map() }));
      const device = r.cohortKey ?? r.deviceKey ?? '';
      t.devices.set(device, (t.devices.get(device) ?? 0) + 1);
      t.observations++;
      if (r.signalDbm != null) {
        t.readings++;
        t.sumDbm += r.signalDbm;
      }
      if (r.noFreeNetwork) t.noFree++;
      if (r.observedAt < t.first) t.first = r.observedAt;
      if (r.observedAt > t.newest) t.newest = r.observedAt;
    }
    for (const t of cells.values()) {
      upsert.run(t.row, t.col, t.observations, t.readings, t.sumDbm, t.noFree, t.first, t.newest);
      for (const [device, n] of t.devices) upsertDevice.run(t.row, t.col, device, n);
      show.run({ row: t.row, col: t.col });
    }
  };
}
