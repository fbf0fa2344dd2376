// What readings say about hotspots, over HTTP: discovered hotspots (planners accept or reject, audited),
// "probably down" (and a planner's "it works"), simulated and implausible readings kept off the map, and an
// edit to one access point that changes nothing elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { addStaff, mintCohort, mintDevice, modelCaughtUp, modelSettled, removeDir, signIn, startServer, type Running } from './harness';
import { mulberry32 } from '../../server/domain/coverage/random';

const SSID = 'Kitchener-Free-Test';
const FAR = { lon: -80.5012, lat: 43.4188 }; // ~2.5 km from every seeded access point
const M_PER_DEG_LAT = 111_195, M_PER_DEG_LON = 80_800; // at 43.4° N
const offset = (p: { lon: number; lat: number }, eastM: number, northM: number) => ({ lon: p.lon + eastM / M_PER_DEG_LON, lat: p.lat + northM / M_PER_DEG_LAT });

describe('hotspots the readings reveal', () => {
  let s: Running;
  let staff: { cookie: string; csrfToken: string };
  let phones: string[]; // three credentials minted on three networks: independent devices
  let ap: { id: number; lon: number; lat: number }; // a seeded AP given the City SSID and a BSSID
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '10000', RATE_LIMIT_DEVICES_PER_HOUR: '100', TRUST_PROXY: 'true' });
    await addStaff(s, 'pat', 'planner');
    staff = await signIn(s.url, 'pat');
    phones = await Promise.all(['2001:db8:a::1', '2001:db8:b::1', '2001:db8:c::1'].map((from) => mintDevice(s.url, from)));
    const first = (await request(s.url).get('/api/v1/access-points').expect(200)).body.features[0];
    ap = { id: first.id, lon: first.geometry.coordinates[0], lat: first.geometry.coordinates[1] };
    await staffCall('patch', `/api/v1/access-points/${ap.id}`).send({ ssid: SSID, bssids: ['aa:aa:aa:00:00:01'] }).expect(200);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  /** Hotspot fits follow readings within a second (the server refits at most once a second): ask until true, 5 s at most. */
  const eventually = async (check: () => Promise<boolean>) => {
    for (const started = Date.now(); Date.now() - started < 5_000; await new Promise((r) => setTimeout(r, 200))) if (await check()) return true;
    return false;
  };
  const listed = async () => ((await staffCall('get', '/api/v1/discoveries').expect(200)).body.discoveries as { bssid: string }[]).map((d) => d.bssid);
  const staffCall = (method: 'get' | 'post' | 'patch', path: string) =>
    request(s.url)[method](path).set('Cookie', staff.cookie).set('X-CSRF-Token', staff.csrfToken);
  const post = (token: string, observations: Record<string, unknown>[]) =>
    request(s.url).post('/api/v1/observations/batch').set('X-Device-Token', token).send({ observations: observations.map((o) => ({ observedAt: new Date().toISOString(), accuracyM: 8, source: 'survey', ...o })) });
  /** Readings of a transmitter at `at` (−35 dBm at 1 m, exponent 2.8) on a ring of 10–70 m, from one phone. */
  const ring = (at: { lon: number; lat: number }, extra: Record<string, unknown>, k0 = 0) =>
    Array.from({ length: 6 }, (_, k) => {
      const d = 10 + 12 * k, angle = (k0 + k) * 1.1;
      return { ...offset(at, d * Math.cos(angle), d * Math.sin(angle)), signalDbm: Math.round(-35 - 28 * Math.log10(d)), ...extra };
    });

  it('when three independent phones hear a City SSID from an unknown BSSID, then planners see a discovered hotspot placed where it is, and anonymous callers cannot list it', async () => {
    const bssid = 'bb:bb:bb:00:00:01';
    for (const [k, phone] of phones.entries()) await post(phone, ring(FAR, { ssid: SSID, bssid }, 2 * k)).expect(201);
    await request(s.url).get('/api/v1/discoveries').expect(401);
    expect(await eventually(async () => (await listed()).includes(bssid))).toBe(true);
    const { discoveries } = (await staffCall('get', '/api/v1/discoveries').expect(200)).body;
    const found = discoveries.find((d: { bssid: string }) => d.bssid === bssid);
    expect(found).toMatchObject({ id: bssid, ssid: SSID, readings: 18, devices: 3, status: 'pending', onPublicMap: true });
    const [lon, lat] = found.position;
    const offM = Math.hypot((lon - FAR.lon) * M_PER_DEG_LON, (lat - FAR.lat) * M_PER_DEG_LAT);
    expect(offM).toBeLessThan(25);
    // … with how far off that may be: the true spot inside, and no wider than the ring the phones walked.
    expect(found.positionWithinM).toBeGreaterThanOrEqual(Math.max(4, offM));
    expect(found.positionWithinM).toBeLessThan(150);
    // Until a planner decides, the map draws it: the spot next to it is covered.
    const explain = (await request(s.url).get('/api/v1/coverage/explain').query(offset(FAR, 10, 0)).expect(200)).body;
    expect(explain.contributors[0]).toMatchObject({ accessPointId: null, discoveredBssid: bssid });
    expect(explain.covered).toBe(true);
  });

  it('when two independent phones hear an unknown BSSID, then planners see it suggested but the public map leaves it out until a third phone hears it', async () => {
    const bssid = 'bb:bb:bb:00:00:05', where = offset(FAR, 300, 300);
    const contributors = async () => (await request(s.url).get('/api/v1/coverage/explain').query(offset(where, 10, 0)).expect(200)).body.contributors as { discoveredBssid?: string }[];
    for (const [k, phone] of phones.slice(0, 2).entries()) await post(phone, ring(where, { ssid: SSID, bssid }, 2 * k)).expect(201);
    expect(await eventually(async () => (await listed()).includes(bssid))).toBe(true);
    const suggested = (await staffCall('get', '/api/v1/discoveries').expect(200)).body.discoveries.find((d: { bssid: string }) => d.bssid === bssid);
    expect(suggested).toMatchObject({ readings: 12, devices: 2, onPublicMap: false });
    expect((await contributors()).some((c) => c.discoveredBssid === bssid)).toBe(false);
    await post(phones[2], ring(where, { ssid: SSID, bssid }, 4)).expect(201);
    expect(await eventually(async () => (await contributors()).some((c) => c.discoveredBssid === bssid))).toBe(true);
    const confirmed = (await staffCall('get', '/api/v1/discoveries').expect(200)).body.discoveries.find((d: { bssid: string }) => d.bssid === bssid);
    expect(confirmed).toMatchObject({ readings: 18, devices: 3, onPublicMap: true });
  });

  it('when three phones each name one BSSID loudly in two places 1.2 km apart, then it is not suggested, and planners see it listed as heard too far apart', async () => {
    const bssid = 'bb:bb:bb:00:00:0a', here = offset(FAR, -300, 600), there = offset(here, 0, 1200);
    const apart = async () => (await staffCall('get', '/api/v1/discoveries').expect(200)).body as { discoveries: { bssid: string }[]; heardApart: Record<string, unknown>[]; heardApartTotal: number };
    // 15 dB louder than `ring`'s (−48 dBm at 10 m): a hotspot heard so loudly in one place is not heard at all in the other.
    const loud = (at: { lon: number; lat: number }, k0: number) => ring(at, { ssid: SSID, bssid }, k0).map((o) => ({ ...o, signalDbm: o.signalDbm + 15 }));
    for (const [k, phone] of phones.entries()) await post(phone, [...loud(here, 2 * k), ...loud(there, 2 * k + 1)]).expect(201);
    expect(await eventually(async () => (await apart()).heardApart.some((a) => a.bssid === bssid))).toBe(true);
    const body = await apart();
    expect(body.discoveries.map((d) => d.bssid)).not.toContain(bssid);
    expect(body.heardApart.find((a) => a.bssid === bssid)).toMatchObject({ ssid: SSID, readings: 36, devices: 3, strongestDbm: -48 });
    const { spanM } = body.heardApart.find((a) => a.bssid === bssid) as { spanM: number };
    expect(spanM).toBeGreaterThan(1200);
    expect(spanM).toBeLessThan(1200 + 2 * 70);
    expect(body.heardApartTotal).toBe(body.heardApart.length);
    // Nor is it drawn: the spot beside either place has no discovered hotspot among its contributors.
    for (const at of [here, there]) {
      const explain = (await request(s.url).get('/api/v1/coverage/explain').query(offset(at, 10, 0)).expect(200)).body as { contributors: { discoveredBssid?: string }[] };
      expect(explain.contributors.some((c) => c.discoveredBssid === bssid)).toBe(false);
    }
    // Made-up names are cheap: two phones naming 101 more in both places give planners the first 100 and how many in all.
    const many = Array.from({ length: 101 }, (_, k) => `02:00:00:00:${(k >> 8).toString(16).padStart(2, '0')}:${(k & 255).toString(16).padStart(2, '0')}`);
    for (const phone of phones.slice(0, 2)) await post(phone, many.flatMap((b, k) => [here, there].map((at) => ({ ...offset(at, 2 * k - 100, 20), signalDbm: -40, ssid: SSID, bssid: b })))).expect(201);
    expect(await eventually(async () => (await apart()).heardApartTotal === 102)).toBe(true);
    const capped = await apart();
    expect(capped.heardApart).toHaveLength(100);
    expect(capped.heardApart[0]).toMatchObject({ bssid, devices: 3 }); // the most phones first
  });

  it('when one client mints three credentials in one minute, then its readings of an unknown BSSID are one device and suggest nothing', async () => {
    const burst = await mintCohort(s.url, 3, '2001:db8:d::1');
    const bssid = 'bb:bb:bb:00:00:02', where = offset(FAR, 600, 0);
    for (const [k, phone] of burst.entries()) await post(phone, ring(where, { ssid: SSID, bssid }, 2 * k)).expect(201);
    expect(await eventually(async () => (await listed()).includes(bssid))).toBe(false);
  });

  it('when a planner accepts a discovered hotspot, then it joins the registry with its BSSID at the estimated position, audited, and is no longer suggested', async () => {
    const bssid = 'bb:bb:bb:00:00:01';
    const res = await staffCall('post', `/api/v1/discoveries/${bssid}/accept`).send({ name: 'Found near Homer Watson' }).expect(201);
    expect(res.body.properties).toMatchObject({ name: 'Found near Homer Watson', ssid: SSID, bssids: [bssid], confidence: 'measured', status: 'active' });
    const audit = s.store.db.prepare("SELECT action FROM audit_log WHERE entity_id = ?").all(String(res.body.id)) as { action: string }[];
    expect(audit.map((a) => a.action)).toContain('access_point.create');
    const { discoveries } = (await staffCall('get', '/api/v1/discoveries').expect(200)).body;
    expect(discoveries.map((d: { bssid: string }) => d.bssid)).not.toContain(bssid);
    await staffCall('post', `/api/v1/discoveries/${bssid}/accept`).send({}).expect(404);
  });

  it('when a planner rejects a discovered hotspot, then it leaves the map, the rejection is audited, and it stays rejected after a restart', async () => {
    const bssid = 'bb:bb:bb:00:00:03', where = offset(FAR, 0, 700);
    for (const [k, phone] of phones.entries()) await post(phone, ring(where, { ssid: SSID, bssid }, 2 * k)).expect(201);
    expect(await eventually(async () => (await listed()).includes(bssid))).toBe(true);
    await staffCall('post', '/api/v1/discoveries/not-a-mac/reject').expect(400);
    expect((await staffCall('post', `/api/v1/discoveries/${bssid.toUpperCase()}/reject`).expect(200)).body).toEqual({ bssid, status: 'rejected' });
    expect(s.store.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'discovery.reject' AND entity_id = ?").get(bssid)).toEqual({ n: 1 });
    const explain = (await request(s.url).get('/api/v1/coverage/explain').query(offset(where, 10, 0)).expect(200)).body;
    expect(explain.contributors.some((c: { discoveredBssid?: string }) => c.discoveredBssid === bssid)).toBe(false);
    await s.stop();
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '10000', RATE_LIMIT_DEVICES_PER_HOUR: '100', TRUST_PROXY: 'true' }, s.dir);
    staff = await signIn(s.url, 'pat');
    expect((await staffCall('get', '/api/v1/discoveries').expect(200)).body.discoveries.map((d: { bssid: string }) => d.bssid)).not.toContain(bssid);
  });

  it('when phones next to a registered AP hear nothing free, then it is probably down; a planner\'s "it works" clears the flag', async () => {
    const near = Array.from({ length: 4 }, (_, k) => ({ ...offset(ap, 3 + 3 * k, 2), noFreeNetwork: true }));
    // The whole registry's answer is built once per registry and model version: the flag must reach it too.
    const listed = async () => ((await request(s.url).get('/api/v1/access-points').expect(200)).body.features as GeoJSON.Feature[]).find((f) => f.id === ap.id)!.properties!;
    expect((await request(s.url).get(`/api/v1/access-points/${ap.id}`).expect(200)).body.properties.probablyDown).toBe(false);
    expect((await listed()).probablyDown).toBe(false);
    for (const phone of phones) await post(phone, near).expect(201);
    const get = async () => (await request(s.url).get(`/api/v1/access-points/${ap.id}`).expect(200)).body.properties;
    expect(await eventually(async () => (await get()).probablyDown)).toBe(true);
    expect((await listed()).probablyDown).toBe(true);
    const flagged = await get();
    expect(flagged.assessment.nearby).toMatchObject({ devices: 3, heard: 0, nothingHeard: 12 });
    await request(s.url).post(`/api/v1/access-points/${ap.id}/works`).expect(401);
    const cleared = await staffCall('post', `/api/v1/access-points/${ap.id}/works`).expect(200);
    expect(cleared.body.properties.probablyDown).toBe(false);
    expect((await listed()).probablyDown).toBe(false);
    expect(s.store.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'access_point.works' AND entity_id = ?").get(String(ap.id))).toEqual({ n: 1 });
  });

  it('when readings come from a simulation, or one −20 dBm reading far from any hotspot, then the public map ignores them', async () => {
    const spot = offset(FAR, -900, -300);
    await post(phones[0], [{ ...spot, signalDbm: -40, source: 'simulated' }]).expect(201);
    await post(phones[1], [{ ...offset(spot, 200, 0), signalDbm: -20 }]).expect(201);
    await modelCaughtUp(s.url);
    for (const p of [spot, offset(spot, 200, 0)]) {
      const x = (await request(s.url).get('/api/v1/coverage/explain').query(p).expect(200)).body;
      expect(x.evidence.samples).toBe(0);
      expect(x.covered).toBe(false);
    }
    // "Why this colour?" says the loud one was set aside (a simulated reading is no reading of the map at all).
    const loud = (await request(s.url).get('/api/v1/coverage/explain').query(offset(spot, 200, 0)).expect(200)).body;
    expect(loud.evidence.setAside).toEqual({ spoofed: 0, implausible: 1, unconfirmed: 0, unbacked: 0 });
    expect(loud.summary).toContain('no readings here that count (1 set aside as impossible from the hotspots known here)');
    expect((await request(s.url).get('/api/v1/coverage/explain').query(spot).expect(200)).body.evidence.setAside).toEqual({ spoofed: 0, implausible: 0, unconfirmed: 0, unbacked: 0 });
    // A reading the physics allows there counts.
    await post(phones[1], [{ ...offset(spot, 400, 0), signalDbm: -82 }]).expect(201);
    await modelCaughtUp(s.url);
    expect((await request(s.url).get('/api/v1/coverage/explain').query(offset(spot, 400, 0)).expect(200)).body.evidence.samples).toBe(1);
  });

  it('when "works here" is reported a kilometre from every hotspot, then the public map ignores it and says so', async () => {
    const spot = offset(FAR, -1000, -700); // 1.2 km from the hotspot phones found at FAR, farther from every seeded one
    let id = 0;
    for (const phone of phones.slice(0, 2)) id = (await request(s.url).post('/api/v1/reports').set('X-Device-Token', phone).send({ kind: 'works', ...spot }).expect(201)).body.id;
    await modelCaughtUp(s.url);
    const [lon, lat] = (await request(s.url).get(`/api/v1/reports/${id}`).expect(200)).body.geometry.coordinates; // the model reads a report where the public sees it
    const x = (await request(s.url).get('/api/v1/coverage/explain').query({ lon, lat }).expect(200)).body;
    expect(x).toMatchObject({ covered: false, evidence: { samples: 0, setAside: { spoofed: 0, implausible: 2 } } });
    expect(x.summary).toContain('no readings here that count (2 set aside as impossible from the hotspots known here)');
  });

  it('when one phone posts −70 dBm at 24 spots round a hotspot 500 m out, then the map leaves them out; two phones at the same spots paint them', async () => {
    const features = (await request(s.url).get('/api/v1/access-points').expect(200)).body.features as GeoJSON.Feature<GeoJSON.Point>[];
    const ring = (f: GeoJSON.Feature<GeoJSON.Point>) => Array.from({ length: 24 }, (_, k) => offset({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }, 500 * Math.cos((k * Math.PI) / 12), 500 * Math.sin((k * Math.PI) / 12)));
    const [alone, backed] = [ring(features[0]), ring(features[features.length - 1])];
    // And the same level sent with no device credential at all, in every 25 m cell 150–400 m round an indoor unit: past
    // its reach, where the prediction knows little, yet near enough that −70 dBm is possible (as a review's script did).
    const indoor = features.find((f) => /Breithaupt/.test(f.properties!.name))!, at = { lon: indoor.geometry.coordinates[0], lat: indoor.geometry.coordinates[1] };
    const grid = Array.from({ length: 33 * 33 }, (_, k) => [25 * ((k % 33) - 16), 25 * (Math.floor(k / 33) - 16)] as const).filter(([e, n]) => Math.hypot(e, n) > 150 && Math.hypot(e, n) < 400);
    const unsigned = grid.map(([e, n]) => offset(at, e, n)), sampled = unsigned.filter((_, k) => k % 12 === 0);
    const [liar, a, b] = await Promise.all(['2001:db8:d::1', '2001:db8:e::1', '2001:db8:f::1'].map((from) => mintDevice(s.url, from)));
    const level = (spots: { lon: number; lat: number }[]) => spots.map((p) => ({ ...p, signalDbm: -70, ssid: SSID, source: 'app' }));
    const covered = async (spots: { lon: number; lat: number }[]) => {
      let n = 0;
      for (const p of spots) n += (await request(s.url).get('/api/v1/coverage/explain').query(p).expect(200)).body.covered ? 1 : 0;
      return n;
    };
    const classes = async (spots: { lon: number; lat: number }[]) => {
      const out: string[] = [];
      for (const p of spots) out.push((await request(s.url).get('/api/v1/coverage/explain').query(p).expect(200)).body.class);
      return out;
    };
    const [aloneBefore, backedBefore, unsignedBefore] = [await covered(alone), await covered(backed), await classes(sampled)];
    expect((await post(liar, level(alone)).expect(201)).body.notice).toBeUndefined();
    // Twice over: no credential, no phone to judge, so they weigh a hundredth however many (until 2026-12-06: 1,000 such
    // readings, one a cell, doubled the city's covered area; at a twentieth they still painted these cells "poor").
    for (let k = 0; k < 2; k++) {
      const sent = await request(s.url).post('/api/v1/observations/batch').send({ observations: level(unsigned).map((o) => ({ observedAt: new Date().toISOString(), accuracyM: 8, ...o })) }).expect(201);
      expect(sent.body.notice).toMatch(/^Sent with no X-Device-Token: stored, but readings with no device credential weigh a hundredth on the public map.*POST \/api\/v1\/devices/); // a simulation learns why
    }
    for (const phone of [a, b]) await post(phone, level(backed)).expect(201);
    await modelCaughtUp(s.url);
    await modelSettled(s.url);
    expect(await covered(alone)).toBe(aloneBefore);
    expect(await classes(sampled)).toEqual(unsignedBefore);
    expect(await covered(backed)).toBeGreaterThanOrEqual(backedBefore + 20);
  });

  it('when phones name a BSSID beside a seeded AP that lists its SSID but no BSSID, then it is that AP\'s radio for planners, not a new hotspot', async () => {
    const features = (await request(s.url).get('/api/v1/access-points').expect(200)).body.features as GeoJSON.Feature<GeoJSON.Point>[];
    const seeded = features.find((f) => f.id !== ap.id && f.properties!.ssid && f.properties!.bssids.length === 0)!;
    const at = { lon: seeded.geometry.coordinates[0], lat: seeded.geometry.coordinates[1] };
    const bssid = 'ee:ee:ee:00:00:01';
    for (const [k, phone] of phones.entries()) await post(phone, ring(at, { ssid: seeded.properties!.ssid, bssid }, 2 * k)).expect(201);
    const learned = async () => (await request(s.url).get(`/api/v1/access-points/${seeded.id}`).expect(200)).body.properties.assessment.learnedBssids as string[];
    expect(await eventually(async () => (await learned()).includes(bssid))).toBe(true);
    expect(await listed()).not.toContain(bssid);
  });

  it('when phones name another BSSID on that SSID 70 m from the seeded AP, then planners see it suggested as a new hotspot, not taken as that AP\'s second radio', async () => {
    const features = (await request(s.url).get('/api/v1/access-points').expect(200)).body.features as GeoJSON.Feature<GeoJSON.Point>[];
    const seeded = features.find((f) => f.id !== ap.id && f.properties!.ssid && f.properties!.bssids.length === 0)!;
    const at = { lon: seeded.geometry.coordinates[0], lat: seeded.geometry.coordinates[1] };
    const learned = async () => (await request(s.url).get(`/api/v1/access-points/${seeded.id}`).expect(200)).body.properties.assessment.learnedBssids as string[];
    expect(await learned()).toEqual(['ee:ee:ee:00:00:01']); // the test before: its own radio
    const neighbour = 'ee:ee:ee:00:00:02';
    for (const [k, phone] of phones.entries()) await post(phone, ring(offset(at, 0, 70), { ssid: seeded.properties!.ssid, bssid: neighbour }, 2 * k)).expect(201);
    expect(await eventually(async () => (await listed()).includes(neighbour))).toBe(true);
    expect(await learned()).toEqual(['ee:ee:ee:00:00:01']);
    // Planners are told which listing it stands beside, in case it is that AP's radio and the listing misplaced.
    const found = (await staffCall('get', '/api/v1/discoveries').expect(200)).body.discoveries.find((d: { bssid: string }) => d.bssid === neighbour);
    expect(found.besideListing).toMatchObject({ id: seeded.id, name: seeded.properties!.name, listsBssids: false });
    expect(found.besideListing.distanceM).toBeGreaterThan(40);
    expect(found.besideListing.distanceM).toBeLessThan(100);
  });

  it('when one access point is edited, then the statistics elsewhere do not move', async () => {
    const stats = async () => (await request(s.url).get('/api/v1/coverage/stats').expect(200)).body;
    await modelSettled(s.url); // every refit from the readings above has happened (a fixed 1.5 s was not always enough)
    const before = await stats();
    await staffCall('patch', `/api/v1/access-points/${ap.id}`).send({ name: 'Renamed' }).expect(200);
    await new Promise((r) => setTimeout(r, 1_500));
    await modelSettled(s.url);
    const after = await stats();
    expect(after.city).toEqual(before.city);
    expect(after.wards).toEqual(before.wards);
  });

  it('when a phone shouts −30 dBm where four others hear nothing, then it is distrusted though the map held those readings back, its "nothing heard" beside a hotspot counts for little, and so it stays after a restart', async () => {
    const stats = async () => (await request(s.url).get('/api/v1/coverage/stats').expect(200)).body;
    const before = (await stats()).hotspots.distrustedDevices as number;
    const far = Array.from({ length: 10 }, (_, k) => offset(FAR, 30 * k, -600)); // 600 m from the rings above, 2.5 km from any AP
    const seeded = ((await request(s.url).get('/api/v1/access-points').expect(200)).body.features as GeoJSON.Feature<GeoJSON.Point>[]).at(-1)!;
    const near = Array.from({ length: 3 }, (_, k) => offset({ lon: seeded.geometry.coordinates[0], lat: seeded.geometry.coordinates[1] }, 20 + 25 * k, 0));
    const honest = await Promise.all(['2001:db8:e::1', '2001:db8:f::1', '2001:db8:10::1', '2001:db8:11::1'].map((from) => mintDevice(s.url, from)));
    const liar = await mintDevice(s.url, '2001:db8:12::1');
    const fused = async () => (await request(s.url).get('/api/v1/coverage/explain').query(near[1]).expect(200)).body.fusedDbm as number;
    const settledAgain = async () => expect(await eventually(async () => !(await stats()).ingest.settling)).toBe(true);
    for (const phone of honest) await post(phone, [...far.map((p) => ({ ...p, noFreeNetwork: true })), ...near.map((p) => ({ ...p, signalDbm: -62 }))]).expect(201);
    await modelCaughtUp(s.url);
    await settledAgain();
    const honestOnly = await fused();
    await post(liar, [...far.map((p) => ({ ...p, signalDbm: -30 })), ...near.map((p) => ({ ...p, noFreeNetwork: true }))]).expect(201);
    await modelCaughtUp(s.url);
    expect((await request(s.url).get('/api/v1/coverage/explain').query(far[0]).expect(200)).body.covered).toBe(false); // held back
    expect(await eventually(async () => (await stats()).hotspots.distrustedDevices === before + 1)).toBe(true);
    await settledAgain();
    const settled = await fused();
    expect(settled).toBeGreaterThan(honestOnly - 0.5); // a hundredth of a phone at −95 beside four at −62 (a whole one: ~6 dB)
    await s.stop();
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '10000', RATE_LIMIT_DEVICES_PER_HOUR: '100', TRUST_PROXY: 'true' }, s.dir);
    staff = await signIn(s.url, 'pat');
    await new Promise((r) => setTimeout(r, 3_000)); // nobody reads the map meanwhile: the server settles the stored readings itself (two refreshes, a second apart)
    expect(await fused()).toBeCloseTo(settled, 1);
    expect((await stats()).hotspots.distrustedDevices).toBe(before + 1);
  });

  it('when eight phones report "no free Wi-Fi here" beside a hotspot three phones keep hearing, then the map keeps what the readings say and says the reports were set aside', async () => {
    const features = (await request(s.url).get('/api/v1/access-points').expect(200)).body.features as GeoJSON.Feature<GeoJSON.Point>[];
    const f = features[Math.floor(features.length / 2)], bssid = 'aa:aa:aa:00:00:77'; // a seeded AP no other test reads near
    const heard = { id: f.id as number, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] };
    await staffCall('patch', `/api/v1/access-points/${heard.id}`).send({ ssid: SSID, bssids: [bssid] }).expect(200);
    for (const [k, phone] of phones.entries()) for (const round of [0, 1]) await post(phone, ring(heard, { ssid: SSID, bssid }, 6 * round + 2 * k)).expect(201);
    const reporters = await Promise.all(Array.from({ length: 8 }, (_, k) => mintDevice(s.url, `2001:db8:7${k}::1`)));
    const spots = new Map<string, { lon: number; lat: number }>();
    for (const [k, phone] of reporters.entries()) {
      const at = offset(heard, 12 * Math.cos((k * Math.PI) / 4), 12 * Math.sin((k * Math.PI) / 4));
      const id = (await request(s.url).post('/api/v1/reports').set('X-Device-Token', phone).send({ kind: 'no_wifi', ...at }).expect(201)).body.id;
      const [lon, lat] = (await request(s.url).get(`/api/v1/reports/${id}`).expect(200)).body.geometry.coordinates; // where the model reads it
      spots.set(`${lon},${lat}`, { lon, lat });
    }
    await modelCaughtUp(s.url);
    await modelSettled(s.url);
    let counted = 0, setAside = 0;
    for (const spot of spots.values()) {
      const x = (await request(s.url).get('/api/v1/coverage/explain').query(spot).expect(200)).body;
      counted += x.evidence.reports;
      setAside += x.evidence.setAside.implausible;
      // Where every report was set aside, the level is the phones' readings' (counted, the reports pulled it 9–13 dB down).
      if (x.evidence.reports === 0) expect(x.predictedDbm - x.fusedDbm).toBeLessThan(4);
    }
    expect(counted + setAside).toBe(8);
    expect(setAside).toBeGreaterThanOrEqual(4);
  });

});

