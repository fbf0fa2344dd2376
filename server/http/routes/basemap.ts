// The embedded street basemap (data/basemap, derived by scripts/derive-seed.ts) and the search over
// addresses, streets, places, stops and wards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { parse } from '../validate';
import { NotFound } from '../../domain/errors';
import type { HttpDeps } from '../deps';

const LAYERS = ['arterials', 'streets', 'street-labels'] as const; // one vocabulary with client/map/basemap.ts
const FONT_DIRS: Record<string, string> = { 'DejaVu Sans Book': 'dejavu-sans-book' }; // MapLibre text-font → folder
const MAX_AGE_S = 86_400; // a day: the files change only when the seed is derived again, and the service worker revalidates

export function basemapRoutes({ basemapDir, search, schemas }: HttpDeps): Router {
  const router = Router();
  // Read once, served from memory: every phone asks for the same few hundred kilobytes.
  const files = new Map<string, Buffer>();
  const file = (name: string): Buffer | null => {
    if (!files.has(name)) {
      try {
        files.set(name, readFileSync(join(basemapDir, name)));
      } catch {
        return null;
      }
    }
    return files.get(name)!;
  };
  const cacheable = { 'Cache-Control': `public, max-age=${MAX_AGE_S}` };

  router.get('/basemap/:layer.geojson', (req, res) => {
    const layer = req.params.layer as (typeof LAYERS)[number];
    const body = LAYERS.includes(layer) ? file(`${layer}.geojson`) : null;
    if (!body) throw new NotFound('basemap layer', req.params.layer);
    res.type('application/geo+json').set(cacheable).send(body);
  });
  router.get('/basemap/glyphs/:fontstack/:range.pbf', (req, res) => {
    const dir = FONT_DIRS[req.params.fontstack];
    const body = dir && /^\d+-\d+$/.test(req.params.range) ? file(join('glyphs', dir, `${req.params.range}.pbf`)) : null;
    if (!body) throw new NotFound('glyph range', `${req.params.fontstack}/${req.params.range}`);
    res.type('application/x-protobuf').set(cacheable).send(body);
  });

  router.get('/search', (req, res) => {
    const { q, limit } = parse(schemas.searchQuery, req.query);
    res.json({ query: q, results: search.search(q, limit) });
  });
  // Everything the search knows, for a phone to search with no connection (the service worker keeps it).
  let index: string | null = null;
  router.get('/search/index', (_req, res) => {
    index ??= JSON.stringify(search.source);
    res.type('application/json').set(cacheable).send(index);
  });
  return router;
}
