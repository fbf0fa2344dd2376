-- public_cells is now kept current for inserts by the code that inserts (store/public-cells.ts: one upsert per
-- cell a batch touches, in the same transaction), not by a per-row trigger calling back into JavaScript three
-- times a row. Every INSERT INTO observations in the server goes through rowInserter or sightingInserter, which
-- both count their new rows; the delete trigger stays (an import's rollback is rare and row by row anyway).
DROP TRIGGER IF EXISTS public_cells_insert;
