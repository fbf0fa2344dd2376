-- Device credentials issued by the server (POST /api/v1/devices): a device is stored only as a keyed
-- hash of its random id, with the keyed hash of its cohort (credentials one client minted in one
-- minute share a cohort and are not independent devices). No token, address or time finer than issue.

CREATE TABLE devices (
  device_key TEXT PRIMARY KEY,     -- HMAC of the device id inside the token, as observations and reports store it
  cohort_key TEXT NOT NULL,        -- HMAC of the cohort id: independence is counted by these
  issued_at TEXT NOT NULL,
  revoked_at TEXT                  -- a revoked credential is refused like a forged one
);

-- The cohort next to the device on every anonymous write; NULL for rows written before credentials
-- existed and for writes that carry only the legacy body field deviceId.
ALTER TABLE observations ADD COLUMN cohort_key TEXT;
ALTER TABLE reports ADD COLUMN cohort_key TEXT;
ALTER TABLE report_confirmations ADD COLUMN cohort_key TEXT;
-- A "me too" that is kept (retries still find it) but does not count: same cohort as the reporter or an
-- earlier confirmer, within 10 minutes of the cohort's last counted one, or no valid credential.
-- Existing rows were counted, and stay counted.
ALTER TABLE report_confirmations ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
CREATE INDEX report_confirmations_cohort ON report_confirmations (cohort_key, at) WHERE counted = 1;
