// Coverage read from the live model: cells for the map, ranked gaps, statistics, why a cell is what
// it is; what-if scenarios and site recommendations for planners.
import { Router } from 'express';
import { parse } from '../validate';
import { requireRole } from '../auth';
import { InvalidInput, NotFound } from '../../domain/errors';
import { recommendSites } from '../../services/siting';
import { hypotheticalAp } from '../../services/coverage';
import { reachM as modelReach } from '../../domain/coverage';
import { coverageTiles } from '../coverage-tiles';
import type { BBox } from '../../domain/types';
import type { HttpDeps } from '../deps';

const MAX_FEATURES = 20_000; // cells per response: beyond this a phone struggles, so a coarser level is served
const CACHED_CELL_SHARE = 10; // cells served from the tile cache count a tenth of a feature against the read budget (measured: ~10× cheaper than built)
const CACHE_ENTRIES = 64; // serialised responses kept; the key includes the model version, so none goes stale

/** Zoom 15+ shows 25 m cells, 13–14 100 m blocks, below that 400 m blocks. */
export const levelForZoom = (zoom: number) => (zoom >= 15 ? 0 : zoom >= 13 ? 1 : 2);

export function coverageRoutes({ schemas, coverage, store, reads }: HttpDeps): Router {
  const router = Router();
  const { engine } = coverage;
  router.use('/coverage', (_req, _res, next) => {
    coverage.refresh(); // readings of the last second reach the hotspot fits before anyone reads the map
    next();
  });
  const cache = new Map<string, string>();
  const tiles = coverageTiles(engine);
  const remember = (key: string, body: string) => {
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, body);
    return body;
  };

  // Served from fixed tiles (http/coverage-tiles.ts): random bboxes reuse the same serialised cells
  // instead of each building its own answer.
  router.get('/coverage/cells', reads.budget, async (req, res) => {
    const q = parse(schemas.coverageCellsQuery, req.query);
    const bbox: BBox = q.bbox ?? engine.grid.bbox();
    let level = levelForZoom(q.zoom);
    // Coarsen until the response is small enough for a phone (the engine refuses huge fine queries outright).
    const count = (l: number) => {
      try {
        return engine.cells(bbox, l).ids.length;
      } catch (err) {
        if (err instanceof RangeError) return Infinity;
        throw err;
      }
    };
    while (level < 2 && count(level) > MAX_FEATURES) level++;
    const version = engine.version;
    const { features, count: n, built } = await tiles.cells(bbox, level);
    reads.charge(req, built + Math.ceil(n / CACHED_CELL_SHARE)); // building a feature costs ~10× serving it from the cache
    // The same cells of the same model make the same body: a tag without hashing megabytes.
    res.type('application/geo+json').set('ETag', `W/"cells-${version}-${level}-${bbox.join('_')}"`).send(`{"type":"FeatureCollection","features":[${features}],"level":${level},"cellSizeM":${engine.grid.cellSizeM * [1, 4, 16][level]}}`);
  });

  router.get('/coverage/gaps', (req, res) => {
    const q = parse(schemas.gapsQuery, req.query);
    const query = { limit: q.limit, includeTiny: q.includeTiny, wardId: q.ward };
    if (q.format === 'json') return void res.json(engine.gaps(query));
    const key = `${engine.version}|gaps|${q.limit}|${q.includeTiny}|${q.ward}`;
    const body = cache.get(key) ?? remember(key, JSON.stringify(engine.gapsGeoJSON(query)));
    res.type('application/geo+json').send(body);
  });

  router.get('/coverage/gaps/:id', (req, res) => {
    const { id } = parse(schemas.idParam, req.params);
    const summary = engine.gaps({ includeTiny: true }).find((g) => g.id === id);
    if (!summary) throw new NotFound('gap', id);
    const places = new Set(summary.placeIds.map(Number));
    res.type('application/geo+json').json({
      type: 'Feature', id, geometry: engine.gapGeometry(id),
      properties: { ...summary, places: store.reference.places().filter((p) => places.has(p.id)).map((p) => ({ id: p.id, name: p.name, kind: p.kind })) },
    });
  });

  router.get('/coverage/stats', (_req, res) => {
    res.json({ ...engine.statistics(), computedAt: new Date(engine.now).toISOString(), modelVersion: engine.version, ingest: coverage.ingestState() });
  });

  router.get('/coverage/explain', (req, res) => {
    const { lon, lat } = parse(schemas.explainQuery, req.query);
    const [minLon, minLat, maxLon, maxLat] = engine.grid.bbox();
    if (lon < minLon || lon > maxLon || lat < minLat || lat > maxLat)
      throw new InvalidInput([{ path: 'lon', message: `position (${lon}, ${lat}) is outside the area the coverage model covers (Kitchener)` }]);
    res.json(engine.explainCell(lon, lat));
  });

  router.post('/coverage/what-if', requireRole('planner', 'admin'), (req, res) => {
    const input = parse(schemas.whatIf, req.body);
    const unknown = [
      ...input.move.map((m, i) => ({ id: m.id, path: `move.${i}.id` })),
      ...input.remove.map((id, i) => ({ id, path: `remove.${i}` })),
      ...input.activate.map((id, i) => ({ id, path: `activate.${i}` })),
    ].filter(({ id }) => !engine.registryIndex.has(id));
    if (unknown.length) throw new InvalidInput(unknown.map(({ id, path }) => ({ path, message: `access point ${id} is not in the registry` })));
    const started = performance.now();
    const added = input.add.map(hypotheticalAp);
    const result = engine.whatIf({
      add: added,
      move: input.move.map((m) => ({ id: m.id, position: [m.lon, m.lat] as const })),
      remove: input.remove,
      activate: input.activate,
    });
    const computedMs = Math.round((performance.now() - started) * 10) / 10;
    // The reach of each hypothetical access point, so the map can draw it as the model sees it.
    res.json({ ...result, added: added.map((a) => ({ id: a.id, position: a.position, reachM: Math.round(modelReach(a)) })), computedMs });
  });

  router.get('/planning/recommendations', requireRole('planner', 'admin'), (req, res) => {
    const q = parse(schemas.recommendationsQuery, req.query);
    res.json(recommendSites(store, coverage, q.k, q.candidates));
  });
  return router;
}
