-- Planners' decisions on what the readings suggest about hotspots: a registered AP flagged "probably down"
-- that still works, and hotspots discovered from readings (an unregistered BSSID of a City SSID), accepted
-- into the registry or rejected. Who and when are in the audit log as well.
CREATE TABLE hotspot_decisions (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL,                -- 'ap:<id>' or 'bssid:<lower-case MAC>'
  decision TEXT NOT NULL CHECK (decision IN ('works', 'accepted', 'rejected')),
  access_point_id INTEGER REFERENCES access_points (id), -- the AP concerned, or created by accepting
  decided_by INTEGER REFERENCES users (id),
  decided_at TEXT NOT NULL
);
CREATE INDEX hotspot_decisions_subject ON hotspot_decisions (subject, decided_at);
