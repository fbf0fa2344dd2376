// The fixed documents of the OGC API – Features endpoint: conformance classes and the OpenAPI 3.0
// description of /ogc, which GDAL reads for the page size it may ask for.
import { ITEMS_LIMIT_ANONYMOUS_MAX, ITEMS_LIMIT_DEFAULT, ITEMS_LIMIT_MAX } from '../domain/layer-query';
import { OUTPUT_CRS } from '../domain/output-crs';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian';
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

/** What is implemented, and nothing more: Part 1 with HTML, Part 2 (CRS), Part 3 (queryables, CQL2 text filters). */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
];

const f = { name: 'f', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'html'] }, description: 'Output format: JSON (GeoJSON for features) or HTML; without it, the Accept header chooses.' };
const crsParam = (name: string, description: string) => ({ name, in: 'query', required: false, schema: { type: 'string', enum: OUTPUT_CRS }, description });
const crs = crsParam('crs', 'CRS of the geometries returned (the Content-Crs header names it); default CRS84 (lon, lat).');
const properties = { name: 'properties', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', items: { type: 'string' } }, description: 'Only these properties, comma-separated (see the collection\'s schema).' };
const schemaOf = (description: string) => ({ description, content: { 'application/schema+json': { schema: { type: 'object' } } } });
const json = (description: string, type = 'application/json') => ({ description, content: { [type]: { schema: { type: 'object' } } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { type: 'object' } } } });

export function ogcOpenApi(collectionIds: string[]) {
  const collectionId = { name: 'collectionId', in: 'path', required: true, schema: { type: 'string', enum: collectionIds } };
  return {
    openapi: '3.0.3',
    info: {
      title: 'Wi-Fi Reach – OGC API – Features',
      version: '1.0.0',
      description: 'Free public Wi-Fi in Kitchener, Ontario, as OGC API – Features collections: access points, residents\' reports, signal observations by 25 m cell, priority places, transit stops, wards and the coverage model\'s layers. GeoJSON in CRS84 or a projected CRS (Part 2), CQL2 text filters on each collection\'s queryables (Part 3), sortby and properties; HTML pages too.',
      license: { name: 'MIT' },
    },
    servers: [{ url: '/ogc' }],
    paths: {
      '/': { get: { summary: 'Landing page', operationId: 'getLandingPage', parameters: [f], responses: { 200: json('links to the API, its conformance and its collections') } } },
      '/conformance': { get: { summary: 'Conformance classes', operationId: 'getConformance', parameters: [f], responses: { 200: json('conformsTo') } } },
      '/collections': { get: { summary: 'The collections, with spatial and temporal extents', operationId: 'getCollections', parameters: [f], responses: { 200: json('collections') } } },
      '/collections/{collectionId}': {
        get: { summary: 'One collection', operationId: 'describeCollection', parameters: [collectionId, f], responses: { 200: json('collection'), 404: problem('no such collection') } },
      },
      '/collections/{collectionId}/schema': {
        get: { summary: 'JSON Schema of the collection\'s GeoJSON features (describedby)', operationId: 'getSchema', parameters: [collectionId], responses: { 200: schemaOf('JSON Schema 2020-12'), 404: problem('no such collection') } },
      },
      '/collections/{collectionId}/queryables': {
        get: { summary: 'The properties filter and sortby may name, with their types (Part 3)', operationId: 'getQueryables', parameters: [collectionId], responses: { 200: schemaOf('JSON Schema 2020-12'), 404: problem('no such collection') } },
      },
      '/collections/{collectionId}/items': {
        get: {
          summary: 'Features of a collection, a page at a time (follow the next link)',
          operationId: 'getFeatures',
          parameters: [
            collectionId,
            {
              name: 'limit', in: 'query', required: false, style: 'form', explode: false,
              schema: { type: 'integer', minimum: 1, maximum: ITEMS_LIMIT_MAX, ITEMS_LIMIT_ANONYMOUS_MAX, default: ITEMS_LIMIT_DEFAULT },
              description: `Features per page; larger values are served as ${ITEMS_LIMIT_MAX}, or ${ITEMS_LIMIT_ANONYMOUS_MAX} without an API token (follow the next links).`,
            },
            { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 }, description: 'Features to skip (the next and prev links set it).' },
            { name: 'after', in: 'query', required: false, schema: { type: 'string' }, description: 'Keyset cursor: features after this one (the next links of the observations collection set it; a seek, not a walk past skipped features).' },
            {
              name: 'bbox', in: 'query', required: false, style: 'form', explode: false,
              schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
              description: 'minLon,minLat,maxLon,maxLat in CRS84 (or minX,minY,maxX,maxY in bbox-crs): features whose geometry meets the box.',
            },
            crsParam('bbox-crs', 'CRS of bbox; default CRS84.'),
            crs,
            { name: 'filter', in: 'query', required: false, schema: { type: 'string' }, description: 'A CQL2 text expression over the collection\'s queryables: comparisons (=, <>, <, >, <=, >=), IS [NOT] NULL, [NOT] LIKE, BETWEEN, IN, with AND, OR, NOT and parentheses; times as TIMESTAMP(\'…\') or DATE(\'…\'). Example: dbm > -70 AND class <> \'none\'.' },
            { name: 'filter-lang', in: 'query', required: false, schema: { type: 'string', enum: ['cql2-text'], default: 'cql2-text' } },
            crsParam('filter-crs', 'CRS of geometries in a filter; filters here compare properties only, so it changes nothing.'),
            { name: 'sortby', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'array', items: { type: 'string', pattern: '^[+-]?[A-Za-z_][A-Za-z0-9_]*$' } }, description: 'Queryables to order by, comma-separated; a leading - for descending (e.g. -score,rank). Nulls come last.' },
            properties,
            {
              name: 'datetime', in: 'query', required: false, style: 'form', explode: false, schema: { type: 'string' },
              description: 'An instant or an interval, RFC 3339: 2026-05-01T12:00:00Z, 2026-01-01T00:00:00Z/2026-02-01T00:00:00Z, ../2026-02-01T00:00:00Z, 2026-01-01T00:00:00Z/.. Collections without a time ignore it.',
            },
            f,
          ],
          responses: { 200: json('FeatureCollection with numberMatched, numberReturned, timeStamp and links', 'application/geo+json'), 400: problem('unknown or invalid query parameter'), 404: problem('no such collection') },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          summary: 'One feature',
          operationId: 'getFeature',
          parameters: [collectionId, { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, crs, properties, f],
          responses: { 200: json('Feature', 'application/geo+json'), 404: problem('no such feature') },
        },
      },
    },
  };
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The human-readable service documentation: what is here and how to open it in QGIS or GDAL. */
export function ogcServiceDoc(base: string, collections: { id: string; title: string; description: string }[]): string {
  const items = collections
    .map((c) => `<li><a href="${escape(`${base}/collections/${c.id}/items?f=json`)}">${escape(c.title)}</a> (<code>${escape(c.id)}</code>): ${escape(c.description)}</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Wi-Fi Reach – OGC API – Features</title></head>
<body>
<h1>Wi-Fi Reach – OGC API – Features</h1>
<p>Free public Wi-Fi in Kitchener, Ontario, as OGC API – Features Part 1 (Core). Open it in QGIS
(Layer › Add Layer › Add WFS / OGC API – Features Layer) or with GDAL:
<code>ogrinfo OAPIF:${escape(base)}</code>. The <a href="${escape(`${base}/api`)}">OpenAPI document</a> describes every parameter.</p>
<h2>Collections</h2>
<ul>
${items}
</ul>
</body></html>
`;
}
