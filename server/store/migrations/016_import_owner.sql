-- Which process runs an import, so a later start can tell an import left 'running' by a process that
-- died (kill -9, power cut) from one still under way in another process, and take its rows back.
-- Null for imports recorded before this column: any of them still 'running' is abandoned.
ALTER TABLE imports ADD COLUMN pid INTEGER;

-- Taking an import back finds its rows by import id, in batches, without scanning every observation.
CREATE INDEX observations_import ON observations (import_id) WHERE import_id IS NOT NULL;
