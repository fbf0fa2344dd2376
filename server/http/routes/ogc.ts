// OGC API – Features at /ogc: the public layers as collections that QGIS, ArcGIS and GDAL read directly,
// as JSON and as HTML. Pages come from the layer registry, with bbox, datetime, limit and offset in SQL;
// a CQL2 filter, sortby or a box in a projected CRS read the matching features and select them here.
import { Router, type Request, type Response } from 'express';
import { booleanIntersects } from '@turf/turf';
import { parse } from '../validate';
import { sendProblem } from '../problem';
import { LAYERS, type Layer, type LayerData } from '../layers';
import { CONFORMANCE, GREGORIAN, OPENAPI_TYPE, ogcOpenApi, ogcServiceDoc } from '../ogc-document';
import { featureSchema, propertySchemas, queryableTypes, queryablesSchema } from '../ogc-schemas';
import { html } from '../ogc-html';
import { ALL_LICENCES, licencesOf } from '../ogc-licences';
import { InvalidInput, NotFound } from '../../domain/errors';
import { ITEMS_LIMIT_ANONYMOUS_MAX, ogcQueries, type ItemsQuery } from '../../domain/layer-query';
import { Cql2Error, evaluateCql2, parseCql2, type Cql2 } from '../../domain/cql2';
import { CRS84, OUTPUT_CRS, boxToLonLat, projectGeometry } from '../../domain/output-crs';
import type { FieldError } from '../../domain/schemas';
import type { LayerFilter } from '../../store/layers';
import { publicBase } from '../public-url';
import type { HttpDeps } from '../deps';
import type { AccessPoint } from '../../domain/types';

const JSON_TYPE = 'application/json';
const GEOJSON_TYPE = 'application/geo+json';
const HTML_TYPE = 'text/html';
const SCHEMA_TYPE = 'application/schema+json';
const OGC_REL = 'http://www.opengis.net/def/rel/ogc/1.0';

const link = (href: string, rel: string, type: string, title?: string) => ({ href, rel, type, ...(title && { title }) });
const licenceLinks = (root: string, licences: readonly { id: string; title: string; href: string | null }[]) =>
  licences.map((l) => link(l.href ?? `${root}/licences#${l.id}`, 'license', HTML_TYPE, l.title));

/** HTML when asked by f=html, or, without f, when the Accept header prefers it (a browser); JSON otherwise. */
const wantsHtml = (req: Request, f: string | undefined) =>
  f === 'html' || (f === undefined && req.accepts([JSON_TYPE, GEOJSON_TYPE, HTML_TYPE]) === HTML_TYPE);
const sendHtml = (res: Response, text: string) => res.type(HTML_TYPE).send(text);

/** Orders features by sortby: each key ascending or descending, nulls last, ties kept in the layer's order. */
function sortFeatures(features: GeoJSON.Feature[], keys: { name: string; descending: boolean }[]) {
  const compare = (a: unknown, b: unknown) => {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    return (a as number) < (b as number) ? -1 : 1;
  };
  return features
    .map((f, i) => ({ f, i }))
    .sort((x, y) => {
      for (const { name, descending } of keys) {
        const [a, b] = [x.f.properties?.[name], y.f.properties?.[name]];
        const c = compare(a, b);
        if (c !== 0) return a === null || a === undefined || b === null || b === undefined ? c : descending ? -c : c;
      }
      return x.i - y.i;
    })
    .map(({ f }) => f);
}

/** The layer-dependent checks of an items query: filter, sortby and properties against the collection's schema. */
function checkAgainstSchema(layer: Layer<unknown>, q: ItemsQuery): Cql2 | undefined {
  const queryables = queryableTypes(layer);
  const errors: FieldError[] = [];
  let tree: Cql2 | undefined;
  if (q.filter) {
    try {
      tree = parseCql2(q.filter, queryables);
    } catch (err) {
      if (!(err instanceof Cql2Error)) throw err;
      errors.push({ path: 'filter', message: err.message });
    }
  }
  for (const { name } of q.sortby ?? [])
    if (!(name in queryables)) errors.push({ path: 'sortby', message: `"${name}" is not a sortable property of ${layer.id}: ${Object.keys(queryables).join(', ')}` });
  const names = Object.keys(layer.schema.shape);
  for (const name of q.properties ?? [])
    if (!names.includes(name)) errors.push({ path: 'properties', message: `"${name}" is not a property of ${layer.id}: ${names.join(', ')}` });
  if ((q.filter || q.sortby || (q['bbox-crs'] && q['bbox-crs'] !== CRS84)) && q.after !== undefined)
    errors.push({ path: 'after', message: 'a cursor pages the layer in its own order: with filter, sortby or bbox-crs, page with offset (the next links do)' });
  if (errors.length) throw new InvalidInput(errors);
  return tree;
}

