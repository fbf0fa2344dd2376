// The "wigle" benchmark section: import 100,000 generated WiGLE rows (seeded) into a temporary
// database, as `npm run import:wigle` and the upload do: parse, match against the registry, store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openStore } from '../../server/store';
import { readSeed, seedDatabase } from '../../server/services/seed';
import { importWigle } from '../../server/services/wigle-import';
import { gunzipIfNeeded } from '../../server/services/byte-streams';
import { createServiceArea } from '../../server/domain/service-area';
import { mulberry32 } from '../../server/domain/coverage/random';

const SEED = 20261127; // as the rest of the benchmark
const ROWS = 100_000;
const RUNS = 5; // each on a fresh database, so every run stores the same rows
const CHUNK_BYTES = 64 * 1024; // as a socket or a file stream hands them over
const NOW = new Date(Date.UTC(2026, 10, 27));

export interface BenchRow { benchmark: string; size: string; median: string; runs: string; notes: string }

const hex = (n: number) => n.toString(16).padStart(2, '0');
const mac = (r: () => number) => Array.from({ length: 6 }, () => hex(Math.floor(r() * 256))).join(':');

/**
 * A day of wardriving past the City's sites: 25 % sightings of registered networks (by BSSID or by
 * SSID near the site), 60 % private networks, 8 % Bluetooth and cells, 7 % rows that fail a rule.
 */
function generate(sites: { position: readonly [number, number]; ssid: string | null; bssid: string }[]): string {
  const r = mulberry32(SEED); // seeded: every run reads the same file
  const start = Date.UTC(2026, 5, 1, 8);
  const lines = [
    'WigleWifi-1.6,appRelease=2.84,model=Pixel 7,release=14,device=panther,display=bench,board=panther,brand=google,star=Sol,body=3,subBody=0',
    'MAC,SSID,AuthMode,FirstSeen,Channel,Frequency,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,RCOIs,MfgrId,Type',
  ];
  for (let i = 0; i < ROWS; i++) {
    const site = sites[Math.floor(r() * sites.length)];
    const d = 250 * r(), angle = 2 * Math.PI * r();
    const lat = (site.position[1] + (d * Math.sin(angle)) / 111_320).toFixed(7);
    const lon = (site.position[0] + (d * Math.cos(angle)) / (111_320 * Math.cos((site.position[1] * Math.PI) / 180))).toFixed(7);
    const time = new Date(start + i * 400).toISOString().slice(0, 19).replace('T', ' ');
    const rssi = -45 - Math.floor(50 * r());
    const accuracy = (3 + 30 * r()).toFixed(1);
    const u = r();
    let row: string;
    if (u < 0.15) row = `${site.bssid},${site.ssid ?? 'Library'},[ESS],${time},6,2437,${rssi},${lat},${lon},330,${accuracy},,,WIFI`;
    else if (u < 0.25) row = `${mac(r)},KitchenerWiFi,[ESS],${time},1,2412,${rssi},${lat},${lon},330,${accuracy},,,WIFI`;
    else if (u < 0.85) row = `${mac(r)},"Home ${Math.floor(r() * 5000)}, 2.4G",[WPA2-PSK-CCMP][ESS],${time},11,2462,${rssi},${lat},${lon},330,${accuracy},,,WIFI`;
    else if (u < 0.93) row = `${mac(r)},,Misc [LE],${time},0,,${rssi},${lat},${lon},330,${accuracy},,,BLE`;
    else if (u < 0.96) row = `${site.bssid},Library,[ESS],1970-01-01 00:00:00,6,2437,${rssi},${lat},${lon},330,${accuracy},,,WIFI`;
    else row = `${site.bssid},Library,[ESS],${time},6,2437,${rssi},${lat},${lon},330,${(60 + 100 * r()).toFixed(1)},,,WIFI`;
    lines.push(row);
  }
  return `${lines.join('\n')}\n`;
}

async function* chunks(bytes: Buffer) {
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) yield bytes.subarray(i, i + CHUNK_BYTES);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (v: number) => `${Math.round(v)} ms`;
const rate = (n: number, msTaken: number) => `${Math.round((n / msTaken) * 1000).toLocaleString('en-US')} rows/s`;

export async function wigleImportBench(): Promise<BenchRow[]> {
  const dataDir = new URL('../../data', import.meta.url).pathname;
  const seed = readSeed(dataDir);
  let csv: Buffer | null = null;
  const timings = { plain: [] as number[], gzip: [] as number[], again: [] as number[] };
  let summary: Awaited<ReturnType<typeof importWigle>> | null = null;

  for (let run = 0; run < RUNS + 1; run++) { // the first run warms up and is not counted
    const dir = mkdtempSync(join(tmpdir(), 'wifi-reach-bench-'));
    try {
      const store = openStore(join(dir, 'bench.db'));
      seedDatabase(store, seed, NOW);
      const at = NOW.toISOString();
      const aps = store.accessPoints.list();
      aps.forEach((ap, i) => store.accessPoints.update(ap.id, { bssids: [`02:00:00:00:00:${hex(i)}`] }, at));
      const city = store.reference.areas().find((a) => a.kind === 'city')!;
      const options = { serviceArea: createServiceArea(city.geometry), now: NOW, via: 'command' as const, uploadedBy: null };
      csv ??= Buffer.from(generate(aps.map((ap, i) => ({ position: ap.position, ssid: ap.ssid, bssid: `02:00:00:00:00:${hex(i)}` }))));

      let t0 = performance.now();
      summary = await importWigle(store, chunks(csv), options);
      const plain = performance.now() - t0;
      t0 = performance.now();
      await importWigle(store, chunks(csv), options); // everything already stored: parse, match, look up keys
      const again = performance.now() - t0;
      store.close();

      const fresh = openStore(join(dir, 'bench-gz.db'));
      seedDatabase(fresh, seed, NOW);
      fresh.accessPoints.list().forEach((ap, i) => fresh.accessPoints.update(ap.id, { bssids: [`02:00:00:00:00:${hex(i)}`] }, at));
      const gz = gzipSync(csv);
      t0 = performance.now();
      await importWigle(fresh, gunzipIfNeeded(chunks(gz)), options);
      const gzip = performance.now() - t0;
      fresh.close();
      if (run > 0) {
        timings.plain.push(plain);
        timings.again.push(again);
        timings.gzip.push(gzip);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const s = summary!;
  const size = `${ROWS.toLocaleString('en-US')} rows, ${(csv!.length / 2 ** 20).toFixed(1)} MiB`;
  const kept = `${s.rows.kept.toLocaleString('en-US')} kept, ${s.rows.dropped.toLocaleString('en-US')} dropped`;
  return [
    { benchmark: 'WiGLE import: parse, match, store (new database)', size, median: ms(median(timings.plain)), runs: String(RUNS), notes: `${rate(ROWS, median(timings.plain))}; ${kept}; target: a few seconds` },
    { benchmark: 'WiGLE import of the same file gzipped', size: `${(gzipSync(csv!).length / 2 ** 20).toFixed(1)} MiB gzipped`, median: ms(median(timings.gzip)), runs: String(RUNS), notes: rate(ROWS, median(timings.gzip)) },
    { benchmark: 'WiGLE re-import (every kept row already stored)', size, median: ms(median(timings.again)), runs: String(RUNS), notes: `${rate(ROWS, median(timings.again))}; nothing added` },
  ];
}
