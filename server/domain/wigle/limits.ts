// The bounds of a WiGLE import, each with its unit and its reason.

export const UPLOAD_MAX_BYTES = 50 * 1024 * 1024; // bytes as uploaded: a long day of wardriving is ~5 MB gzipped; bounds one request
export const CSV_MAX_BYTES = 500 * 1024 * 1024; // bytes after gunzip (~4M rows): a gzip bomb costs seconds, not the disk
export const IMPORT_BATCH_ROWS = 5_000; // kept rows per transaction: ~25 ms each, so other writers never wait long
