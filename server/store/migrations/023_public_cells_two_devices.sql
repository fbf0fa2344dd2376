-- A public observation cell shows where, and on which days, phones measured. A cell measured by one
-- device alone is that person's track (a walk home at night, cell by cell), so the public layer shows a
-- cell only once a second device measured in it. A device is counted as the coverage model counts it:
-- by its cohort (credentials one client minted within a minute are one voice); rows with no credential
-- count together as one unknown device. public_cell_devices counts each cell's readings per device, so
-- a delete keeps it exact with index lookups only; public_cells_shown lists the cells two devices
-- measured, which a page joins (a count over 140k cells: 17 ms, against 67 ms asking public_cell_devices
-- per cell). Safe to run again.

CREATE TABLE IF NOT EXISTS public_cell_devices (
  cell_row INTEGER NOT NULL,
  cell_col INTEGER NOT NULL,
  device TEXT NOT NULL,                 -- coalesce(cohort_key, device_key, ''): '' for none
  observations INTEGER NOT NULL,        -- this device's real observations in the cell
  PRIMARY KEY (cell_row, cell_col, device)
) WITHOUT ROWID;

DELETE FROM public_cell_devices;
INSERT INTO public_cell_devices (cell_row, cell_col, device, observations)
SELECT cell_row, cell_col, device, count(*)
FROM (SELECT public_cell_row(lat) AS cell_row, public_cell_col(lon, lat) AS cell_col, coalesce(cohort_key, device_key, '') AS device
      FROM observations WHERE source <> 'simulated')
GROUP BY cell_row, cell_col, device;

CREATE TABLE IF NOT EXISTS public_cells_shown (
  cell_row INTEGER NOT NULL,
  cell_col INTEGER NOT NULL,
  PRIMARY KEY (cell_row, cell_col)
) WITHOUT ROWID;

DELETE FROM public_cells_shown;
INSERT INTO public_cells_shown (cell_row, cell_col)
SELECT cell_row, cell_col FROM public_cell_devices GROUP BY cell_row, cell_col HAVING count(*) > 1;

-- A failed import takes its rows back: the device's count goes down, at zero the device is gone from the
-- cell, and with fewer than two devices left the cell is no longer shown.
DROP TRIGGER IF EXISTS public_cell_devices_delete;
CREATE TRIGGER public_cell_devices_delete AFTER DELETE ON observations WHEN OLD.source <> 'simulated'
BEGIN
  UPDATE public_cell_devices SET observations = observations - 1
  WHERE cell_row = public_cell_row(OLD.lat) AND cell_col = public_cell_col(OLD.lon, OLD.lat) AND device = coalesce(OLD.cohort_key, OLD.device_key, '');
  DELETE FROM public_cell_devices
  WHERE cell_row = public_cell_row(OLD.lat) AND cell_col = public_cell_col(OLD.lon, OLD.lat) AND device = coalesce(OLD.cohort_key, OLD.device_key, '') AND observations <= 0;
  DELETE FROM public_cells_shown
  WHERE cell_row = public_cell_row(OLD.lat) AND cell_col = public_cell_col(OLD.lon, OLD.lat)
    AND (SELECT count(*) FROM public_cell_devices d WHERE d.cell_row = public_cells_shown.cell_row AND d.cell_col = public_cells_shown.cell_col) < 2;
END;
