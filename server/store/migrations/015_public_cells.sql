-- The public observations layer, maintained: one row per public 25 m cell with the statistics the
-- OGC collection and the exports publish, kept current by triggers in the same transaction as each
-- observation insert or delete, so a page is an index range scan instead of a scan of every reading.
-- public_cell_row/public_cell_col/public_cell_bound are registered on every connection by store/db.ts
-- (the same arithmetic as publicPosition). Simulated readings are what-if data: never counted here.
-- Observations are raw and never updated, so there is no UPDATE trigger.

CREATE TABLE public_cells (
  cell_row INTEGER NOT NULL,                 -- floor(lat / cell height): see domain/public-cells.ts
  cell_col INTEGER NOT NULL,                 -- floor(lon / cell width at the row's latitude)
  observations INTEGER NOT NULL,        -- real observations in the cell
  readings INTEGER NOT NULL,            -- of which carry a signal strength
  sum_dbm REAL NOT NULL,                -- sum of those signals, dBm: mean = sum_dbm / readings
  no_free_network INTEGER NOT NULL,     -- of which said "no free network heard"
  first_at TEXT NOT NULL,               -- ISO time of the oldest observation
  newest_at TEXT NOT NULL,              -- ISO time of the newest observation
  PRIMARY KEY (cell_row, cell_col)
) WITHOUT ROWID;

INSERT INTO public_cells (cell_row, cell_col, observations, readings, sum_dbm, no_free_network, first_at, newest_at)
SELECT cell_row, cell_col, count(*), count(signal_dbm), coalesce(sum(signal_dbm), 0), sum(no_free_network), min(observed_at), max(observed_at)
FROM (SELECT public_cell_row(lat) AS cell_row, public_cell_col(lon, lat) AS cell_col, signal_dbm, no_free_network, observed_at
      FROM observations WHERE source <> 'simulated')
GROUP BY cell_row, cell_col;

CREATE TRIGGER public_cells_insert AFTER INSERT ON observations WHEN NEW.source <> 'simulated'
BEGIN
  INSERT INTO public_cells (cell_row, cell_col, observations, readings, sum_dbm, no_free_network, first_at, newest_at)
  VALUES (public_cell_row(NEW.lat), public_cell_col(NEW.lon, NEW.lat), 1, NEW.signal_dbm IS NOT NULL,
    coalesce(NEW.signal_dbm, 0), NEW.no_free_network, NEW.observed_at, NEW.observed_at)
  ON CONFLICT (cell_row, cell_col) DO UPDATE SET
    observations = observations + 1,
    readings = readings + excluded.readings,
    sum_dbm = sum_dbm + excluded.sum_dbm,
    no_free_network = no_free_network + excluded.no_free_network,
    first_at = min(first_at, excluded.first_at),
    newest_at = max(newest_at, excluded.newest_at);
END;

-- A failed import takes its rows back: counts go down, and the times are read again from the cell's
-- remaining observations (through the position index, then the exact cell test).
CREATE TRIGGER public_cells_delete AFTER DELETE ON observations WHEN OLD.source <> 'simulated'
BEGIN
  UPDATE public_cells SET
    observations = observations - 1,
    readings = readings - (OLD.signal_dbm IS NOT NULL),
    sum_dbm = sum_dbm - coalesce(OLD.signal_dbm, 0),
    no_free_network = no_free_network - OLD.no_free_network
  WHERE cell_row = public_cell_row(OLD.lat) AND cell_col = public_cell_col(OLD.lon, OLD.lat);
  DELETE FROM public_cells WHERE cell_row = public_cell_row(OLD.lat) AND cell_col = public_cell_col(OLD.lon, OLD.lat) AND observations <= 0;
  UPDATE public_cells SET (first_at, newest_at) = (
    SELECT min(o.observed_at), max(o.observed_at) FROM observations o
    WHERE o.lon BETWEEN public_cell_bound(public_cells.cell_row, public_cells.cell_col, 0) AND public_cell_bound(public_cells.cell_row, public_cells.cell_col, 2)
      AND o.lat BETWEEN public_cell_bound(public_cells.cell_row, public_cells.cell_col, 1) AND public_cell_bound(public_cells.cell_row, public_cells.cell_col, 3)
      AND o.source <> 'simulated'
      AND public_cell_row(o.lat) = public_cells.cell_row AND public_cell_col(o.lon, o.lat) = public_cells.cell_col)
  WHERE cell_row = public_cell_row(OLD.lat) AND cell_col = public_cell_col(OLD.lon, OLD.lat)
    AND (first_at = OLD.observed_at OR newest_at = OLD.observed_at);
END;
