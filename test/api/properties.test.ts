// Property-based: any input to the anonymous write endpoints gives 2xx or 4xx, never 5xx, and never
// a partial row: a 4xx stores nothing, a 2xx stores exactly what it says. Seeded, so failures replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count, removeDir, startServer, type Running } from './harness';
import { REPORT_KINDS } from '../../server/domain/vocabulary';

const SEED = 20261127;
const RUNS = 120; // per property: enough to reach odd corners, bounded so the suite stays quick

// Values near the real ones, mixed with anything JSON can carry.
const anything = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.boolean(), fc.string({ maxLength: 40 }), fc.double(), fc.integer(),
  fc.constantFrom('NaN', 'Infinity', '', '1e309', '-80.48', '2026-01-01T00:00:00Z', '00:11:22:33:44:55'),
  fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);
// Mostly plausible values, sometimes anything: so both acceptance and every kind of rejection are reached.
const mostly = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ arbitrary: plausible, weight: 6 }, { arbitrary: anything, weight: 1 });
const lon = mostly(fc.double({ min: -80.6, max: -80.35, noNaN: true }));
const lat = mostly(fc.double({ min: 43.33, max: 43.53, noNaN: true }));
const time = mostly(fc.date({ min: new Date('2009-06-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString()));
const uuid = mostly(fc.uuid({ version: 4 }));

// Well-formed bodies from inside the city, so the properties also cover what gets stored.
const inCity = { lon: fc.double({ min: -80.52, max: -80.44, noNaN: true }), lat: fc.double({ min: 43.41, max: 43.47, noNaN: true }) };
const recent = fc.integer({ min: 1, max: 300 * 86_400 }).map((s) => new Date(Date.now() - s * 1000).toISOString());
const validReport = fc.record(
  { kind: fc.constantFrom(...REPORT_KINDS), ...inCity, note: fc.string({ maxLength: 500 }), clientId: fc.uuid({ version: 4 }), observedAt: recent },
  { requiredKeys: ['kind', 'lon', 'lat'] },
);
const validObservation = fc.record(
  { ...inCity, observedAt: recent, signalDbm: fc.integer({ min: -100, max: -10 }), accuracyM: fc.integer({ min: 1, max: 200 }), clientId: fc.uuid({ version: 4 }) },
  { requiredKeys: ['lon', 'lat', 'observedAt', 'signalDbm'] },
);

const fuzzedReport = fc.record(
  {
    kind: mostly(fc.constantFrom(...REPORT_KINDS)),
    lon, lat,
    accuracyM: mostly(fc.double({ min: -10, max: 6000 })),
    note: mostly(fc.string({ maxLength: 600 })),
    clientId: uuid, deviceId: uuid, observedAt: time,
    accessPointId: mostly(fc.integer({ min: -1, max: 25 })),
    extra: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: anything, weight: 1 }),
  },
  { requiredKeys: ['kind', 'lon', 'lat'] },
);
const fuzzedObservation = fc.record(
  {
    observedAt: time, lon, lat,
    accuracyM: mostly(fc.double({ min: -10, max: 6000 })),
    source: mostly(fc.constantFrom('wigle', 'survey', 'app', 'sensor', 'simulated')),
    signalDbm: mostly(fc.double({ min: -105, max: -5 })),
    noFreeNetwork: mostly(fc.boolean()),
    ssid: mostly(fc.string({ maxLength: 40 })),
    bssid: mostly(fc.constant('aa:bb:cc:dd:ee:ff')),
    test: mostly(fc.record({ latencyMs: fc.double({ min: -1, max: 70_000 }), downMbps: fc.double({ min: -1, max: 20_000 }) }, { requiredKeys: [] })),
    clientId: uuid,
  },
  { requiredKeys: ['observedAt', 'lon', 'lat'] },
);
const reportBody = fc.oneof(validReport, fuzzedReport);
const observationBody = fc.oneof(validObservation, fuzzedObservation);

describe('anonymous write endpoints under arbitrary input', () => {
  let s: Running;
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  const send = (path: string, body: unknown) =>
    fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) ?? 'null' });

  it('POST /reports: 2xx adds at most one row, 4xx adds none, never 5xx', async () => {
    let created = 0;
    await fc.assert(
      fc.asyncProperty(reportBody, async (body) => {
        const before = count(s.store, 'reports');
        const res = await send('/api/v1/reports', body);
        const added = count(s.store, 'reports') - before;
        expect(res.status).toBeLessThan(500);
        if (res.status === 201) expect(added).toBe(1);
        else expect(added).toBe(0); // 200 is a retry of an existing clientId
        created += Number(res.status === 201);
        if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(created).toBeGreaterThan(0); // the generator reaches valid input too, not only rejections
  });

  it('POST /observations/batch: all elements stored or none, never 5xx', async () => {
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(observationBody, { minLength: 0, maxLength: 3 }), async (observations) => {
        const before = count(s.store, 'observations');
        const res = await send('/api/v1/observations/batch', { observations });
        const added = count(s.store, 'observations') - before;
        expect(res.status).toBeLessThan(500);
        if (res.status === 201) expect(added).toBe(((await res.json()) as { created: number }).created);
        else expect(added).toBe(0);
        stored += added;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(stored).toBeGreaterThan(0);
  });

  it('POST /observations and /reports/{id}/confirmations with any JSON value: never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(observationBody, fc.jsonValue()), fc.oneof(fc.integer({ min: -1, max: 5 }), fc.string({ maxLength: 6 })), async (body, id) => {
        expect((await send('/api/v1/observations', body)).status).toBeLessThan(500);
        expect((await send(`/api/v1/reports/${encodeURIComponent(String(id))}/confirmations`, body)).status).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
