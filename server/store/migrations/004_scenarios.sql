-- Planners' saved what-if scenarios: a list of access points added, moved, removed or switched on.
CREATE TABLE scenarios (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  body TEXT NOT NULL,                   -- JSON, as validated by the what-if schema
  created_by INTEGER REFERENCES users (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