/** A feature as served: only the properties asked for, its geometry in the output CRS. */
function shaped(feature: GeoJSON.Feature, crs: string, properties: string[] | undefined): GeoJSON.Feature {
  const props = properties && feature.properties ? Object.fromEntries(properties.filter((p) => p in feature.properties!).map((p) => [p, feature.properties![p]])) : feature.properties;
  return { ...feature, geometry: feature.geometry && projectGeometry(crs, feature.geometry), properties: props };
}

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
    const at = `${root}/collections/${layer.id}`;
    return {
      id: layer.id,
      title: layer.title,
      description: layer.description,
      attribution: licencesOf(layer.id).map((l) => l.attribution).join('. '),
      itemType: 'feature',
      crs: OUTPUT_CRS,
      storageCrs: CRS84,
      extent: {
        spatial: { bbox: [extent.bbox ?? serviceArea.bbox], crs: CRS84 },
        ...(extent.interval && { temporal: { interval: [extent.interval], trs: GREGORIAN } }),
      },
      links: [
        link(at, 'self', JSON_TYPE, layer.title),
        link(`${at}?f=html`, 'alternate', HTML_TYPE, `${layer.title} (HTML)`),
        link(`${at}/items`, 'items', GEOJSON_TYPE, `${layer.title} (GeoJSON)`),
        link(`${at}/items?f=html`, 'items', HTML_TYPE, `${layer.title} (HTML)`),
        link(`${at}/schema`, `${OGC_REL}/schema`, SCHEMA_TYPE, 'Schema of the features'),
        link(`${at}/schema`, 'describedby', SCHEMA_TYPE, 'Schema of the features'),
        // The same link as GDAL (3.6) spells the relation: it compares rel names case-sensitively.
        link(`${at}/schema`, 'describedBy', SCHEMA_TYPE, 'Schema of the features'),
        link(`${at}/queryables`, `${OGC_REL}/queryables`, SCHEMA_TYPE, 'Properties to filter and sort by'),
        ...licenceLinks(root, licencesOf(layer.id)),
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
    const { f } = parse(ogcQueries.plain, req.query);
    const root = base(req);
    const title = 'Wi-Fi Reach – OGC API – Features';
    const description = 'Free public Wi-Fi in Kitchener, Ontario: access points, residents\' reports, signal observations, priority places, transit stops, wards, and the coverage model\'s 100 m blocks, gaps and ward coverage.';
    const links = [
      link(root, 'self', JSON_TYPE, 'This document'),
      link(`${root}?f=html`, 'alternate', HTML_TYPE, 'This document as HTML'),
      link(`${root}/api`, 'service-desc', OPENAPI_TYPE, 'The API definition (OpenAPI 3.0)'),
      link(`${root}/api.html`, 'service-doc', HTML_TYPE, 'The API documentation'),
      link(`${root}/conformance`, 'conformance', JSON_TYPE, 'Conformance classes'),
      link(`${root}/collections`, 'data', JSON_TYPE, 'The collections'),
      ...licenceLinks(root, ALL_LICENCES),
    ];
    if (wantsHtml(req, f)) return sendHtml(res, html.landing(root, title, description, links.filter((l) => l.rel !== 'self' && l.rel !== 'alternate')));
    res.json({ title, description, attribution: ALL_LICENCES.map((l) => l.attribution).join('. '), links });
  });
  router.get('/licences', (req, res) => {
    parse(ogcQueries.plain, req.query);
    sendHtml(res, html.licences(base(req)));
  });
  router.get('/api', (req, res) => {
    parse(ogcQueries.plain, req.query);
    res.type(OPENAPI_TYPE).send(JSON.stringify(apiDocument));
  });
  router.get('/api.html', (req, res) => {
    res.type('text/html').send(ogcServiceDoc(base(req), collections));
  });
  router.get('/conformance', (req, res) => {
    const { f } = parse(ogcQueries.plain, req.query);
    if (wantsHtml(req, f)) return sendHtml(res, html.conformance(base(req), CONFORMANCE));
    res.json({ conformsTo: CONFORMANCE });
  });
  router.get('/collections', (req, res) => {
    const { f } = parse(ogcQueries.plain, req.query);
    const root = base(req);
    const described = collections.map((c) => describe(c, root));
    if (wantsHtml(req, f)) return sendHtml(res, html.collections(root, described));
    res.json({
      links: [link(`${root}/collections`, 'self', JSON_TYPE, 'The collections'), link(`${root}/collections?f=html`, 'alternate', HTML_TYPE, 'The collections as HTML')],
      crs: OUTPUT_CRS,
      collections: described,
    });
  });
  router.get('/collections/:collectionId', (req, res) => {
    const { layer } = collectionOf(req.params.collectionId);
    const { f } = parse(ogcQueries.plain, req.query);
    const root = base(req);
    if (wantsHtml(req, f)) return sendHtml(res, html.collection(root, describe(layer, root), propertySchemas(layer), licencesOf(layer.id)));
    res.json(describe(layer, root));
  });
  router.get('/collections/:collectionId/schema', (req, res) => {
    const { layer } = collectionOf(req.params.collectionId);
    parse(ogcQueries.plain, req.query);
    res.type(SCHEMA_TYPE).send(JSON.stringify(featureSchema(layer, `${base(req)}/collections/${layer.id}/schema`)));
  });
  router.get('/collections/:collectionId/queryables', (req, res) => {
    const { layer } = collectionOf(req.params.collectionId);
    parse(ogcQueries.plain, req.query);
    res.type(SCHEMA_TYPE).send(JSON.stringify(queryablesSchema(layer, `${base(req)}/collections/${layer.id}/queryables`)));
  });

  // OGC API – Features has no sign-in of its own: staff reach it with an API token (Authorization: Bearer).
  router.get('/collections/:collectionId/items', reads.budget, reads.expensive, async (req, res) => {
    const { layer, records } = collectionOf(req.params.collectionId as string);
    const parsed = parse(ogcQueries.items, req.query);
    // Clamped, as an over-large limit is (OGC /req/core/query-param-limit-response); staff with a token get the full 10,000.
    const q = req.caller ? parsed : { ...parsed, limit: Math.min(parsed.limit, ITEMS_LIMIT_ANONYMOUS_MAX) };
    const tree = checkAgainstSchema(layer, q);
    const crs = q.crs ?? CRS84;
    const projectedBox = q.bbox && q['bbox-crs'] && q['bbox-crs'] !== CRS84 ? boxToLonLat(q['bbox-crs'], q.bbox) : undefined;
    // A collection without a time has nothing for datetime to select on; it is ignored, as pygeoapi does.
    const filter: LayerFilter = { bbox: projectedBox?.envelope ?? q.bbox, ...(records.temporal && q.datetime), after: q.after };
    const context = { reachM, probablyDown };
    reads.charge(req, records.scanned(filter)); // an aggregate over raw readings costs the readings, charged before it runs

    let numberMatched: number, features: GeoJSON.Feature[], cursor: string | undefined;
    if (tree || q.sortby || projectedBox) {
      // Every feature the indexes select, then the exact box, the filter and the order here; pages by offset.
      const snapshot = await records.snapshot(filter);
      reads.charge(req, snapshot.count);
      let all: GeoJSON.Feature[] = [];
      for (const record of snapshot.records) all.push(layer.feature(record, context));
      if (projectedBox) all = all.filter((f) => booleanIntersects(f.geometry, projectedBox.polygon));
      if (tree) all = all.filter((f) => evaluateCql2(tree, f.properties ?? {}) === true);
      if (q.sortby) all = sortFeatures(all, q.sortby);
      numberMatched = all.length;
      features = all.slice(q.offset, q.offset + q.limit);
    } else {
      // Count and page in one synchronous turn (no write lands between them), or one scan of a time window, step by step.
      const page = await records.page(filter, q.limit, q.offset);
      numberMatched = page.total;
      reads.charge(req, page.records.length);
      features = page.records.map((r) => layer.feature(r, context));
      const last = page.records[page.records.length - 1];
      // Keyset: the next page seeks past the last cell instead of walking an offset; a cursor has no way back.
      if (records.cursor && last !== undefined && page.records.length === q.limit) cursor = records.cursor(last);
    }
    features = features.map((f) => shaped(f, crs, q.properties));

    const root = base(req);
    const url = `${root}/collections/${layer.id}/items`;
    const pageAt = (offset: number, after?: string, format?: 'html') => {
      const params = new URLSearchParams(req.query as Record<string, string>);
      params.set('limit', String(q.limit)); // the limit served, after clamping
      if (format) params.set('f', format);
      else params.delete('f');
      if (after === undefined) params.set('offset', String(offset));
      else {
        params.delete('offset');
        params.set('after', after);
      }
      return `${url}?${params}`;
    };
    const keyset = Boolean(records.cursor) && !tree && !q.sortby && !projectedBox;
    const pageLinks = (format?: 'html') => {
      const type = format ? HTML_TYPE : GEOJSON_TYPE;
      const links = [];
      if (keyset) {
        if (cursor !== undefined) links.push(link(pageAt(0, cursor, format), 'next', type, 'Next page'));
      } else if (q.offset + features.length < numberMatched) links.push(link(pageAt(q.offset + q.limit, undefined, format), 'next', type, 'Next page'));
      if (q.offset > 0 && q.after === undefined) links.push(link(pageAt(Math.max(0, q.offset - q.limit), undefined, format), 'prev', type, 'Previous page'));
      return links;
    };
    res.set('Content-Crs', `<${crs}>`);
    if (wantsHtml(req, q.f)) return sendHtml(res, html.items(root, layer, features, { matched: numberMatched, returned: features.length }, pageLinks('html'), licencesOf(layer.id)));
    res.type(GEOJSON_TYPE).json({
      type: 'FeatureCollection',
      timeStamp: now().toISOString(),
      numberMatched,
      numberReturned: features.length,
      features,
      links: [
        link(q.after === undefined ? pageAt(q.offset) : pageAt(0, q.after), 'self', GEOJSON_TYPE, 'This page'),
        link(q.after === undefined ? pageAt(q.offset, undefined, 'html') : pageAt(0, q.after, 'html'), 'alternate', HTML_TYPE, 'This page as HTML'),
        link(`${root}/collections/${layer.id}`, 'collection', JSON_TYPE, layer.title),
        ...pageLinks(),
      ],
    });
  });

  router.get('/collections/:collectionId/items/:featureId', (req, res) => {
    const { layer, records } = collectionOf(req.params.collectionId);
    const q = parse(ogcQueries.feature, req.query);
    const names = Object.keys(layer.schema.shape);
    const unknown = (q.properties ?? []).filter((n) => !names.includes(n));
    if (unknown.length) throw new InvalidInput(unknown.map((n) => ({ path: 'properties', message: `"${n}" is not a property of ${layer.id}: ${names.join(', ')}` })));
    const record = records.get(req.params.featureId);
    if (record === undefined) throw new NotFound(`feature in ${layer.id}`, req.params.featureId);
    const root = base(req);
    const crs = q.crs ?? CRS84;
    const feature = shaped(layer.feature(record, { reachM, probablyDown }), crs, q.properties);
    const self = `${root}/collections/${layer.id}/items/${encodeURIComponent(req.params.featureId)}`;
    res.set('Content-Crs', `<${crs}>`);
    if (wantsHtml(req, q.f)) return sendHtml(res, html.item(root, layer, feature, licencesOf(layer.id)));
    res.type(GEOJSON_TYPE).json({
      ...feature,
      links: [
        link(self, 'self', GEOJSON_TYPE, 'This feature'),
        link(`${self}?f=html`, 'alternate', HTML_TYPE, 'This feature as HTML'),
        link(`${root}/collections/${layer.id}`, 'collection', JSON_TYPE, layer.title),
      ],
    });
  });

  router.use((req, res) => sendProblem(res, { title: 'Not found', status: 404, detail: `No OGC API resource ${req.method} ${req.baseUrl}${req.path}` }));
  return router;
}
