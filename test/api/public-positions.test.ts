// Issue 11, item 1: a report's exact position cannot be recovered from any public answer. Two reports in
// one public 25 m cell, at different exact points, look the same to every anonymous filter, sort, extent
// and count (reports API, OGC API – Features, exports, Open311); staff still filter on the exact points.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { addStaff, mintCohort, mintPhone, modelCaughtUp, removeDir, signIn, startServer, type Running } from './harness';
import { cellBounds, cellCentre, cellOf } from '../../server/domain/public-cells';
import { publicPosition } from '../../server/domain/service-area';
import { PUBLIC_CELL_M } from '../../server/domain/limits';
import type { LonLat } from '../../server/domain/types';

// One public cell downtown, and two points in it ~15 m apart: A near its south-west, B near its north-east.
const cell = cellOf([-80.4862, 43.4527], PUBLIC_CELL_M);
const [w, s0, e, n] = cellBounds(cell, PUBLIC_CELL_M);
const A: LonLat = [w + 0.2 * (e - w), s0 + 0.25 * (n - s0)];
const B: LonLat = [w + 0.8 * (e - w), s0 + 0.75 * (n - s0)];
const CENTRE = cellCentre(cell, PUBLIC_CELL_M);
const EPS = 2e-6; // degrees: ~0.2 m, a box around one exact point that holds neither the other point nor the centre
const around = ([lon, lat]: LonLat) => [lon - EPS, lat - EPS, lon + EPS, lat + EPS].join(',');

