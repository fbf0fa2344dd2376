-- An access point's environment is an explicit field (server/domain/types.ts AP_ENVIRONMENTS) instead of a
-- guess from the free-text venue; `indoor` becomes derived (environment = 'indoor') and its column goes.
ALTER TABLE access_points ADD COLUMN environment TEXT NOT NULL DEFAULT 'indoor'
  CHECK (environment IN ('indoor', 'outdoor_urban', 'outdoor_open'));

-- Existing rows keep the reach they had: indoor from their flag, and for outdoor ones the venue rule the
-- model used to apply (park, plaza, square, field or trail in the venue: open). This is the only place
-- that rule survives, and it runs once; from now on the venue never changes the reach.
UPDATE access_points SET environment = CASE
  WHEN indoor = 1 THEN 'indoor'
  WHEN venue LIKE '%park%' OR venue LIKE '%plaza%' OR venue LIKE '%square%' OR venue LIKE '%field%' OR venue LIKE '%trail%'
    THEN 'outdoor_open'
  ELSE 'outdoor_urban'
END;

ALTER TABLE access_points DROP COLUMN indoor;
