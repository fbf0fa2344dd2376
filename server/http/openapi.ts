// The OpenAPI 3.0 document, with request schemas generated from the same zod schemas that validate,
// so the document cannot drift from what the server accepts.
import { z } from 'zod';
import type { Schemas } from '../domain/schemas';
import { filePaths } from './openapi-files';
import { CONFIRMATION_REASONS } from '../domain/confirmation-count';

const json = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  return rest;
};
const body = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
const geo = (description: string) => ({ description, content: { 'application/geo+json': { schema: { type: 'object' } } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
/** The report as GeoJSON with a `confirmation` foreign member: whether this "me too" counted, and why not. */
const confirmed = (description: string) => ({
  description,
  content: { 'application/geo+json': { schema: { type: 'object', properties: { confirmation: { $ref: '#/components/schemas/ConfirmationResult' } } } } },
});
const bboxParam = { name: 'bbox', in: 'query', schema: { type: 'string' }, example: '-80.50,43.44,-80.47,43.46', description: 'minLon,minLat,maxLon,maxLat (WGS84)' };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const staff = [{ session: [] }, { token: [] }];
const bssidParam = { name: 'bssid', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$' } };
const deviceToken = { $ref: '#/components/parameters/DeviceToken' };
const badDevice = problem('X-Device-Token not recognised (forged, damaged or revoked): request a new one with POST /devices');

export function openApiDocument(schemas: Schemas) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Wi-Fi Reach API',
      version: '1.0.0',
      description: 'Where free public Wi-Fi reaches in Kitchener, Ontario: the access-point registry, residents\' reports, observations and reference layers. Errors are RFC 9457 problem details listing every invalid field with its path. Reports are also served as Open311 GeoReport v2 service requests at /open311/v2.',
      license: { name: 'MIT' },
    },
    servers: [{ url: '/api/v1' }],
    paths: {
      '/config': { get: { summary: 'Client configuration: basemap, service area, report kinds', responses: { 200: { description: 'configuration' } } } },
      '/areas': { get: { summary: 'City boundary and wards', responses: { 200: geo('FeatureCollection of areas') } } },
      '/areas/{id}': { get: { summary: 'One area', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: geo('area'), 404: problem('no such area') } } },
      '/places': { get: { summary: 'Priority places and transit stops', parameters: [bboxParam, { name: 'kind', in: 'query', schema: { type: 'string' }, description: 'comma-separated kinds' }], responses: { 200: geo('FeatureCollection of places'), 400: problem('invalid query') } } },
      '/access-points': {
        get: { summary: 'Free Wi-Fi access points, each with its estimated reach (reachM)', parameters: [bboxParam, { name: 'status', in: 'query', schema: { type: 'string' }, description: 'comma-separated: active,planned,down,retired' }], responses: { 200: geo('FeatureCollection of access points'), 400: problem('invalid query') } },
        post: { summary: 'Add an access point (planner, admin)', security: staff, requestBody: body('AccessPointCreate'), responses: { 201: geo('created'), 400: problem('invalid fields'), 401: problem('not signed in'), 403: problem('wrong role or CSRF token') } },
      },
      '/access-points/{id}': {
        get: { summary: 'One access point', parameters: [idParam], responses: { 200: geo('access point'), 404: problem('unknown id') } },
        patch: { summary: 'Edit or move an access point (planner, admin)', security: staff, parameters: [idParam], requestBody: body('AccessPointPatch'), responses: { 200: geo('updated'), 400: problem('invalid fields'), 401: problem('not signed in'), 403: problem('wrong role'), 404: problem('unknown id') } },
        delete: { summary: 'Retire an access point (kept, status retired)', security: staff, parameters: [idParam], responses: { 200: geo('retired'), 401: problem('not signed in'), 403: problem('wrong role'), 404: problem('unknown id') } },
      },
      '/reports': {
        get: { summary: 'Residents\' reports; public positions rounded to a 25 m cell, notes hidden until published', parameters: [bboxParam, { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } }, { name: 'until', in: 'query', schema: { type: 'string', format: 'date-time' } }, { name: 'status', in: 'query', schema: { type: 'string' } }, { name: 'kind', in: 'query', schema: { type: 'string' } }], responses: { 200: geo('FeatureCollection of reports'), 400: problem('invalid query'), 429: problem('anonymous read budget spent (Retry-After)') } },
        post: { summary: 'File a report (anonymous). A retry with the same clientId returns the first report (200).', parameters: [deviceToken], requestBody: body('ReportCreate'), responses: { 201: geo('created'), 200: geo('already received'), 400: problem('invalid fields, or outside Kitchener'), 401: badDevice, 413: problem('body too large') } },
      },
      '/reports/{id}': {
        get: { summary: 'One report', parameters: [idParam], responses: { 200: geo('report'), 404: problem('unknown id') } },
        patch: { summary: 'Change status (open, acknowledged, planned, resolved, duplicate with mergedInto, hidden), add a public note, publish the resident\'s note (planner, admin)', security: staff, parameters: [idParam], requestBody: body('ReportChange'), responses: { 200: geo('changed'), 400: problem('invalid change or transition'), 401: problem('not signed in'), 403: problem('wrong role'), 404: problem('unknown id') } },
      },
      '/reports/{id}/history': { get: { summary: 'Status changes with the City\'s public notes', parameters: [idParam], responses: { 200: { description: 'history, oldest first' }, 404: problem('unknown id') } } },
      '/reports/{id}/confirmations': {
        post: {
          summary: '"Me too": confirm an open report instead of filing a duplicate. Every one is kept, but it counts as an independent voice only with a valid X-Device-Token whose cohort differs from the reporter\'s and from every earlier counted confirmer\'s, and at least 10 minutes after that cohort\'s previous counted "me too" (on any report). The answer is the report with a `confirmation` member saying whether it counted and why not.',
          parameters: [idParam, deviceToken], requestBody: body('Confirmation'),
          responses: { 201: confirmed('recorded (counted or not: see confirmation.counted)'), 200: confirmed('nothing new: a retry (same clientId), the reporter\'s own device, or the same device again'), 400: problem('not open'), 401: badDevice, 404: problem('unknown id'), 429: problem('too many requests') },
        },
      },
      '/reports/{id}/reopen': { post: { summary: '"Still not working": reopen a resolved report', parameters: [idParam, deviceToken], responses: { 200: geo('reopened'), 400: problem('not resolved'), 401: badDevice, 404: problem('unknown id') } } },
      '/devices': {
        post: {
          summary: 'A device credential for this install (anonymous; no personal data asked or kept). Send it as X-Device-Token with every anonymous write. Credentials one client mints within one clock minute share a cohort and count as one voice. Rate-limited per client (RATE_LIMIT_DEVICES_PER_HOUR, default 10).',
          requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } },
          responses: { 201: { description: 'issued', content: { 'application/json': { schema: { $ref: '#/components/schemas/DeviceCredential' } } } }, 400: problem('a non-empty body'), 429: problem('too many credentials from this client: see Retry-After') },
        },
      },
      '/coverage/cells': { get: { summary: 'Coverage cells in a bbox: 25 m cells at zoom ≥ 15, 100 m blocks at 13–14, 400 m blocks below (coarser when over 20,000); class, dBm, confidence', parameters: [bboxParam, { name: 'zoom', in: 'query', schema: { type: 'number', minimum: 0, maximum: 24 } }], responses: { 200: geo('FeatureCollection of cell polygons'), 400: problem('invalid query'), 429: problem('anonymous read budget spent (Retry-After)') } } },
      '/coverage/gaps': { get: { summary: 'Ranked gaps (uncovered regions, split at ward lines and into 1 km squares) with ward, landmark, area, demand, reports, devices, confirmed', parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }, { name: 'includeTiny', in: 'query', schema: { type: 'boolean' } }, { name: 'format', in: 'query', schema: { type: 'string', enum: ['geojson', 'json'] } }], responses: { 200: geo('gaps') } } },
      '/coverage/gaps/{id}': { get: { summary: 'One gap with its outline and the places inside', parameters: [idParam], responses: { 200: geo('gap'), 404: problem('no such gap') } } },
      '/coverage/stats': { get: { summary: 'Covered share of the city, each ward and each kind of priority place', responses: { 200: { description: 'statistics' } } } },
      '/search': { get: { summary: 'Find a civic address ("200 King Street West"), street, place, transit stop or ward; typo-tolerant', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 2, maxLength: 100 } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 20, default: 8 } }], responses: { 200: { description: '{ query, results: [{ kind: address|street|place|stop|ward, name, detail, lon, lat }] }' }, 400: problem('invalid query') } } },
      '/search/index': { get: { summary: 'Everything the search knows, for searching offline (streets with their civic numbers, places, stops, wards)', responses: { 200: { description: 'search source' } } } },
      '/basemap/{layer}.geojson': { get: { summary: 'The embedded street basemap: arterials, streets or street-labels', parameters: [{ name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: ['arterials', 'streets', 'street-labels'] } }], responses: { 200: geo('basemap layer'), 404: problem('unknown layer') } } },
      '/basemap/glyphs/{fontstack}/{range}.pbf': { get: { summary: 'Label glyphs (signed distance fields) for the embedded basemap', parameters: [{ name: 'fontstack', in: 'path', required: true, schema: { type: 'string' } }, { name: 'range', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'PBF glyph range' }, 404: problem('unknown font or range') } } },
      '/coverage/explain': { get: { summary: 'Why a cell has its class: prediction, contributing access points, evidence', parameters: [{ name: 'lon', in: 'query', required: true, schema: { type: 'number' } }, { name: 'lat', in: 'query', required: true, schema: { type: 'number' } }], responses: { 200: { description: 'explanation' }, 400: problem('invalid query') } } },
      '/coverage/history': { get: { summary: 'Measurements and reports per month; share of measurements that found usable free Wi-Fi', parameters: [{ name: 'months', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 120 } }], responses: { 200: { description: 'monthly series' } } } },
      '/coverage/what-if': { post: { summary: 'Evaluate adding, moving, removing or activating access points (planner, admin); the live model is unchanged', security: staff, requestBody: body('WhatIf'), responses: { 200: { description: 'change in covered area, demand and gaps; each new site (added[]) with its reach (reachM) and the covered area it adds to the scenario (addsCoveredAreaM2: with it, less without it; null in scenarios of over 20 new sites); computedMs' }, 400: problem('invalid scenario'), 401: problem('not signed in'), 403: problem('wrong role') } } },
      '/planning/recommendations': { get: { summary: 'k recommended new sites by greedy maximal covering, with each site\'s marginal gain (planner, admin)', security: staff, parameters: [{ name: 'k', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50 } }, { name: 'candidates', in: 'query', schema: { type: 'string', enum: ['city_places', 'transit', 'cells'] } }], responses: { 200: { description: 'sites' }, 401: problem('not signed in') } } },
      '/scenarios': {
        get: { summary: 'Saved what-if scenarios (planner, admin)', security: staff, responses: { 200: { description: 'list' } } },
        post: { summary: 'Save a scenario', security: staff, requestBody: body('ScenarioSave'), responses: { 201: { description: 'saved, with its result' }, 400: problem('invalid scenario') } },
      },
      '/scenarios/{id}': {
        get: { summary: 'A saved scenario evaluated against today\'s model', security: staff, parameters: [idParam], responses: { 200: { description: 'scenario and result' }, 404: problem('unknown id') } },
        delete: { summary: 'Delete a saved scenario', security: staff, parameters: [idParam], responses: { 204: { description: 'deleted' }, 404: problem('unknown id') } },
      },
      '/scenarios/{id}/geojson': { get: { summary: 'A scenario\'s changes as GeoJSON (download)', security: staff, parameters: [idParam], responses: { 200: geo('FeatureCollection') } } },
      '/access-points/import': { post: { summary: 'Import access points from CSV or GeoJSON: preview with per-row errors, then commit all or none (planner, admin)', security: staff, requestBody: body('RegistryImport'), responses: { 200: { description: 'preview' }, 201: { description: 'committed' }, 400: problem('unreadable file or invalid rows') } } },
      '/speed/ping': { get: { summary: 'Connection test: latency', responses: { 204: { description: 'no content' } } } },
      '/speed/download': { get: { summary: 'Connection test: download `bytes` incompressible bytes (≤ 5 MB)', parameters: [{ name: 'bytes', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5242880 } }], responses: { 200: { description: 'bytes' }, 400: problem('too many bytes') } } },
      '/speed/upload': { post: { summary: 'Connection test: upload up to 5 MB; answers how many bytes arrived', responses: { 200: { description: '{ bytes }' }, 413: problem('over 5 MB') } } },
      '/observations': { post: { summary: 'Submit one observation (anonymous), such as a connection test', parameters: [deviceToken], requestBody: body('ObservationCreate'), responses: { 201: { description: 'stored' }, 200: { description: 'already received (same clientId)' }, 400: problem('invalid fields'), 401: badDevice } } },
      '/observations/batch': { post: { summary: 'Submit up to 1,000 observations; all are stored or none', parameters: [deviceToken], requestBody: body('ObservationBatch'), responses: { 201: { description: 'stored' }, 400: problem('invalid fields, each with its path such as observations.3.lat'), 401: badDevice } } },
      '/session': {
        get: { summary: 'The signed-in staff member', responses: { 200: { description: 'session' }, 401: problem('not signed in') } },
        post: { summary: 'Sign in (sets an HttpOnly, SameSite=Strict cookie; returns the CSRF token for writes)', requestBody: body('SignIn'), responses: { 201: { description: 'signed in' }, 401: problem('wrong username or password'), 429: problem('too many failed attempts') } },
        delete: { summary: 'Sign out', responses: { 204: { description: 'signed out' } } },
      },
      '/discoveries': {
        get: {
          summary: 'Hotspots phones hear that nobody registered: an unknown BSSID broadcasting a City SSID, heard by several independent devices, placed from its readings (planner, admin). Until a planner decides, the map draws it as a probable hotspot.',
          security: staff,
          responses: { 200: { description: '{ discoveries: [{ id, bssid, ssid, position: [lon, lat], readings, devices, strongestDbm, estimatedReachM, firstSeen, lastSeen, status: "pending" }] }', content: { 'application/json': { schema: { type: 'object', properties: { discoveries: { type: 'array', items: { $ref: '#/components/schemas/Discovery' } } } } } } }, 401: problem('not signed in'), 403: problem('wrong role') },
        },
      },
      '/discoveries/{bssid}/accept': {
        post: { summary: 'Accept a discovered hotspot into the registry at its estimated position (audited)', security: staff, parameters: [bssidParam], requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string', maxLength: 200 } }, additionalProperties: false } } } }, responses: { 201: geo('the new access point'), 400: problem('not a BSSID, or invalid body'), 401: problem('not signed in'), 403: problem('wrong role'), 404: problem('no pending discovery with that BSSID') } },
      },
      '/discoveries/{bssid}/reject': {
        post: { summary: 'Reject a discovered hotspot: not the City\'s; it leaves the map and is never suggested again (audited)', security: staff, parameters: [bssidParam], responses: { 200: { description: '{ bssid, status: "rejected" }' }, 400: problem('not a BSSID'), 401: problem('not signed in'), 403: problem('wrong role'), 404: problem('no pending discovery with that BSSID') } },
      },
      '/access-points/{id}/works': {
        post: { summary: 'A planner confirms an access point the readings flag as probably down still works: the flag stays off for 30 days (audited)', security: staff, parameters: [idParam], responses: { 200: geo('the access point'), 401: problem('not signed in'), 403: problem('wrong role'), 404: problem('unknown id') } },
      },
      '/tokens': { post: { summary: 'Create an API token for scripts (shown once)', security: staff, requestBody: body('TokenCreate'), responses: { 201: { description: 'token' }, 401: problem('not signed in') } } },
      '/health': {
        get: {
          summary: 'Liveness: uptime and event-loop lag (ms beyond due of a 10 ms timer, p50/p99/max over the last 1–2 minutes)',
          responses: {
            200: {
              description: 'alive',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      status: { type: 'string', enum: ['ok'] },
                      uptimeS: { type: 'integer', description: 'seconds since the process started' },
                      eventLoopLagMs: { type: 'object', properties: { p50: { type: 'number' }, p99: { type: 'number' }, max: { type: 'number' } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
      ...filePaths, // exports and imports
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'wr_session', description: 'Writes also need the X-CSRF-Token header from the sign-in response' },
        token: { type: 'http', scheme: 'bearer' },
      },
      parameters: {
        DeviceToken: {
          name: 'X-Device-Token', in: 'header', required: false, schema: { type: 'string', maxLength: 200 },
          description: 'The credential from POST /devices. Without it (or with only the legacy body field deviceId) a write is accepted as an unknown device that never counts as independent; a token that fails verification is refused with 401.',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        DeviceCredential: {
          type: 'object', required: ['deviceToken', 'issuedAt'],
          properties: { deviceToken: { type: 'string', description: 'opaque; send as X-Device-Token' }, issuedAt: { type: 'string', format: 'date-time' } },
        },
        ConfirmationResult: {
          type: 'object', required: ['counted', 'reason'],
          properties: {
            counted: { type: 'boolean', description: 'counts as an independent voice (confirmations, coverage evidence)' },
            reason: { type: 'string', enum: [...CONFIRMATION_REASONS] },
          },
        },
        Discovery: {
          type: 'object', required: ['id', 'bssid', 'ssid', 'position', 'readings', 'devices', 'strongestDbm', 'estimatedReachM', 'firstSeen', 'lastSeen', 'status'],
          properties: {
            id: { type: 'string', description: 'the BSSID' }, bssid: { type: 'string' }, ssid: { type: 'string', nullable: true },
            position: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, description: '[lon, lat] estimated from the readings' },
            readings: { type: 'integer' }, devices: { type: 'integer', description: 'independent devices (credential cohorts)' },
            strongestDbm: { type: 'number' }, estimatedReachM: { type: 'integer', description: 'fitted reach at the covered threshold' },
            firstSeen: { type: 'string', format: 'date-time' }, lastSeen: { type: 'string', format: 'date-time' }, status: { type: 'string', enum: ['pending'] },
          },
        },
        ReportCreate: json(schemas.reportCreate),
        ObservationCreate: json(schemas.observationCreate),
        ObservationBatch: json(schemas.observationBatch),
        AccessPointCreate: json(schemas.accessPointCreate),
        AccessPointPatch: json(schemas.accessPointPatch),
        SignIn: json(schemas.signIn),
        TokenCreate: json(schemas.tokenCreate),
        ReportChange: json(schemas.reportChange),
        Confirmation: json(schemas.confirmation),
        WhatIf: json(schemas.whatIf),
        ScenarioSave: json(schemas.scenarioSave),
        RegistryImport: json(schemas.registryImport),
      },
    },
  };
}
