// Coverage over HTTP: the live model answers cells, gaps, statistics and explanations, follows new
// evidence and registry edits at once, and serves planners' what-ifs and recommendations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { addStaff, mintDevice, removeDir, signIn, startServer, type Running } from './harness';
import { createCoverage } from '../../server/services/coverage';
import { publicPosition } from '../../server/domain/service-area';
import { PUBLIC_CELL_M } from '../../server/domain/limits';

describe('coverage over HTTP', () => {
  let s: Running;
  let staff: (r: request.Test) => request.Test;
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000', TRUST_PROXY: 'true' }); // phones on different networks: X-Forwarded-For
    await addStaff(s, 'plan', 'planner');
    const { cookie, csrfToken } = await signIn(s.url, 'plan');
    staff = (r) => r.set('Cookie', cookie).set('x-csrf-token', csrfToken);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when statistics are asked for, then the city, 10 wards and each kind of place have covered shares', async () => {
    const stats = (await request(s.url).get('/api/v1/coverage/stats')).body;
    expect(stats.city.coveredShare).toBeGreaterThan(0);
    expect(stats.city.coveredShare).toBeLessThan(0.2); // 22 hotspots cover a small part of 138 km²
    expect(stats.city.areaM2 / 1e6).toBeCloseTo(138.3, 0);
    expect(stats.wards).toHaveLength(10);
    // How much of the map is measured, informed by readings nearby, or predicted only: the three make up the city.
    const e = stats.evidence;
    expect(e.measuredAreaM2 + e.nearbyAreaM2 + e.predictedAreaM2).toBeCloseTo(stats.city.areaM2, -1);
    expect(e.predictedShare).toBeGreaterThan(0.5); // the seed has few readings: most of the city is the model's prediction
    expect(e.measuredShare + e.nearbyShare + e.predictedShare).toBeCloseTo(1, 4);
    expect(stats.places.library.total).toBe(5);
    expect(stats.places.library.covered).toBeGreaterThanOrEqual(1); // each library has its own hotspot
    expect(stats.gaps.count).toBeGreaterThan(0);
  });

  it('when cells are asked for by zoom, then 25 m cells come at street zoom and 400 m blocks at city zoom', async () => {
    const street = await request(s.url).get('/api/v1/coverage/cells').query({ bbox: '-80.4880,43.4515,-80.4845,43.4540', zoom: 17 });
    expect(street.body.level).toBe(0);
    expect(street.body.features.length).toBeGreaterThan(50);
    const classes = new Set(street.body.features.map((f: { properties: { class: string } }) => f.properties.class));
    expect(classes.has('good')).toBe(true); // right beside the Central Library
    const wholeCityAtStreetZoom = await request(s.url).get('/api/v1/coverage/cells').query({ zoom: 18 });
    expect(wholeCityAtStreetZoom.status).toBe(200);
    expect(wholeCityAtStreetZoom.body.level).toBeGreaterThan(0); // coarsened to 100 m blocks, not refused
    const city = await request(s.url).get('/api/v1/coverage/cells').query({ zoom: 11 });
    expect(city.body.level).toBe(2);
    expect(city.body.features.length).toBeGreaterThan(500);
    expect(city.body.features.length).toBeLessThan(2000);
    // A bbox of the whole world lists the tiles of the model's area only: it once built 40 million empty tiles and
    // ran the server out of memory. The answer is the city's, whatever the box around it.
    for (const zoom of [0, 14]) {
      const world = await request(s.url).get('/api/v1/coverage/cells').query({ bbox: '-180,-90,180,90', zoom });
      const model = await request(s.url).get('/api/v1/coverage/cells').query({ zoom });
      expect(world.status).toBe(200);
      expect(world.body.level).toBe(model.body.level);
      expect(world.body.features.map((f: { id: string }) => f.id)).toEqual(model.body.features.map((f: { id: string }) => f.id));
    }
    const farAway = await request(s.url).get('/api/v1/coverage/cells').query({ bbox: '10,10,20,20', zoom: 11 });
    expect(farAway.body.features).toEqual([]);
  });

  it('when a cell is explained, then the prediction names the contributing access point and its distance', async () => {
    const ap = (await request(s.url).get('/api/v1/access-points/1')).body;
    const [lon, lat] = ap.geometry.coordinates;
    const why = (await request(s.url).get('/api/v1/coverage/explain').query({ lon, lat })).body;
    expect(why.insideCity).toBe(true);
    expect(why.contributors[0]).toMatchObject({ accessPointId: 1 });
    expect(why.contributors[0].distanceM).toBeLessThan(20);
    expect(why.predictedDbm).toBeGreaterThan(-67);
    expect(why.summary).toContain(`from ${ap.properties.name},`); // a resident reads the hotspot's name, not "access point 1"
    const outside = await request(s.url).get('/api/v1/coverage/explain').query({ lon: -79.38, lat: 43.65 });
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0].message).toMatch(/outside the area/);
    // On the model's east edge: inside its rounded bbox, a hair beyond its grid (was a 500).
    for (const lon of [-80.378414, -80.3784141]) {
      const edge = await request(s.url).get('/api/v1/coverage/explain').query({ lon, lat: 43.43 });
      expect(edge.status, `${lon}`).toBe(400);
      expect(edge.body.errors[0].message).toMatch(/outside the area/);
    }
  });

  it('when gaps are listed, then they are ranked with area and demand, and each has an outline', async () => {
    const gaps = (await request(s.url).get('/api/v1/coverage/gaps').query({ limit: 5 })).body;
    expect(gaps.type).toBe('FeatureCollection');
    const ranks = gaps.features.map((f: { properties: { rank: number } }) => f.properties.rank);
    expect(ranks[0]).toBe(1);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const top = await request(s.url).get(`/api/v1/coverage/gaps/${gaps.features[0].id}`);
    expect(top.body.geometry.type).toBe('Polygon');
    expect(top.body.properties.areaM2).toBeGreaterThan(0);
    // The seeded hotspots leave most of the city uncovered: it is ranked as neighbourhoods (ward × 1 km square).
    const all = (await request(s.url).get('/api/v1/coverage/gaps').query({ limit: 1000, format: 'json' })).body as { areaM2: number; ward: { id: string; name: string } | null }[];
    expect(all.length).toBeGreaterThan(100);
    expect(Math.max(...all.map((g) => g.areaM2))).toBeLessThan(1.01e6);
    expect(all.every((g) => g.ward?.id.startsWith('ward-'))).toBe(true);
    // One ward's gaps, by number or id, keep their city-wide ranks.
    const ward9 = (await request(s.url).get('/api/v1/coverage/gaps').query({ ward: 9, limit: 1000, format: 'json' })).body as { rank: number; ward: { id: string } }[];
    expect(ward9.length).toBeGreaterThan(5);
    expect(ward9.every((g) => g.ward.id === 'ward-9')).toBe(true);
    expect(ward9.map((g) => g.rank)).toEqual(all.filter((g) => g.ward?.id === 'ward-9').map((g) => (g as unknown as { rank: number }).rank));
    const byId = await request(s.url).get('/api/v1/coverage/gaps').query({ ward: 'ward-9', limit: 3 });
    expect(byId.body.features.map((f: { properties: { ward: { id: string } } }) => f.properties.ward.id)).toEqual(['ward-9', 'ward-9', 'ward-9']);
    // However few are returned, numberMatched counts them all: the count the statistics (and the planners' header) give.
    expect(gaps.numberMatched).toBe(all.length);
    expect(gaps.numberMatched).toBe((await request(s.url).get('/api/v1/coverage/stats')).body.gaps.ranked);
    expect(byId.body.numberMatched).toBe(ward9.length);
    const bad = await request(s.url).get('/api/v1/coverage/gaps').query({ ward: 'Ward Nine' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['ward']);
  });

  it('when residents on several devices report no Wi-Fi at one spot, then that cell\'s evidence grows at once', async () => {
    const spot = { lon: -80.4402, lat: 43.4101 };
    const [lon, lat] = publicPosition([spot.lon, spot.lat], PUBLIC_CELL_M);
    const shown = { lon, lat }; // reports enter the model where the public sees them: their public cell's centre
    const before = (await request(s.url).get('/api/v1/coverage/explain').query(shown)).body.evidence;
    for (let i = 0; i < 3; i++) {
      const token = await mintDevice(s.url, `198.51.100.${i + 1}`); // three phones on three networks
      await request(s.url).post('/api/v1/reports').set('X-Device-Token', token).send({ kind: 'no_wifi', ...spot }).expect(201);
    }
    const after = (await request(s.url).get('/api/v1/coverage/explain').query(shown)).body;
    expect(after.evidence.reports).toBe(before.reports + 3);
    expect(after.evidence.devices).toBe(before.devices + 3);
    const gap = (await request(s.url).get(`/api/v1/coverage/gaps/${after.gapId}`)).body.properties;
    expect(gap.confirmed).toBe(true);
    expect(gap.confirmationsNeeded).toBe(0);
  });

  it('when a planner adds an access point in a gap, then the covered share rises and the map reach is drawn from the model', async () => {
    const spot = { lon: -80.5300, lat: 43.4300 };
    const before = (await request(s.url).get('/api/v1/coverage/stats')).body.city.coveredAreaM2;
    expect((await request(s.url).get('/api/v1/coverage/explain').query(spot)).body.covered).toBe(false);
    const created = await staff(request(s.url).post('/api/v1/access-points')).send({ name: 'New park hotspot', ...spot, environment: 'outdoor_open', venue: 'park' });
    expect(created.status).toBe(201);
    const after = (await request(s.url).get('/api/v1/coverage/stats')).body.city.coveredAreaM2;
    const reach = created.body.properties.reachM;
    expect(after - before).toBeGreaterThan(0.8 * Math.PI * reach * reach);
    expect((await request(s.url).get('/api/v1/coverage/explain').query(spot)).body.covered).toBe(true);
    await staff(request(s.url).delete(`/api/v1/access-points/${created.body.id}`)).expect(200);
    expect((await request(s.url).get('/api/v1/coverage/stats')).body.city.coveredAreaM2).toBeCloseTo(before, 0);
  });

  it('when a planner runs a what-if, then the covered area and demand change are returned and the live model is untouched', async () => {
    const live = (await request(s.url).get('/api/v1/coverage/stats')).body.city.coveredAreaM2;
    const res = await staff(request(s.url).post('/api/v1/coverage/what-if')).send({ add: [{ lon: -80.50, lat: 43.42 }], remove: [1] });
    expect(res.status).toBe(200);
    expect(res.body.coveredAreaM2.before).toBeCloseTo(live, 0);
    expect(res.body.changedCells).toBeGreaterThan(0);
    expect(res.body.added).toEqual([{ id: 'new-1', position: [-80.5, 43.42], reachM: expect.any(Number), addsCoveredAreaM2: expect.any(Number) }]);
    expect(res.body.added[0].reachM).toBeGreaterThan(30);
    expect(res.body.computedMs).toBeGreaterThanOrEqual(0);
    expect((await request(s.url).get('/api/v1/coverage/stats')).body.city.coveredAreaM2).toBeCloseTo(live, 0);
    const bad = await staff(request(s.url).post('/api/v1/coverage/what-if')).send({ remove: [99999], add: [{ lon: 'x', lat: 43.4 }] });
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['add.0.lon']);
    const unknown = await staff(request(s.url).post('/api/v1/coverage/what-if')).send({ remove: [99999] });
    expect(unknown.body.errors).toEqual([{ path: 'remove.0', message: 'access point 99999 is not in the registry' }]);
    expect((await request(s.url).post('/api/v1/coverage/what-if').send({})).status).toBe(401);
  });

  it('when a what-if adds sites, then each says the covered area it adds, and a site where coverage already is adds none', async () => {
    const hall = (await request(s.url).get('/api/v1/access-points/1')).body; // a registered hotspot: its spot is covered
    const [lon, lat] = hall.geometry.coordinates;
    const open = { lon: -80.50, lat: 43.42 }; // no free Wi-Fi near
    const res = await staff(request(s.url).post('/api/v1/coverage/what-if')).send({ add: [{ lon, lat }, open, open] });
    expect(res.status).toBe(200);
    const [onHall, first, twin] = res.body.added.map((a: { addsCoveredAreaM2: number }) => a.addsCoveredAreaM2);
    expect(onHall).toBe(0); // inside an existing hotspot's reach
    expect(first).toBe(0); // each of two sites on one spot: the other covers the same cells
    expect(twin).toBe(0);
    expect(res.body.coveredAreaM2.change).toBeGreaterThan(0); // yet the pair adds coverage
    const alone = await staff(request(s.url).post('/api/v1/coverage/what-if')).send({ add: [open] });
    expect(alone.body.added[0].addsCoveredAreaM2).toBe(alone.body.coveredAreaM2.change);
    expect(alone.body.added[0].addsCoveredAreaM2).toBeCloseTo(res.body.coveredAreaM2.change, 0);
    const many = await staff(request(s.url).post('/api/v1/coverage/what-if')).send({ add: Array.from({ length: 21 }, (_, i) => ({ lon: -80.50 + i * 0.001, lat: 43.42 })) });
    expect(many.body.added.map((a: { addsCoveredAreaM2: number | null }) => a.addsCoveredAreaM2)).toEqual(Array(21).fill(null)); // over 20 sites: not computed
  });

  it('when a planner asks for k recommended sites, then each adds uncovered demand, gains never increase', async () => {
    const res = await staff(request(s.url).get('/api/v1/planning/recommendations')).query({ k: 4, candidates: 'city_places' });
    expect(res.status).toBe(200);
    expect(res.body.sites.length).toBeGreaterThan(0);
    expect(res.body.sites.length).toBeLessThanOrEqual(4);
    const gains = res.body.sites.map((x: { gain: number }) => x.gain);
    expect([...gains].sort((a, b) => b - a)).toEqual(gains);
    expect(gains[0]).toBeGreaterThan(0);
    const cells = await staff(request(s.url).get('/api/v1/planning/recommendations')).query({ k: 3, candidates: 'cells' });
    expect(cells.body.sites[0].gain).toBeGreaterThanOrEqual(gains[0]); // any 100 m block can do at least as well as a City place
    expect((await request(s.url).get('/api/v1/planning/recommendations')).status).toBe(401);
  });

  it('when a phone asks for cells with gzip, then the GeoJSON comes compressed, the same once unpacked; the speed test never does', async () => {
    const raw = (path: string, encoding: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        httpGet(`${s.url}${path}`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) })).on('error', reject);
        }).on('error', reject);
      });
    const street = '/api/v1/coverage/cells?bbox=-80.497,43.443,-80.483,43.461&zoom=16';
    const plain = await raw(street, 'identity');
    const packed = await raw(street, 'gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(packed.body).equals(plain.body)).toBe(true);
    expect(JSON.parse(plain.body.toString()).level).toBe(0); // 25 m cells
    expect(packed.body.length).toBeLessThan(plain.body.length / 8);
    const speed = await raw('/api/v1/speed/download?bytes=100000', 'gzip');
    expect(speed.headers['content-encoding']).toBeUndefined();
    expect(speed.body.length).toBe(100_000);
  });

  it('when the model\'s clock is a day behind, then upkeep moves it and evidence ages with it: after 90 days a sample weighs half', async () => {
    const spot = { lon: -80.5012, lat: 43.4188 }; // no other evidence here in this file
    const token = await mintDevice(s.url, '198.51.100.90'); // a phone: readings with no credential weigh a hundredth
    const posted = await request(s.url).post('/api/v1/observations').set('X-Device-Token', token).send({ ...spot, observedAt: new Date().toISOString(), accuracyM: 5, signalDbm: -80 });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    let at = Date.now();
    const model = createCoverage(s.store, () => new Date(at)); // a second model on the same file, with a clock the test moves
    const weight = () => model.explain(spot.lon, spot.lat).evidence.weight;
    const fresh = weight();
    expect(fresh).toBeGreaterThan(0.5);
    at += 3_600_000;
    expect(model.keepTime()).toBe(false); // an hour: not worth a recompute
    at += 90 * 86_400_000;
    expect(model.keepTime()).toBe(true);
    expect(model.now).toBe(at);
    expect(weight()).toBeCloseTo(fresh / 2, 2);
    expect(model.keepTime()).toBe(false);
  });
});
