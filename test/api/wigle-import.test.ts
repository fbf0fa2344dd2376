// WiGLE CSV import, by command and by upload: only the City's free networks are kept, everything
// private is dropped without a trace, a re-import adds nothing, and an import lands whole or not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { request as httpRequest } from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { addStaff, count, modelCaughtUp, publicCellsDrift, REPO, removeDir, signIn, startServer, type Running } from './harness';
import { UPLOAD_MAX_BYTES } from '../../server/domain/wigle/limits';

const run = promisify(execFile);
const FIXTURES = join(REPO, 'test/fixtures/wigle');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const REGISTERED_BSSID = '00:11:22:33:44:55';
const QUIETER_BSSID = '00:11:22:33:44:66';

// Names and addresses of private networks in the fixtures: none may ever reach the database.
const PRIVATE = [
  'Smith Family', 'Corner Cafe', 'BadMacNetwork', 'NoClockNetwork', 'Joe\'s', 'Guest', 'Upstairs', 'Hallway Printer',
  'Basement Lab', 'Pat, Sam', 'PRIVATE-', 'Zebra', 'Okapi', 'Quokka', 'Tapir', 'Headphones', 'KitchenerWiFi_nomap', 'T-Mobile',
  '66:77:88:99', '7a:7a:7a', '7A:7A:7A', '66-77-88', '11:22:33:44:55:66', '11:22:33:44:55:77',
];

/** Every byte of the database: the main file, its write-ahead log and the shared-memory index. */
const databaseBytes = (dir: string) =>
  Buffer.concat(readdirSync(dir).filter((f) => f.startsWith('test.db')).map((f) => readFileSync(join(dir, f))));

const wigleRows = (store: Running['store']) =>
  store.db.prepare("SELECT observed_at, lon, lat, accuracy_m, signal_dbm, ssid, bssid, access_point_id, import_id FROM observations WHERE source = 'wigle' ORDER BY id").all() as {
    observed_at: string; lon: number; lat: number; accuracy_m: number; signal_dbm: number; ssid: string | null; bssid: string; access_point_id: number; import_id: number;
  }[];

