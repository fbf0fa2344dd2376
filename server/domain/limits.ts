// Every bound the API enforces, with its unit and the reason for it.

export const SIGNAL_DBM_MIN = -100; // dBm: Wi-Fi radios report nothing weaker than about −100 dBm
export const SIGNAL_DBM_MAX = -10; // dBm: stronger readings only happen touching the antenna: a bad sample
export const ACCURACY_M_MAX = 5_000; // m: a fix worse than 5 km says nothing about a 25 m cell
export const NOTE_MAX_CHARS = 500; // characters: a short note, not an essay; keeps moderation practical
export const SSID_MAX_BYTES = 32; // bytes: IEEE 802.11 limits an SSID to 32 octets
export const NAME_MAX_CHARS = 200; // characters: access point and venue names
export const FUTURE_SKEW_MS = 5 * 60_000; // ms: phones' clocks run a little fast; beyond 5 min a time is wrong
export const OLDEST_TIME = Date.UTC(2010, 0, 1); // ms: older timestamps come from phones without a clock fix
export const SERVICE_AREA_MARGIN_M = 1_000; // m: residents just outside the city limit still see and report city Wi-Fi
export const BATCH_MAX = 1_000; // observations per batch request: keeps one request's transaction short
export const INGEST_QUEUE_MAX = 50_000; // readings accepted but not yet in the coverage model (being stored or queued): 50 batches of 1,000, about a second of the model's work
export const EIRP_DBM_MIN = 0; // dBm: below this a hotspot reaches nobody
export const EIRP_DBM_MAX = 36; // dBm: Industry Canada RSS-247 caps 2.4 GHz point-to-multipoint EIRP at 36 dBm (4 W)
export const RANGE_OVERRIDE_M_MIN = 1; // m, exclusive: a reach this short is a typo (the model refuses it, so the registry must too)
export const RANGE_OVERRIDE_M_MAX = 2_000; // m: no public hotspot is usable 2 km away
export const LATENCY_MS_MAX = 60_000; // ms: a connection test gives up after a minute
export const THROUGHPUT_MBPS_MAX = 10_000; // Mbit/s: 10 Gbit/s is beyond any public Wi-Fi
export const PUBLIC_CELL_M = 25; // m: public report positions are rounded to a cell this size
export const PASSWORD_MIN_CHARS = 12; // characters: NIST SP 800-63B asks for at least 8; staff get 12
export const IDS_PER_QUERY_MAX = 100; // ids per list query (`?ids=`, Open311 `service_request_id`): a page of reports a client follows up on
export const FIELD_ERRORS_MAX = 100; // errors listed per request (then a count): enough to fix any honest form; 45,000 unknown keys once made a 2 MB answer in 0.2-0.4 s
export const SIGN_IN_BODY_MAX_BYTES = 16 * 1024; // bytes: a username and a password (each character up to 6 bytes as a JSON escape) fit many times over
export const TOKEN_DAYS_MAX = 730; // days: an API token lives at most two years, then a person makes a new one
export const TOKEN_TOUCH_MS = 60_000; // ms: a token's last-used time is written at most once a minute, not on every request (each write is an fsync)
