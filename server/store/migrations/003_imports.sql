-- File imports (WiGLE CSV): what was read, kept and dropped, and who uploaded it.
-- Only counts are recorded for dropped rows: no private network's name, address or position is ever stored.

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  format TEXT NOT NULL,                 -- e.g. 'WigleWifi-1.6'
  file_sha256 TEXT,                     -- of the uncompressed CSV: says "this file came before"; not unique, re-imports are recorded too
  file_name TEXT,                       -- as given on the command line; null for uploads
  via TEXT NOT NULL CHECK (via IN ('command', 'upload')),
  uploaded_by INTEGER REFERENCES users (id), -- null from the command line
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_kept INTEGER NOT NULL DEFAULT 0,          -- matched the registry of free networks
  rows_stored INTEGER NOT NULL DEFAULT 0,        -- of the kept rows, new observations
  rows_already_stored INTEGER NOT NULL DEFAULT 0, -- of the kept rows, sightings an earlier import stored
  dropped TEXT NOT NULL DEFAULT '{}',  -- JSON: rows dropped by reason, e.g. {"not_registered": 812}
  error TEXT                            -- why a failed import stopped (its rows are removed again)
);
CREATE INDEX imports_file ON imports (file_sha256);

-- Which import brought an observation (so a bad one can be taken back), and the sighting's natural key:
-- a hash of (BSSID, time, latitude, longitude). The unique index makes a re-import, or a later file
-- that overlaps an earlier one, add nothing twice.
ALTER TABLE observations ADD COLUMN import_id INTEGER REFERENCES imports (id);
ALTER TABLE observations ADD COLUMN natural_key TEXT;
CREATE UNIQUE INDEX observations_natural_key ON observations (natural_key) WHERE natural_key IS NOT NULL;
