// The bounds of a WiGLE import, each with its unit and its reason.

export const UPLOAD_MAX_BYTES = 50 * 1024 * 1024; // bytes as uploaded: a long day of wardriving is ~5 MB gzipped; bounds one request
export const CSV_MAX_BYTES = 500 * 1024 * 1024; // bytes after gunzip (~4M rows): a gzip bomb costs seconds, not the disk
export const IMPORT_BATCH_ROWS = 5_000; // kept rows per transaction: ~25 ms each, so other writers never wait long
export const RECORD_MAX_CHARS = 4_096; // characters per CSV record: a WiGLE row is ~200, its pre-header ~250; one endless line stops here
export const COLUMNS_MAX = 32; // fields per record: WiGLE 1.6 writes 14, 1.4 writes 11
export const SSID_MAX_CHARS = 32; // characters: 802.11 allows 32 bytes, and each byte decodes to at most one character
