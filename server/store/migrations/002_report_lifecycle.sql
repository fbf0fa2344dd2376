-- Residents' report lifecycle: "me too" confirmations, the City's public notes, merged duplicates,
-- and a per-device key (a keyed hash of a random id the device makes; never an IP address or name).

ALTER TABLE reports ADD COLUMN device_key TEXT;
ALTER TABLE reports ADD COLUMN public_note TEXT;          -- the City's note, shown to everyone
ALTER TABLE reports ADD COLUMN merged_into INTEGER REFERENCES reports (id);
ALTER TABLE observations ADD COLUMN device_key TEXT;

CREATE TABLE report_confirmations (
  id INTEGER PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES reports (id),
  client_id TEXT UNIQUE,                                  -- a retried "me too" is not counted twice
  device_key TEXT,
  at TEXT NOT NULL
);
CREATE UNIQUE INDEX report_confirmations_device ON report_confirmations (report_id, device_key) WHERE device_key IS NOT NULL;

-- Server-wide settings, such as the secret that keys device hashes (made once, at first start).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