describe('one phone and the probability it cannot teach the whole city', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ TRUST_PROXY: 'true' }); // phones on their own networks (X-Forwarded-For) are told apart
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when one phone reports "no free Wi-Fi here" at the Central Library\'s door, then the map keeps the library\'s reach and says why, until a second phone\'s report', async () => {
    const features = (await request(s.url).get('/api/v1/access-points').expect(200)).body.features as GeoJSON.Feature<GeoJSON.Point>[];
    const library = features.find((f) => f.properties!.name === 'Kitchener Public Library - Central Library')!;
    const door = { lon: library.geometry.coordinates[0], lat: library.geometry.coordinates[1] };
    const spots = [[0, 0], [15, 0], [-15, 0], [0, 15]].map(([e, n]) => offset(door, e, n));
    const classes = async () => {
      const out: (string | null)[] = [];
      for (const spot of spots) out.push((await request(s.url).get('/api/v1/coverage/explain').query(spot).expect(200)).body.class);
      return out;
    };
    const before = await classes();
    expect(before.filter((c) => c === 'good' || c === 'fair').length).toBeGreaterThanOrEqual(3);
    const report = async (token: string, spot: { lon: number; lat: number }, kind: string) => {
      await request(s.url).post('/api/v1/reports').set('X-Device-Token', token).send({ kind, ...spot }).expect(201);
      await modelCaughtUp(s.url);
      await modelSettled(s.url);
    };
    const vandal = await mintDevice(s.url, '2001:db8:51::1');
    for (const [k, spot] of spots.entries()) await report(vandal, spot, k % 2 ? 'hotspot_down' : 'no_wifi');
    expect(await classes()).toEqual(before); // until 2026-12-07 its first report alone turned the door poor and the cells round it none
    const why = (await request(s.url).get('/api/v1/coverage/explain').query(spots[0]).expect(200)).body;
    expect(why.evidence.setAside.unconfirmed).toBeGreaterThanOrEqual(1); // the spots 15 m off may share its cell
    expect(why.summary).toMatch(/set aside as far weaker than predicted until another phone's reading nearby backs (it|them)/);
    await report(await mintDevice(s.url, '2001:db8:52::1'), spots[0], 'no_wifi'); // a second phone: both count
    const after = (await request(s.url).get('/api/v1/coverage/explain').query(spots[0]).expect(200)).body;
    expect([after.covered, after.evidence.setAside.unconfirmed]).toEqual([false, 0]);
  });

  it('when one phone reports "works here" at 20 spots 200–600 m round the Central Library, then once settled the city\'s covered area is as before', async () => {
    const features = (await request(s.url).get('/api/v1/access-points').expect(200)).body.features as GeoJSON.Feature<GeoJSON.Point>[];
    const library = features.find((f) => f.properties!.name === 'Kitchener Public Library - Central Library')!;
    const at = { lon: library.geometry.coordinates[0], lat: library.geometry.coordinates[1] };
    const covered = async () => (await request(s.url).get('/api/v1/coverage/stats').expect(200)).body.city.coveredAreaM2 as number;
    await modelSettled(s.url);
    const before = await covered();
    const phone = await mintDevice(s.url, '2001:db8:53::1'), random = mulberry32(40);
    for (let k = 0; k < 20; k++) {
      const r = 200 + 400 * random(), a = 2 * Math.PI * random();
      await request(s.url).post('/api/v1/reports').set('X-Forwarded-For', '2001:db8:53::1').set('X-Device-Token', phone).send({ kind: 'works', ...offset(at, r * Math.cos(a), r * Math.sin(a)) }).expect(201);
    }
    await modelCaughtUp(s.url);
    await modelSettled(s.url);
    // Until 2026-12-07 reports skipped the lone-loud test readings face: such reports, 40 of them, added 3.6 ha.
    expect(await covered()).toBe(before);
  });

  it('when one phone says "nothing heard" 577 times round Victoria Park, then its ward keeps its covered area, P at every other hotspot and every other ward\'s expected area stay, and the park says why', async () => {
    // As a review's script did: until 2026-12-06 (night) the learned P curve took it as the city's rule (a library's door
    // 0.73 → 0.02, the city's expected covered area 84 → 5 ha) while nobody else had measured anything.
    const features = (await request(s.url).get('/api/v1/access-points').expect(200)).body.features as GeoJSON.Feature<GeoJSON.Point>[];
    const park = features.find((f) => f.properties!.name === 'Victoria Park')!, at = { lon: park.geometry.coordinates[0], lat: park.geometry.coordinates[1] };
    const doors = features.filter((f) => f !== park).map((f) => offset({ lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] }, 0, 25));
    const state = async () => {
      const stats = (await request(s.url).get('/api/v1/coverage/stats').expect(200)).body;
      const p: number[] = [];
      for (const door of doors) p.push((await request(s.url).get('/api/v1/coverage/explain').query(door).expect(200)).body.pUsable);
      const parkWard = (await request(s.url).get('/api/v1/coverage/explain').query(at).expect(200)).body.wardId;
      const wards = (stats.wards as { id: string; expectedCoveredAreaM2: number }[]).filter((w) => w.id !== parkWard).map((w) => w.expectedCoveredAreaM2);
      const own = (stats.wards as { id: string; coveredAreaM2: number }[]).find((w) => w.id === parkWard)!.coveredAreaM2;
      return { p, wards, parkWard, own };
    };
    const before = await state();
    expect(before.p.filter((p) => p > 0.5).length).toBeGreaterThan(5); // doors with a chance to lose
    const token = await mintDevice(s.url);
    const random = mulberry32(577);
    const quiet = Array.from({ length: 577 }, () => {
      const r = 340 * Math.sqrt(random()), a = 2 * Math.PI * random();
      return { ...offset(at, r * Math.cos(a), r * Math.sin(a)), noFreeNetwork: true, accuracyM: 8, observedAt: new Date().toISOString(), source: 'app' };
    });
    await request(s.url).post('/api/v1/observations/batch').set('X-Device-Token', token).send({ observations: quiet }).expect(201);
    await modelCaughtUp(s.url);
    await modelSettled(s.url);
    const after = await state();
    expect(after.p).toEqual(before.p);
    expect(after.wards).toEqual(before.wards);
    // Until 2026-12-07 they blanked the park itself: its ward's covered area 32.2 → 0.9 ha. Now one phone's readings far
    // under a usable prediction wait for a second phone's near them (engine unit test: then both phones' count).
    expect(before.own).toBeGreaterThan(100_000);
    expect(after.own).toBe(before.own);
    const why = (await request(s.url).get('/api/v1/coverage/explain').query(at).expect(200)).body;
    expect(why.evidence.setAside.unconfirmed).toBeGreaterThan(0);
    expect(why.summary).toMatch(/set aside as far weaker than predicted until another phone's reading nearby backs (it|them)/);
  });
});