describe('WiGLE CSV import', () => {
  let s: Running;
  let libraryId: number;
  let downtownCentreId: number;
  let planner: { cookie: string; csrfToken: string };
  let volunteerToken: string;

  const importCommand = (...files: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'scripts/import-wigle.ts', ...files.map((f) => join(FIXTURES, f))], {
      cwd: REPO, env: { ...process.env, DATABASE_PATH: join(s.dir, 'test.db'), DATA_DIR: join(REPO, 'data') },
    });
  const upload = (body: Buffer, type: string, auth: (r: request.Test) => request.Test = (r) => r.set('Authorization', `Bearer ${volunteerToken}`)) =>
    auth(request(s.url).post('/api/v1/imports/wigle')).set('Content-Type', type).send(body);

  beforeAll(async () => {
    s = await startServer();
    const aps = s.store.accessPoints.list();
    libraryId = aps.find((a) => a.name === 'Kitchener Public Library - Central Library')!.id;
    downtownCentreId = aps.find((a) => a.name === 'Downtown Community Centre')!.id;
    s.store.accessPoints.update(libraryId, { bssids: [REGISTERED_BSSID] }, new Date().toISOString());
    await addStaff(s, 'pat', 'planner');
    await addStaff(s, 'val', 'volunteer');
    planner = await signIn(s.url, 'pat');
    const volunteer = await signIn(s.url, 'val');
    const token = await request(s.url).post('/api/v1/tokens').set('Cookie', volunteer.cookie).set('x-csrf-token', volunteer.csrfToken).send({ name: 'phone' });
    volunteerToken = token.body.token;
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when `npm run import:wigle` reads a file with a row for every rule, then it keeps 3 and drops the rest, by reason', async () => {
    const logged = s.coverage.samplesInModel();
    const { stdout } = await importCommand('every-rule.csv');
    expect(stdout).toMatch(/every-rule\.csv: WigleWifi-1\.6, 19 rows read, 3 kept \(3 new, 0 already stored\), 16 dropped/);
    const dropped = Object.fromEntries([...stdout.matchAll(/dropped (\w+)\s+(\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(dropped).toEqual({ not_wifi: 2, opted_out: 2, malformed: 3, not_registered: 3, bad_time: 2, poor_accuracy: 1, outside_area: 1, bad_signal: 2 });

    const rows = wigleRows(s.store);
    expect(rows).toHaveLength(3);
    // The observer's position and time, the RSSI as dBm, the matched access point.
    expect(rows[0]).toMatchObject({ observed_at: '2025-06-01T14:00:00.000Z', lat: 43.4529, lon: -80.486, signal_dbm: -61, accuracy_m: 8, bssid: REGISTERED_BSSID, access_point_id: libraryId });
    expect(rows[1]).toMatchObject({ ssid: 'KitchenerWiFi', bssid: 'aa:bb:cc:00:00:01', access_point_id: downtownCentreId, signal_dbm: -67 });
    expect(rows[2]).toMatchObject({ bssid: 'aa:bb:cc:00:00:02', accuracy_m: 12.5 });
    const record = s.store.imports.get(rows[0].import_id)!;
    expect(record).toMatchObject({ status: 'done', format: 'WigleWifi-1.6', via: 'command', fileName: 'every-rule.csv', read: 19, kept: 3, stored: 3, uploadedBy: null });
    expect(record.fileSha256).toMatch(/^[0-9a-f]{64}$/);

    // The running server's model hears of rows another process wrote when its timer catches up, once.
    expect(stdout).toMatch(/a running server adds these observations to the live coverage map within 15 s/);
    expect(s.coverage.samplesInModel()).toBe(logged);
    expect(s.coverage.catchUp()).toBe(3);
    expect(s.coverage.samplesInModel()).toBe(logged + 3);
    expect(s.coverage.catchUp()).toBe(0);
  });

  it('when the same file is imported again, then nothing is added twice and the earlier import is named', async () => {
    const before = count(s.store, 'observations');
    const { stdout } = await importCommand('every-rule.csv');
    expect(stdout).toMatch(/3 kept \(0 new, 3 already stored\)/);
    expect(stdout).toMatch(/imported before \(import \d+/);
    expect(count(s.store, 'observations')).toBe(before);
  });

  it('when a volunteer uploads a 1.6 pre-header over 1.4 columns, with a BOM and CRLF, then RSSI and position are read by name', async () => {
    const body = fixture('preheader-1.6-columns-1.4.csv');
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(body.includes('\r\n')).toBe(true);
    const res = await upload(body, 'text/csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'WigleWifi-1.6', rows: { read: 3, kept: 2, stored: 2, alreadyStored: 0, dropped: 1 }, earlierImport: null });
    expect(res.body.dropped.not_registered).toBe(1);
    const rows = wigleRows(s.store).filter((r) => r.observed_at.startsWith('2025-06-02'));
    expect(rows.map((r) => [r.signal_dbm, r.lat, r.lon, r.accuracy_m])).toEqual([[-63, 43.4529, -80.486, 7], [-70, 43.4523, -80.489, 9]]);
    expect(s.store.imports.get(res.body.importId)).toMatchObject({ via: 'upload', uploadedBy: s.store.staff.userByName('val')!.id });
    // Uploaded rows reached the model through the server itself: catching up does not add them again.
    const logged = s.coverage.samplesInModel();
    expect(s.coverage.catchUp()).toBe(0);
    expect(s.coverage.samplesInModel()).toBe(logged);
  });

  describe('quirks of real files (issue 12, item 8)', () => {
    it('when the pre-header was written as one quoted CSV field (Python\'s csv.writer), then the file is read as WiGLE 1.6', async () => {
      const body = fixture('preheader-one-quoted-field.csv');
      expect(body.toString('utf8').startsWith('"WigleWifi-1.6,appRelease=2.84,')).toBe(true);
      const res = await upload(body, 'text/csv');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ format: 'WigleWifi-1.6', timeZone: 'UTC', rows: { read: 3, kept: 2, stored: 2, dropped: 1 } });
      expect(res.body.dropped.not_registered).toBe(1);
      const rows = wigleRows(s.store).filter((r) => r.import_id === res.body.importId);
      expect(rows.map((r) => [r.observed_at, r.bssid, r.signal_dbm])).toEqual([
        ['2025-06-03T14:00:00.000Z', REGISTERED_BSSID, -62], ['2025-06-03T14:01:00.000Z', 'aa:bb:cc:00:00:04', -69],
      ]);
    });

    it('when the file stops inside its last row, then that row is malformed (not "not_wifi") and the rest is read', async () => {
      const body = fixture('truncated-last-row.csv');
      expect(body.toString('utf8').endsWith(',WI')).toBe(true);
      const res = await upload(body, 'text/csv');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ rows: { read: 5, kept: 2, dropped: 3 } });
      expect(res.body.dropped).toMatchObject({ malformed: 1, not_wifi: 1, not_registered: 1 });
      expect(wigleRows(s.store).filter((r) => r.import_id === res.body.importId).map((r) => r.observed_at))
        .toEqual(['2025-06-04T10:00:00.000Z', '2025-06-04T10:01:00.000Z']); // not the cut 10:03 row
    });

    it('when WiGLE app 2.70 wrote phone-local times, then they are read as Kitchener time on both sides of each DST change', async () => {
      const res = await upload(fixture('local-time-app-2.70.csv'), 'text/csv');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ format: 'WigleWifi-1.4', timeZone: 'America/Toronto', rows: { read: 7, kept: 6, dropped: 1 } });
      expect(res.body.dropped.bad_time).toBe(1); // 02:30 on 9 March 2025: Kitchener's clocks went from 01:59:59 to 03:00
      const rows = wigleRows(s.store).filter((r) => r.import_id === res.body.importId);
      expect(rows.map((r) => [r.observed_at, r.signal_dbm])).toEqual([
        ['2025-03-09T06:59:59.000Z', -60], // 01:59:59 EST (UTC−5)
        ['2025-03-09T07:00:00.000Z', -62], // 03:00:00 EDT (UTC−4), one second later
        ['2025-06-05T18:00:00.000Z', -63], // 14:00 EDT
        ['2025-11-02T04:59:59.000Z', -64], // 00:59:59 EDT
        ['2025-11-02T05:30:00.000Z', -65], // 01:30 happened twice; the first (EDT) is taken
        ['2025-11-02T07:00:00.000Z', -66], // 02:00 EST, after the repeated hour
      ]);
    });
  });

  it('when a planner uploads a gzipped 1.4 file with its columns in another order, then it is read the same', async () => {
    const res = await upload(fixture('columns-reordered-1.4.csv.gz'), 'application/gzip', (r) => r.set('Cookie', planner.cookie).set('x-csrf-token', planner.csrfToken));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'WigleWifi-1.4', rows: { read: 5, kept: 2, stored: 2 } });
    expect(res.body.dropped).toMatchObject({ not_registered: 2, not_wifi: 1 });
  });

  it('when the same content comes again uncompressed, then nothing is added and it is recognised as the same file', async () => {
    const before = count(s.store, 'observations');
    const res = await upload(gunzipSync(fixture('columns-reordered-1.4.csv.gz')), 'text/csv');
    expect(res.body).toMatchObject({ rows: { kept: 2, stored: 0, alreadyStored: 2 }, earlierImport: { id: expect.any(Number) } });
    expect(count(s.store, 'observations')).toBe(before);
  });

  it('when nothing in a file matches the registry, then nothing is stored, and no private network leaves a trace in the database', async () => {
    const before = count(s.store, 'observations');
    const res = await upload(fixture('nothing-registered.csv'), 'text/csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ rows: { read: 5, kept: 0, stored: 0, dropped: 5 } });
    expect(res.body.dropped).toMatchObject({ not_registered: 3, opted_out: 1, not_wifi: 1 });
    expect(count(s.store, 'observations')).toBe(before);

    s.store.db.pragma('wal_checkpoint(TRUNCATE)'); // the main file too, not only the log
    const bytes = databaseBytes(s.dir);
    const found = PRIVATE.filter((name) => bytes.includes(Buffer.from(name, 'utf8')));
    expect(found).toEqual([]);
    expect(bytes.includes(Buffer.from('aa:bb:cc:00:00:01'))).toBe(true); // control: a kept sighting's BSSID is found by the same search
    // The summary and the import record hold counts, never rows.
    expect(JSON.stringify(res.body)).not.toMatch(/PRIVATE|7a:7a/i);
  });

  it('when an upload stores observations, then the live coverage model takes them in (within a second, off the request path)', async () => {
    const spot = { lon: -80.4893, lat: 43.4521 };
    const evidence = async () => (await request(s.url).get('/api/v1/coverage/explain').query(spot)).body.evidence.samples as number;
    const before = await evidence();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 19).replace('T', ' ');
    const csv = `WigleWifi-1.6,appRelease=2.70\nMAC,SSID,AuthMode,FirstSeen,Channel,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,Type\n` +
      `aa:bb:cc:00:00:20,KitchenerWiFi,[ESS],${yesterday},6,-66,${spot.lat},${spot.lon},330,5,WIFI\n`;
    const res = await upload(Buffer.from(csv), 'text/csv');
    expect(res.body.rows).toMatchObject({ kept: 1, stored: 1 });
    await modelCaughtUp(s.url);
    expect(await evidence()).toBe(before + 1);
  });

  it('when a survey scan lists two free networks at one spot, then the place\'s level is the louder one\'s, as if only it had been read', async () => {
    // Two spots far from every hotspot, alike before the upload; WiGLE writes one row per network of a scan.
    const both = { lon: -80.47, lat: 43.405 }, loudOnly = { lon: -80.48, lat: 43.40 };
    const fused = async (p: { lon: number; lat: number }) => (await request(s.url).get('/api/v1/coverage/explain').query(p)).body.fusedDbm as number;
    expect(await fused(both)).toBe(await fused(loudOnly));
    const when = (k: number) => new Date(Date.now() - 86_400_000 + k * 60_000).toISOString().slice(0, 19).replace('T', ' ');
    const row = (bssid: string, rssi: number, p: { lon: number; lat: number }, k: number) =>
      `${bssid},KitchenerWiFi,[ESS],${when(k)},6,${rssi},${(p.lat + k * 0.00005).toFixed(5)},${p.lon},330,5,WIFI\n`;
    const head = 'WigleWifi-1.6,appRelease=2.84\nMAC,SSID,AuthMode,FirstSeen,Channel,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,Type\n';
    // Registered BSSIDs (the library's and the community centre's), so the rows are kept this far from them.
    s.store.accessPoints.update(downtownCentreId, { bssids: [QUIETER_BSSID] }, new Date().toISOString());
    s.coverage.registryChanged();
    // Three scans a spot: too few to refit either hotspot, which would move both spots' predictions.
    const scans = [0, 1, 2].map((k) => row(REGISTERED_BSSID, -77, both, k) + row(QUIETER_BSSID, -93, both, k)).join('');
    const loud = [0, 1, 2].map((k) => row(REGISTERED_BSSID, -77, loudOnly, k)).join('');
    const res = await upload(Buffer.from(head + scans + loud), 'text/csv');
    expect(res.body.rows).toMatchObject({ kept: 9, stored: 9 });
    await modelCaughtUp(s.url);
    expect(await fused(both)).toBeGreaterThan(-90); // the readings moved it…
    expect(await fused(both)).toBe(await fused(loudOnly)); // …and the quieter network of each scan did not pull it down
    // A server started on the same database reads the rows back as scans too.
    const again = await startServer({}, s.dir);
    try {
      const fusedAgain = async (p: { lon: number; lat: number }) => (await request(again.url).get('/api/v1/coverage/explain').query(p)).body.fusedDbm as number;
      expect(await fusedAgain(both)).toBe(await fused(both));
      expect(await fusedAgain(loudOnly)).toBe(await fused(loudOnly));
    } finally {
      await again.stop();
    }
  });

  it('when a file is not WiGLE CSV, then 400 names the problem and nothing is stored', async () => {
    const before = count(s.store, 'observations');
    const res = await upload(fixture('not-wigle.csv'), 'text/csv');
    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.errors).toEqual([{ path: 'body', message: expect.stringMatching(/not WiGLE CSV: line 1 is neither/) }]);
    expect(count(s.store, 'observations')).toBe(before);
  });

  it('when an upload breaks off after thousands of kept rows were stored, then they are taken back: all or nothing', async () => {
    const header = 'WigleWifi-1.6,appRelease=2.70\nMAC,SSID,AuthMode,FirstSeen,Channel,Frequency,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,RCOIs,MfgrId,Type\n';
    const start = Date.UTC(2025, 6, 1);
    const lines = Array.from({ length: 12_000 }, (_, i) =>
      `${REGISTERED_BSSID},KPL-Public,[ESS],${new Date(start + i * 1000).toISOString().slice(0, 19).replace('T', ' ')},6,2437,-${50 + (i % 40)},43.4529,-80.4860,330,5,,,WIFI`);
    const gz = gzipSync(header + lines.join('\n'));
    const before = count(s.store, 'observations');
    const res = await upload(gz.subarray(0, Math.floor(gz.length * 0.8)), 'application/gzip');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/gzip data is corrupt or cut short/);
    expect(count(s.store, 'observations')).toBe(before);
    const failed = s.store.db.prepare("SELECT rows_kept, error FROM imports WHERE status = 'failed' ORDER BY id DESC LIMIT 1").get() as { rows_kept: number; error: string };
    expect(failed.rows_kept).toBeGreaterThan(5_000); // at least one batch had been committed before the break
  });

  it('when the caller is anonymous, a planner without the CSRF token, or sends JSON, then 401 (naming the volunteer token), 403, 415', async () => {
    const body = fixture('preheader-1.6-columns-1.4.csv');
    const anonymous = await request(s.url).post('/api/v1/imports/wigle').set('Content-Type', 'text/csv').send(body);
    expect(anonymous.status).toBe(401);
    // Volunteers upload with an API token: the answer says so, not "sign in as City staff" (issue 12).
    expect(anonymous.body.detail).toBe('This needs a volunteer or City staff API token (Authorization: Bearer <token>), or a signed-in staff session.');
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    expect((await upload(body, 'text/csv', (r) => r.set('Cookie', planner.cookie))).status).toBe(403);
    const json = await upload(Buffer.from('{"rows":[]}'), 'application/json');
    expect(json.status).toBe(415);
    expect(json.type).toBe('application/problem+json');
  });

  it('when an upload declares more than the limit, then 413 before a byte is read', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${s.url}/api/v1/imports/wigle`);
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: {
        'Content-Type': 'text/csv', 'Content-Length': String(UPLOAD_MAX_BYTES + 1), Authorization: `Bearer ${volunteerToken}`,
      } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on('error', reject);
      req.write('WigleWifi-1.6\n');
    });
    expect(status).toBe(413);
  });

  describe('hostile files (issue 11, item 7): 4xx naming the line, nothing stored', () => {
    const HEAD = 'WigleWifi-1.6,appRelease=2.70\nMAC,SSID,AuthMode,FirstSeen,Channel,Frequency,RSSI,CurrentLatitude,CurrentLongitude,AltitudeMeters,AccuracyMeters,RCOIs,MfgrId,Type\n';
    const row = (ssid: string) => `${REGISTERED_BSSID},${ssid},[ESS],2025-07-01 12:00:00,6,2437,-60,43.4529,-80.4860,330,5,,,WIFI\n`;
    const rejected = async (body: Buffer, type: string, status: number, message: string) => {
      const before = count(s.store, 'observations');
      const res = await upload(body, type);
      expect(res.status).toBe(status);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.detail).toContain(message);
      expect(count(s.store, 'observations')).toBe(before);
      const last = s.store.db.prepare('SELECT status, error FROM imports ORDER BY id DESC LIMIT 1').get();
      expect(last).toEqual({ status: 'failed', error: expect.stringContaining(message) });
    };

    it('when a header is followed by 50 MB of commas without a line break (gzipped), then 400 names its line', async () => {
      const gz = gzipSync(Buffer.concat([Buffer.from(HEAD + row('KPL-Public')), Buffer.alloc(50 * 1024 * 1024, ',')]));
      await rejected(gz, 'application/gzip', 400, 'line 4 has more than 32 fields');
    });

    it('when a gzip bomb inflates to 1 GB of zero bytes, then 413 before most of it is read', async () => {
      const member = gzipSync(Buffer.alloc(10 * 1024 * 1024));
      await rejected(Buffer.concat(Array.from({ length: 100 }, () => member)), 'application/gzip', 413, 'line 1 is longer than 4096 characters');
    });

    it('when an SSID is 20 MiB long, then 413 names its line; a 33-character SSID gets 400', async () => {
      await rejected(Buffer.from(HEAD + row('s'.repeat(20 * 1024 * 1024))), 'text/csv', 413, 'line 3 is longer than 4096 characters');
      await rejected(Buffer.from(HEAD + row('s'.repeat(33))), 'text/csv', 400, 'line 3 has an SSID longer than 32 characters');
    });

    it('when a row has 10,000 columns, then 400 names its line', async () => {
      await rejected(Buffer.from(HEAD + 'x,'.repeat(9_999) + 'x\n'), 'text/csv', 400, 'line 3 has more than 32 fields');
    });

    it('when `npm run import:wigle` reads a file with an endless line, then it exits 1 with one line saying why', async () => {
      const file = join(s.dir, 'endless.csv.gz');
      writeFileSync(file, gzipSync(Buffer.concat([Buffer.from(HEAD), Buffer.alloc(5 * 1024 * 1024, 'a')])));
      const failed = await run(process.execPath, ['--import', 'tsx', 'scripts/import-wigle.ts', file], {
        cwd: REPO, env: { ...process.env, DATABASE_PATH: join(s.dir, 'test.db'), DATA_DIR: join(REPO, 'data') },
      }).catch((err: { code: number; stderr: string }) => err);
      expect('code' in failed && failed.code).toBe(1);
      expect(failed.stderr).toBe(`${file}: not imported: line 3 is longer than 4096 characters\n`);
    });
  });

  it('when the OpenAPI document is read, then it describes the upload and the exports', async () => {
    const doc = (await request(s.url).get('/api/v1/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/imports/wigle', '/exports/{file}', '/exports']));
    expect(Object.keys(doc.paths['/imports/wigle'].post.requestBody.content)).toEqual(['text/csv', 'application/gzip']);
  });

  it('when uploads were stored, repeated and taken back (the tests above), then the public observations layer counts exactly the stored sightings', () => {
    expect(count(s.store, 'observations')).toBeGreaterThan(0);
    expect(publicCellsDrift(s.store)).toEqual([]);
  });
});
