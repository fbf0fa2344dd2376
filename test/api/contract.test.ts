// The contract check itself: an answer that drifts from the OpenAPI document is caught, whichever way it
// drifts. (Every other API test file is checked by the same code after its tests: see harness.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServer, type Running } from './harness';
import { contractProblems, type Document, type Recorded } from './contract';

let s: Running;
let doc: Document;
beforeAll(async () => {
  s = await startServer();
  doc = (await (await fetch(`${s.url}/api/v1/openapi.json`)).json()) as Document;
});
afterAll(async () => {
  await s.stop();
  removeDir(s.dir);
});

const answer = async (path: string): Promise<Recorded> => {
  const res = await fetch(`${s.url}/api/v1${path}`);
  return { method: 'GET', path: `/api/v1${path.split('?')[0]}`, status: res.status, contentType: res.headers.get('content-type')!.split(';')[0], body: Buffer.from(await res.arrayBuffer()) };
};

describe('the contract check', () => {
  it('when answers are as documented, then it finds nothing', async () => {
    const answers = await Promise.all(['/config', '/areas', '/coverage/gaps?format=json&ward=3', '/coverage/gaps?limit=5', '/coverage/stats', '/access-points'].map(answer));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(contractProblems(doc, answers)).toEqual([]);
  });

  it('when an answer drifts in its body, status, content type or route, then each is named', async () => {
    const gaps = await answer('/coverage/gaps?format=json&limit=3');
    const [first, ...rest] = JSON.parse(gaps.body!.toString()) as { rank: number | null }[];
    const stringRank = { ...gaps, body: Buffer.from(JSON.stringify([{ ...first, rank: String(first.rank) }, ...rest])) };
    const config = await answer('/config');
    const extraField = { ...config, body: Buffer.from(JSON.stringify({ ...JSON.parse(config.body!.toString()), secret: 1 })) };
    const problems = contractProblems(doc, [
      stringRank,
      extraField,
      { ...config, status: 201 },
      { ...config, contentType: 'text/html' },
      { ...config, path: '/api/v1/secrets' },
    ]);
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^GET \/coverage\/gaps → 200: body does not match .*GapList.*\/0\/rank must be integer/);
    expect(problems[1]).toMatch(/^GET \/config → 200: body does not match .*AppConfig.* must NOT have additional properties \(secret\)/);
    expect(problems[2]).toBe('GET /config → 201: status not declared (declared: 200, 500)');
    expect(problems[3]).toBe('GET /config → 200: content type text/html not declared (declared: application/json)');
    expect(problems[4]).toBe('GET /api/v1/secrets → 200: not in the document');
  });

  it('when the gaps are filtered by ward, then the document says so, and a gap\'s rank may be null (tiny gaps)', async () => {
    const { parameters } = doc.paths['/coverage/gaps'].get as unknown as { parameters: { name: string }[] };
    expect(parameters.map((p) => p.name).sort()).toEqual(['format', 'includeTiny', 'limit', 'ward']);
    const tiny = await answer('/coverage/gaps?format=json&includeTiny=true&limit=1000');
    const ranks = (JSON.parse(tiny.body!.toString()) as { rank: number | null }[]).map((g) => g.rank);
    expect(ranks).toContain(null);
    expect(contractProblems(doc, [tiny])).toEqual([]);
  });
});