describe('public answers never depend on a report\'s exact position', () => {
  let s: Running;
  let staff: (r: request.Test) => request.Test;
  let a: number;
  let b: number;
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000', RATE_LIMIT_DOWNLOADS_PER_MINUTE: '1000' });
    await addStaff(s, 'pat', 'planner');
    const { cookie, csrfToken } = await signIn(s.url, 'pat');
    staff = (r) => r.set('Cookie', cookie).set('x-csrf-token', csrfToken);
    const file = async ([lon, lat]: LonLat) => (await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', lon, lat }).expect(201)).body.id as number;
    a = await file(A);
    b = await file(B);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });
  const ids = (features: { id: number | string }[]) => features.map((f) => Number(f.id));

  it('the two points share one public cell, and each tiny box holds one exact point only', () => {
    expect(publicPosition(A, PUBLIC_CELL_M)).toEqual(CENTRE);
    expect(publicPosition(B, PUBLIC_CELL_M)).toEqual(CENTRE);
    const inside = (box: string, [lon, lat]: readonly number[]) => {
      const [x0, y0, x1, y1] = box.split(',').map(Number);
      return lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1;
    };
    expect([inside(around(A), A), inside(around(A), B), inside(around(A), CENTRE)]).toEqual([true, false, false]);
  });

  it('when /api/v1/reports is asked by bbox (with ids, as the 42-request attack did), then the public gets both or neither; staff get the exact answer', async () => {
    const reports = (q: Record<string, string>, as?: typeof staff) => {
      const req = request(s.url).get('/api/v1/reports').query(q);
      return (as ? as(req) : req).then((r) => ids(r.body.features));
    };
    for (const id of [a, b]) expect(await reports({ ids: String(id), bbox: around(A) })).toEqual([]);
    expect(await reports({ bbox: around(B) })).toEqual([]);
    expect(await reports({ ids: `${a},${b}`, bbox: around(CENTRE) })).toEqual([a, b]);
    expect(await reports({ ids: `${a},${b}`, bbox: around(A) }, staff)).toEqual([a]);
    expect(await reports({ ids: `${a},${b}`, bbox: around(CENTRE) }, staff)).toEqual([]);
  });

  it('when /api/v1/reports is asked near a point, then the public radius and order use the cell centre; staff use the exact points', async () => {
    const near = (at: readonly number[], radiusM: number, as?: typeof staff) => {
      const req = request(s.url).get('/api/v1/reports').query({ near: at.join(','), radiusM });
      return (as ? as(req) : req).then((r) => ids(r.body.features));
    };
    expect(await near(A, 0.5)).toEqual([]);
    expect(await near(B, 0.5)).toEqual([]);
    expect(await near(CENTRE, 0.5)).toEqual([a, b]);
    expect(await near(B, 50)).toEqual([a, b]); // equally near in public: oldest first, whichever is nearer in fact
    expect(await near(A, 0.5, staff)).toEqual([a]);
    expect(await near(B, 50, staff)).toEqual([b, a]);
  });

  it('when /api/v1/reports is asked by ward, then the public ward is the cell centre\'s; staff get the exact point\'s', async () => {
    // Walk east from downtown in 2 m steps to a point whose ward differs from its cell centre's (a ward line inside a cell).
    let p: LonLat | undefined;
    for (let i = 0; i < 5_000 && !p; i++) {
      const q: LonLat = [-80.4862 + i * 2.5e-5, 43.4527];
      const exact = s.coverage.wardOf(q);
      if (exact !== null && s.coverage.wardOf(publicPosition(q, PUBLIC_CELL_M)) !== null && exact !== s.coverage.wardOf(publicPosition(q, PUBLIC_CELL_M))) p = q;
    }
    expect(p).toBeDefined();
    const [exactWard, shownWard] = [s.coverage.wardOf(p!), s.coverage.wardOf(publicPosition(p!, PUBLIC_CELL_M))];
    const id = (await request(s.url).post('/api/v1/reports').send({ kind: 'no_wifi', lon: p![0], lat: p![1] }).expect(201)).body.id as number;
    const inWard = async (ward: number | null, as?: typeof staff) => {
      const req = request(s.url).get('/api/v1/reports').query({ ward, ids: String(id) });
      return ids((await (as ? as(req) : req)).body.features);
    };
    try {
      expect([await inWard(exactWard), await inWard(shownWard)]).toEqual([[], [id]]);
      expect([await inWard(exactWard, staff), await inWard(shownWard, staff)]).toEqual([[id], []]);
    } finally {
      await staff(request(s.url).patch(`/api/v1/reports/${id}`)).send({ status: 'hidden' }).expect(200); // out of the other tests' way
    }
  });

  it('when the OGC reports collection is filtered by bbox, then counts and items are the same for both points; its extent is the cell centre', async () => {
    const items = async (bbox: string) => (await request(s.url).get('/ogc/collections/reports/items').query({ bbox })).body;
    const atA = await items(around(A));
    expect([atA.numberMatched, ids(atA.features)]).toEqual([0, []]);
    expect((await items(around(B))).numberMatched).toBe(0);
    const atCentre = await items(around(CENTRE));
    expect([atCentre.numberMatched, ids(atCentre.features)]).toEqual([2, [a, b]]);
    const collection = (await request(s.url).get('/ogc/collections/reports')).body;
    expect(collection.extent.spatial.bbox).toEqual([[...CENTRE, ...CENTRE]]);
  });

  it('when observations lie at different points of one cell, then the OGC observations extent is the cell, not the points', async () => {
    const observedAt = new Date().toISOString();
    for (const [lon, lat] of [A, B]) // two phones: a cell the public sees
      await request(s.url).post('/api/v1/observations').set('X-Device-Token', await mintPhone(s.url)).send({ lon, lat, observedAt, noFreeNetwork: true }).expect(201);
    const collection = (await request(s.url).get('/ogc/collections/observations')).body;
    expect(collection.extent.spatial.bbox).toEqual([[w, s0, e, n]]);
  });

  it('when one phone walks home at night sending readings, then no anonymous answer traces its path or its times', async () => {
    // An audit's attack: ten readings a minute apart along a street; the public layer listed each 25 m cell with its minute.
    const phone = await mintPhone(s.url);
    const day = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10); // the day before yesterday (UTC), inside the model's window
    const start = Date.parse(`${day}T03:00:00Z`);
    const walk = Array.from({ length: 10 }, (_, i) => ({
      lon: -80.4700 + i * 0.0008, lat: 43.4400 + i * 0.0002, observedAt: new Date(start + i * 60_000).toISOString(), noFreeNetwork: true, accuracyM: 8,
    }));
    await request(s.url).post('/api/v1/observations/batch').set('X-Device-Token', phone).send({ observations: walk }).expect(201);
    const box = '-80.4710,43.4390,-80.4610,43.4430';
    for (const q of ['', `&datetime=${day}T03:04:00Z/${day}T03:05:30Z`, `&datetime=${day}`])
      expect((await request(s.url).get(`/ogc/collections/observations/items?bbox=${box}${q}`)).body.features, q).toEqual([]);
    expect(JSON.parse((await request(s.url).get(`/api/v1/exports/observations.geojson?bbox=${box}`)).text).features).toEqual([]);
    // Two credentials one client mints at once are one phone (one cohort): their readings in a cell no one else measured do not show it,
    // on any path — the maintained table, a time window's page (cellScan) and a time-filtered export (rawCells).
    const twins = await mintCohort(s.url, 2);
    for (const twin of twins) await request(s.url).post('/api/v1/observations').set('X-Device-Token', twin).send({ ...walk[5], lon: -80.4650, lat: 43.4425, observedAt: `${day}T12:00:00Z` }).expect(201);
    for (const q of ['', `&datetime=${day}`])
      expect((await request(s.url).get(`/ogc/collections/observations/items?bbox=${box}${q}`)).body.features, `twins ${q}`).toEqual([]);
    expect(JSON.parse((await request(s.url).get(`/api/v1/exports/observations.geojson?bbox=${box}&since=${day}T00:00:00Z`)).text).features).toEqual([]);
    // Where a second phone also measured, the cell is shown, with its times to the day only.
    await request(s.url).post('/api/v1/observations').set('X-Device-Token', await mintPhone(s.url)).send({ ...walk[9], observedAt: `${day}T18:00:00Z` }).expect(201);
    const [home] = (await request(s.url).get(`/ogc/collections/observations/items?bbox=${box}&datetime=${day}T03:09:00Z`)).body.features;
    expect(home.properties).toMatchObject({ observations: 2, firstAt: `${day}T00:00:00Z`, newestAt: `${day}T00:00:00Z` });
    // The map's "why this colour?" never dates one phone's reading, and dates two phones' to the day, not the minute.
    await modelCaughtUp(s.url);
    const why = async (at: { lon: number; lat: number }) => (await request(s.url).get('/api/v1/coverage/explain').query({ lon: at.lon, lat: at.lat })).body;
    expect((await why(walk[4])).evidence).toMatchObject({ samples: 1, devices: 1, newestAt: null, ageDays: null });
    expect((await why(walk[4])).summary).not.toMatch(/newest/);
    expect((await why(walk[9])).evidence).toMatchObject({ samples: 2, devices: 2, newestAt: Date.parse(`${day}T00:00:00Z`) });
    expect(Number.isInteger((await why(walk[9])).evidence.ageDays)).toBe(true);
  });

  it('when reports are exported by bbox or ward, then the public cell decides, for every caller', async () => {
    const exported = async (q: Record<string, string>, as?: typeof staff) => {
      const req = request(s.url).get('/api/v1/exports/reports.geojson').query(q);
      const res = await (as ? as(req) : req);
      return { count: Number(res.headers['x-feature-count']), ids: ids(JSON.parse(res.text).features) };
    };
    expect(await exported({ bbox: around(A) })).toEqual({ count: 0, ids: [] });
    expect(await exported({ bbox: around(B) }, staff)).toEqual({ count: 0, ids: [] }); // the layer is the public view
    expect(await exported({ bbox: around(CENTRE) })).toEqual({ count: 2, ids: [a, b] });
    const csv = (await request(s.url).get('/api/v1/exports/reports.csv').query({ bbox: around(CENTRE) })).text;
    expect(csv.trim().split('\n')).toHaveLength(3); // header and both reports
    const ward = (await request(s.url).get('/api/v1/exports/reports.geojson').query({ ward: 'ward-10' }));
    expect(ids(JSON.parse(ward.text).features)).toEqual([a, b]);
  });

  it('when the coverage model is asked why, then both reports are evidence at the cell centre, wherever they were filed', async () => {
    const explain = async ([lon, lat]: readonly number[]) => (await request(s.url).get('/api/v1/coverage/explain').query({ lon, lat })).body;
    const atCentre = await explain(CENTRE);
    expect(atCentre.evidence.reports).toBe(2);
    for (const point of [A, B]) {
      const there = await explain(point);
      expect(there.evidence.reports).toBe(there.cellId === atCentre.cellId ? 2 : 0);
    }
  });

  it('when Open311 requests are searched by lat/long/radius, then the radius runs on the public cell', async () => {
    const near = async ([long, lat]: readonly number[], radius: number) =>
      (await request(s.url).get('/open311/v2/requests.json').query({ lat, long, radius })).body.map((r: { service_request_id: string }) => Number(r.service_request_id));
    expect(await near(A, 0.5)).toEqual([]);
    expect(await near(B, 0.5)).toEqual([]);
    expect(await near(CENTRE, 0.5)).toEqual([a, b]);
  });
});
