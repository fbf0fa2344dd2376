// The yardstick for the "http.ingest" bench: the least a batch endpoint can do with Express 5 and
// better-sqlite3 at the product's durability (WAL, synchronous=FULL, one transaction per request), into a
// table with the product's observation columns and indexes. No validation beyond types, no device
// credentials, no matching, no coverage model. Run as its own process: PORT=0 DATABASE_PATH=… node --import tsx …
import express from 'express';
import Database from 'better-sqlite3';

const db = new Database(process.env.DATABASE_PATH ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL'); // as server/store/db.ts: acknowledged = on disk
db.exec(`CREATE TABLE IF NOT EXISTS observations (
  id INTEGER PRIMARY KEY, client_id TEXT UNIQUE, observed_at TEXT NOT NULL, received_at TEXT NOT NULL, lon REAL NOT NULL,
  lat REAL NOT NULL, accuracy_m REAL, source TEXT NOT NULL, signal_dbm REAL, no_free_network INTEGER NOT NULL DEFAULT 0,
  ssid TEXT, bssid TEXT, access_point_id INTEGER);
  CREATE INDEX IF NOT EXISTS observations_position ON observations (lon, lat);
  CREATE INDEX IF NOT EXISTS observations_time ON observations (observed_at);`);
const insert = db.prepare(`INSERT INTO observations (client_id, observed_at, received_at, lon, lat, accuracy_m, source, signal_dbm, no_free_network, ssid, bssid)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
type Item = { clientId?: string; observedAt: string; lon: number; lat: number; accuracyM?: number; source?: string; signalDbm?: number; noFreeNetwork?: boolean; ssid?: string; bssid?: string };
const store = db.transaction((items: Item[], now: string) => {
  for (const o of items) insert.run(o.clientId ?? null, o.observedAt, now, o.lon, o.lat, o.accuracyM ?? null, o.source ?? 'app', o.signalDbm ?? null, o.noFreeNetwork ? 1 : 0, o.ssid ?? null, o.bssid ?? null);
});

const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/api/v1/observations/batch', (req, res) => {
  const items = (req.body as { observations?: unknown })?.observations;
  if (!Array.isArray(items) || !items.every((o: Item) => typeof o?.lon === 'number' && typeof o?.lat === 'number' && typeof o?.observedAt === 'string'))
    return void res.status(400).json({ title: 'Invalid input' });
  store.immediate(items as Item[], new Date().toISOString());
  res.status(201).json({ received: items.length });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`yardstick listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => { db.close(); process.exit(0); }));
