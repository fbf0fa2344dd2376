// Lists in a query (ids, statuses, kinds, Open311 service_request_id) are bound as one JSON parameter:
// a list of any length reuses the same prepared statement, so anonymous GETs cannot grow memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DOWNTOWN, removeDir, startServer, type Running } from './harness';
import { cachedStatementCount } from '../../server/store/db';

const list = (n: number, item: (i: number) => string | number) => Array.from({ length: n }, (_, i) => item(i)).join(',');

describe('the prepared-statement cache', () => {
  let s: Running;
  const ids: number[] = [];
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_WRITES_PER_MINUTE: '1000' });
    for (const kind of ['no_wifi', 'too_weak', 'works']) {
      const res = await request(s.url).post('/api/v1/reports').send({ kind, lon: DOWNTOWN.lon, lat: DOWNTOWN.lat });
      ids.push(res.body.id);
    }
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  /** Every list-filtered read an anonymous caller can make, with lists n long. */
  async function readWithLists(n: number) {
    const get = (path: string, query: Record<string, string>) => request(s.url).get(path).query(query);
    const answers = await Promise.all([
      get('/api/v1/reports', { ids: list(n, (i) => ids[i % ids.length]) }),
      get('/api/v1/reports', { ids: list(Math.min(n, 100), (i) => i + 1) }),
      get('/api/v1/reports', { status: list(n, () => 'open') }),
      get('/api/v1/reports', { kind: list(n, (i) => ['no_wifi', 'too_weak'][i % 2]), status: list(n, () => 'open') }),
      get('/open311/v2/requests.json', { service_request_id: list(n, (i) => ids[i % ids.length]) }),
      get('/open311/v2/requests.json', { service_code: list(n, () => 'no_wifi'), status: list(n, () => 'open') }),
    ]);
    for (const res of answers) expect(res.status, `${n}: ${res.text}`).toBe(200);
    return answers;
  }

  it('when lists of 1 to 300 items are asked for, then the cache holds the same few statements as after the first', async () => {
    await readWithLists(1);
    const first = cachedStatementCount(s.store.db);
    for (let n = 2; n <= 300; n++) await readWithLists(n);
    expect(cachedStatementCount(s.store.db)).toBe(first);
    expect(first).toBeLessThan(20);
  }, 120_000);

  it('when a list repeats ids, then each report is answered once', async () => {
    const [byIds] = await readWithLists(300);
    expect(byIds.body.features.map((f: { properties: { id: number } }) => f.properties.id)).toEqual(ids);
  });

  it('when more than 100 different ids are asked for, then 400 names the limit, in each format', async () => {
    const api = await request(s.url).get('/api/v1/reports').query({ ids: list(101, (i) => i + 1) });
    expect(api.status).toBe(400);
    expect(api.body.errors).toEqual([{ path: 'ids', message: 'at most 100 different ids' }]);
    const open311 = await request(s.url).get('/open311/v2/requests.json').query({ service_request_id: list(101, (i) => i + 1) });
    expect(open311.status).toBe(400);
    expect(open311.body[0].description).toMatch(/service_request_id: at most 100 different ids/);
  });
});
