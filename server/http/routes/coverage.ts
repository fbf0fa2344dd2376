// Coverage read from the live model: cells for the map, ranked gaps, statistics, why a cell is what
// it is; what-if scenarios and site recommendations for planners.
import { Router } from 'express';
import { parse } from '../validate';
import { requireRole } from '../auth';
import { InvalidInput } from '../../domain/errors';
import { coverageTiles } from '../coverage-tiles';
import type { BBox } from '../../domain/types';
import type { HttpDeps } from '../deps';

const MAX_FEATURES = 20_000; // cells per response: beyond this a phone struggles, so a coarser level is served
const CACHED_CELL_SHARE = 10; // cells served from the tile cache count a tenth of a feature against the read budget (measured: ~10× cheaper than built)
const CACHE_ENTRIES = 64; // serialised responses kept; the key includes the model version, so none goes stale

/** Zoom 15+ shows 25 m cells, 13–14 100 m blocks, below that 400 m blocks. */
export const levelForZoom = (zoom: number) => (zoom >= 15 ? 0 : zoom >= 13 ? 1 : 2);

export function coverageRoutes({ schemas, coverage, reads }: HttpDeps): Router {
  const router = Router();
  router.use('/coverage', (_req, _res, next) => {
    coverage.refresh(); // readings of the last second reach the hotspot fits before anyone reads the map
    next();
  });
  const cache = new Map<string, string>();
  const tiles = coverageTiles(coverage);
  const remember = (key: string, body: string) => {
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, body);
    return body;
  };

  // Served from fixed tiles (http/coverage-tiles.ts): random bboxes reuse the same serialised cells
  // instead of each building its own answer.
  router.get('/coverage/cells', reads.budget, async (req, res) => {
    const q = parse(schemas.coverageCellsQuery, req.query);
    const bbox: BBox = q.bbox ?? coverage.bbox();
    let level = levelForZoom(q.zoom);
    // Coarsen until the response is small enough for a phone (the engine refuses huge fine queries outright).
    const count = (l: number) => {
      try {
        return coverage.cells(bbox, l).ids.length;
      } catch (err) {
        if (err instanceof RangeError) return Infinity;
        throw err;
      }
    };
    while (level < 2 && count(level) > MAX_FEATURES) level++;
    const version = coverage.version;
    const { features, count: n, built } = await tiles.cells(bbox, level);
    reads.charge(req, built + Math.ceil(n / CACHED_CELL_SHARE)); // building a feature costs ~10× serving it from the cache
    // The same cells of the same model make the same body: a tag without hashing megabytes.
    res.type('application/geo+json').set('ETag', `W/"cells-${version}-${level}-${bbox.join('_')}"`).send(`{"type":"FeatureCollection","features":[${features}],"level":${level},"cellSizeM":${coverage.cellSizeM * [1, 4, 16][level]}}`);
  });

  router.get('/coverage/gaps', (req, res) => {
    const q = parse(schemas.gapsQuery, req.query);
    const query = { limit: q.limit, includeTiny: q.includeTiny, wardId: q.ward };
    if (q.format === 'json') return void res.json(coverage.gaps(query));
    const key = `${coverage.version}|gaps|${q.limit}|${q.includeTiny}|${q.ward}`;
    // numberMatched: every ranked gap the filter matches, so a list of the first 50 can say "of 258".
    const body = cache.get(key) ?? remember(key, JSON.stringify({ ...coverage.gapsGeoJSON(query), numberMatched: coverage.gaps({ includeTiny: q.includeTiny, wardId: q.ward }).length }));
    res.type('application/geo+json').send(body);
  });

  router.get('/coverage/gaps/:id', (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const { summary, geometry, places } = coverage.gap(id);
    res.type('application/geo+json').json({ type: 'Feature', id, geometry, properties: { ...summary, places } });
  });

  router.get('/coverage/stats', (_req, res) => {
    res.json({ ...coverage.statistics(), computedAt: new Date(coverage.now).toISOString(), modelVersion: coverage.version, ingest: coverage.ingestState() });
  });

  router.get('/coverage/explain', (req, res) => {
    const { lon, lat } = parse(schemas.explainQuery, req.query);
    const outside = () => new InvalidInput([{ path: 'lon', message: `position (${lon}, ${lat}) is outside the area the coverage model covers (Kitchener)` }]); // made only when thrown: explain runs on every map click
    const [minLon, minLat, maxLon, maxLat] = coverage.bbox();
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat) throw outside();
    try {
      res.json(coverage.explain(lon, lat));
    } catch (err) {
      if (err instanceof RangeError) throw outside(); // on the edge: the bbox above is rounded, the grid is not
      throw err;
    }
  });

  router.post('/coverage/what-if', requireRole('planner', 'admin'), (req, res) => {
    const input = parse(schemas.whatIf, req.body);
    const unknown = [
      ...input.move.map((m, i) => ({ id: m.id, path: `move.${i}.id` })),
      ...input.remove.map((id, i) => ({ id, path: `remove.${i}` })),
      ...input.activate.map((id, i) => ({ id, path: `activate.${i}` })),
    ].filter(({ id }) => !coverage.hasAccessPoint(id));
    if (unknown.length) throw new InvalidInput(unknown.map(({ id, path }) => ({ path, message: `access point ${id} is not in the registry` })));
    const started = performance.now();
    const { result, added } = coverage.whatIf(input); // with the reach of each hypothetical access point, so the map can draw it as the model sees it
    res.json({ ...result, added, computedMs: Math.round((performance.now() - started) * 10) / 10 });
  });

  router.get('/planning/recommendations', requireRole('planner', 'admin'), (req, res) => {
    const q = parse(schemas.recommendationsQuery, req.query);
    res.json(coverage.recommendSites(q.k, q.candidates));
  });
  return router;
}
