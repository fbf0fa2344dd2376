// OGC API – Features Part 1 (Core) at /ogc: the public layers as collections that QGIS, ArcGIS and
// GDAL read directly. Pages come from the layer registry, with bbox, datetime, limit and offset in SQL.
import { Router, type Request } from 'express';
import { parse } from '../validate';
import { sendProblem } from '../problem';
import { LAYERS, type Layer, type LayerData } from '../layers';
import { CONFORMANCE, CRS84, GREGORIAN, OPENAPI_TYPE, ogcOpenApi, ogcServiceDoc } from '../ogc-document';
import { NotFound } from '../../domain/errors';
import { ITEMS_LIMIT_ANONYMOUS_MAX, ogcQueries } from '../../domain/layer-query';
import type { LayerFilter } from '../../store/layers';
import { publicBase } from '../public-url';
import type { HttpDeps } from '../deps';
import type { AccessPoint } from '../../domain/types';

const JSON_TYPE = 'application/json';
const GEOJSON_TYPE = 'application/geo+json';

const link = (href: string, rel: string, type: string, title?: string) => ({ href, rel, type, ...(title && { title }) });

export function ogcRoutes(deps: HttpDeps): Router {
  const { serviceArea, reachM, now, publicBaseUrl, reads } = deps;
  const probablyDown = (ap: AccessPoint) => deps.coverage.assessment(ap)?.probablyDown ?? false;
  const router = Router();
  const collections = LAYERS.filter((l) => l.access === 'public'); // staff layers are never offered anonymously
  const apiDocument = ogcOpenApi(collections.map((c) => c.id));
  const base = (req: Request) => `${publicBase(publicBaseUrl, req)}${req.baseUrl}`;
  const data = new Map(collections.map((c) => [c.id, c.data(deps)]));
  const collectionOf = (id: string): { layer: Layer<unknown>; records: LayerData<unknown> } => {
    const layer = collections.find((c) => c.id === id);
    if (!layer) throw new NotFound('collection', `${id} (collections are ${collections.map((c) => c.id).join(', ')})`);
    return { layer, records: data.get(id)! };
  };

  function describe(layer: Layer<unknown>, root: string) {
    const extent = data.get(layer.id)!.extent();
    return {
      id: layer.id,
      title: layer.title,
      description: layer.description,
      itemType: 'feature',
      crs: [CRS84],
      extent: {
        spatial: { bbox: [extent.bbox ?? serviceArea.bbox], crs: CRS84 },
        ...(extent.interval && { temporal: { interval: [extent.interval], trs: GREGORIAN } }),
      },
      links: [
        link(`${root}/collections/${layer.id}`, 'self', JSON_TYPE, layer.title),
        link(`${root}/collections/${layer.id}/items`, 'items', GEOJSON_TYPE, `${layer.title} (GeoJSON)`),
        link(`${root.replace(/\/ogc$/, '')}/api/v1/exports/${layer.id}.geojson`, 'enclosure', GEOJSON_TYPE, 'Download everything as GeoJSON'),
      ],
    };
  }

  // Public data: any web page may read it.
  router.use((_req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    next();
  });

  router.get('/', (req, res) => {
    parse(ogcQueries.plain, req.query);
    const root = base(req);
    res.json({
      title: 'Wi-Fi Reach – OGC API – Features',
      description: 'Free public Wi-Fi in Kitchener, Ontario: access points, residents\' reports, signal observations, priority places, transit stops, wards, and the coverage model\'s 100 m blocks, gaps and ward coverage.',
      links: [
        link(root, 'self', JSON_TYPE, 'This document'),
        link(`${root}/api`, 'service-desc', OPENAPI_TYPE, 'The API definition (OpenAPI 3.0)'),
        link(`${root}/api.html`, 'service-doc', 'text/html', 'The API documentation'),
        link(`${root}/conformance`, 'conformance', JSON_TYPE, 'Conformance classes'),
        link(`${root}/collections`, 'data', JSON_TYPE, 'The collections'),
      ],
    });
  });
  router.get('/api', (req, res) => {
    parse(ogcQueries.plain, req.query);
    res.type(OPENAPI_TYPE).send(JSON.stringify(apiDocument));
  });
  router.get('/api.html', (req, res) => {
    res.type('text/html').send(ogcServiceDoc(base(req), collections));
  });
  router.get('/conformance', (req, res) => {
    parse(ogcQueries.plain, req.query);
    res.json({ conformsTo: CONFORMANCE });
  });
  router.get('/collections', (req, res) => {
    parse(ogcQueries.plain, req.query);
    const root = base(req);
    res.json({ links: [link(`${root}/collections`, 'self', JSON_TYPE, 'The collections')], collections: collections.map((c) => describe(c, root)) });
  });
  router.get('/collections/:collectionId', (req, res) => {
    const { layer } = collectionOf(req.params.collectionId);
    parse(ogcQueries.plain, req.query);
    res.json(describe(layer, base(req)));
  });

  // OGC API – Features has no sign-in of its own: staff reach it with an API token (Authorization: Bearer).
  router.get('/collections/:collectionId/items', reads.budget, reads.expensive, async (req, res) => {
    const { layer, records } = collectionOf(req.params.collectionId as string);
    const parsed = parse(ogcQueries.items, req.query);
    // Clamped, as an over-large limit is (OGC /req/core/query-param-limit-response); staff with a token get the full 10,000.
    const q = req.caller ? parsed : { ...parsed, limit: Math.min(parsed.limit, ITEMS_LIMIT_ANONYMOUS_MAX) };
    // A collection without a time has nothing for datetime to select on; it is ignored, as pygeoapi does.
    const filter: LayerFilter = { bbox: q.bbox, ...(records.temporal && q.datetime), after: q.after };
    reads.charge(req, records.scanned(filter)); // an aggregate over raw readings costs the readings, charged before it runs
    // Count and page in one synchronous turn (no write lands between them), or one scan of a time window, step by step.
    const page = await records.page(filter, q.limit, q.offset);
    const numberMatched = page.total;
    reads.charge(req, page.records.length);
    const features = page.records.map((r) => layer.feature(r, { reachM, probablyDown }));

    const url = `${base(req)}/collections/${layer.id}/items`;
    const pageAt = (offset: number, after?: string) => {
      const params = new URLSearchParams(req.query as Record<string, string>);
      params.set('limit', String(q.limit)); // the limit served, after clamping
      if (after === undefined) params.set('offset', String(offset));
      else {
        params.delete('offset');
        params.set('after', after);
      }
      return `${url}?${params}`;
    };
    const links = [
      link(pageAt(q.offset), 'self', GEOJSON_TYPE, 'This page'),
      link(`${base(req)}/collections/${layer.id}`, 'collection', JSON_TYPE, layer.title),
    ];
    const last = page.records[page.records.length - 1];
    if (records.cursor) {
      // Keyset: the next page seeks past the last cell instead of walking an offset; a cursor has no way back.
      if (last !== undefined && page.records.length === q.limit) links.push(link(pageAt(0, records.cursor(last)), 'next', GEOJSON_TYPE, 'Next page'));
    } else if (q.offset + features.length < numberMatched) links.push(link(pageAt(q.offset + q.limit), 'next', GEOJSON_TYPE, 'Next page'));
    if (q.offset > 0 && q.after === undefined) links.push(link(pageAt(Math.max(0, q.offset - q.limit)), 'prev', GEOJSON_TYPE, 'Previous page'));

    res.type(GEOJSON_TYPE).json({
      type: 'FeatureCollection',
      timeStamp: now().toISOString(),
      numberMatched,
      numberReturned: features.length,
      features,
      links,
    });
  });

  router.get('/collections/:collectionId/items/:featureId', (req, res) => {
    const { layer, records } = collectionOf(req.params.collectionId);
    parse(ogcQueries.plain, req.query);
    const record = records.get(req.params.featureId);
    if (record === undefined) throw new NotFound(`feature in ${layer.id}`, req.params.featureId);
    const root = base(req);
    res.type(GEOJSON_TYPE).json({
      ...layer.feature(record, { reachM, probablyDown }),
      links: [
        link(`${root}/collections/${layer.id}/items/${encodeURIComponent(req.params.featureId)}`, 'self', GEOJSON_TYPE, 'This feature'),
        link(`${root}/collections/${layer.id}`, 'collection', JSON_TYPE, layer.title),
      ],
    });
  });

  router.use((req, res) => sendProblem(res, { title: 'Not found', status: 404, detail: `No OGC API resource ${req.method} ${req.baseUrl}${req.path}` }));
  return router;
}
