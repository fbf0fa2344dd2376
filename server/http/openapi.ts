// The OpenAPI 3.0 document, generated from the zod schemas the code uses: request bodies from the edge
// schemas that validate them (domain/schemas.ts), response bodies from domain/wire.ts, lists from
// domain/vocabulary.ts. test/api/contract.ts checks every answer the API tests receive against it.
import type { z } from 'zod';
import type { Schemas } from '../domain/schemas';
import * as wire from '../domain/wire';
import { filePaths } from './openapi-files';
import { body, geo, json, list, none, ok, problem, ref, responseComponents } from './openapi-parts';
import { AP_STATUSES, PLACE_KINDS, REPORT_KINDS, REPORT_STATUSES, SITE_CANDIDATES } from '../domain/vocabulary';

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const staff = [{ session: [] }, { token: [] }];
const bssidParam = { name: 'bssid', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$' } };
const deviceToken = { $ref: '#/components/parameters/DeviceToken' };
const badDevice = problem('X-Device-Token not recognised (forged, damaged or revoked): request a new one with POST /devices');

/** Query parameters from the zod schema that parses the query, so a new filter is documented by adding it there. */
function query(schema: z.ZodType, descriptions: Record<string, string> = {}) {
  const { properties = {}, required = [] } = json(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(properties).map(([name, { description, ...rest }]) => ({
    name, in: 'query', required: required.includes(name) && !('default' in rest), schema: rest,
    ...((descriptions[name] ?? description) ? { description: descriptions[name] ?? description } : {}),
  }));
}
const bbox = 'minLon,minLat,maxLon,maxLat (WGS84 degrees), e.g. -80.50,43.44,-80.47,43.46';

// What every route may also answer: JSON writes refuse bodies that are not JSON or too large; anonymous writes are rate-limited.
const jsonWrite = { 400: problem('invalid fields, each with its path'), 413: problem('body too large'), 415: problem('body not application/json') };
const signedIn = { 401: problem('not signed in'), 403: problem('wrong role, or a session write without its CSRF token') };
const limited = { 429: problem('too many requests from this client: see Retry-After') };
const limitedReadings = { 429: problem('too many requests, or readings (RATE_LIMIT_READINGS_PER_HOUR), from this client: nothing stored; see Retry-After') };
const busy = { 503: problem('the coverage model\'s queue is full: nothing was stored; send again after Retry-After') };

export function openApiDocument(schemas: Schemas) {
  return withServerErrors({
    openapi: '3.0.3',
    info: {
      title: 'Wi-Fi Reach API',
      version: '1.0.0',
      description: 'Where free public Wi-Fi reaches in Kitchener, Ontario: the access-point registry, residents\' reports, observations and reference layers. Errors are RFC 9457 problem details listing every invalid field with its path. Reports are also served as Open311 GeoReport v2 service requests at /open311/v2.',
      license: { name: 'MIT' },
    },
    servers: [{ url: '/api/v1' }],
    paths: {
      '/openapi.json': { get: { summary: 'This document', responses: { 200: ok('OpenAPI 3.0', wire.openApiDocumentShape) } } },
      '/config': { get: { summary: 'Client configuration: basemap, service area, report kinds', responses: { 200: ok('configuration', wire.appConfig) } } },
      '/areas': { get: { summary: 'City boundary and wards', responses: { 200: geo('FeatureCollection of areas', wire.areaCollection) } } },
      '/areas/{id}': { get: { summary: 'One area', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: geo('area', wire.areaFeature), 404: problem('no such area') } } },
      '/places': { get: { summary: 'Priority places and transit stops', parameters: query(schemas.placeQuery, { bbox, kind: list(PLACE_KINDS) }), responses: { 200: geo('FeatureCollection of places', wire.placeCollection), 400: problem('invalid query') } } },
      '/access-points': {
        get: { summary: 'Free Wi-Fi access points, each with its estimated reach (reachM)', parameters: query(schemas.accessPointQuery, { bbox, status: list(AP_STATUSES) }), responses: { 200: geo('FeatureCollection of access points', wire.accessPointCollection), 400: problem('invalid query') } },
        post: { summary: 'Add an access point (planner, admin)', security: staff, requestBody: body('AccessPointCreate'), responses: { 201: geo('created', wire.accessPointFeature), ...jsonWrite, ...signedIn } },
      },
      '/access-points/{id}': {
        get: { summary: 'One access point', parameters: [idParam], responses: { 200: geo('access point', wire.accessPointFeature), 400: problem('not an id'), 404: problem('unknown id') } },
        patch: { summary: 'Edit or move an access point (planner, admin)', security: staff, parameters: [idParam], requestBody: body('AccessPointPatch'), responses: { 200: geo('updated', wire.accessPointFeature), ...jsonWrite, ...signedIn, 404: problem('unknown id') } },
        delete: { summary: 'Retire an access point (kept, status retired)', security: staff, parameters: [idParam], responses: { 200: geo('retired', wire.accessPointFeature), ...signedIn, 404: problem('unknown id') } },
      },
      '/reports': {
        get: {
          summary: 'Residents\' reports; public positions rounded to a 25 m cell, notes hidden until published; staff see exact positions and notes',
          parameters: query(schemas.reportQuery, { bbox, status: list(REPORT_STATUSES), kind: list(REPORT_KINDS), ids: 'comma-separated report ids ("my reports")', near: 'lon,lat: nearest first, within radiusM', ward: 'Kitchener ward number (triage)' }),
          responses: { 200: geo('FeatureCollection of reports', wire.reportCollection), 400: problem('invalid query'), 429: problem('anonymous read budget spent (Retry-After)') },
        },
        post: { summary: 'File a report (anonymous). A retry with the same clientId returns the first report (200).', parameters: [deviceToken], requestBody: body('ReportCreate'), responses: { 201: geo('created', wire.publicReportFeature), 200: geo('already received', wire.publicReportFeature), ...jsonWrite, 401: badDevice, ...limited } },
      },
      '/reports/{id}': {
        get: { summary: 'One report', parameters: [idParam], responses: { 200: geo('report', wire.reportFeature), 400: problem('not an id'), 404: problem('unknown id') } },
        patch: { summary: 'Change status (open, acknowledged, planned, resolved, duplicate with mergedInto, hidden), add a public note, publish the resident\'s note (planner, admin)', security: staff, parameters: [idParam], requestBody: body('ReportChange'), responses: { 200: geo('changed', wire.staffReportFeature), ...jsonWrite, ...signedIn, 404: problem('unknown id') } },
      },
      '/reports/{id}/history': { get: { summary: 'Status changes with the City\'s public notes', parameters: [idParam], responses: { 200: ok('history, oldest first', wire.reportHistory), 404: problem('unknown id') } } },
      '/reports/{id}/confirmations': {
        post: {
          summary: '"Me too": confirm an open report instead of filing a duplicate. Every one is kept, but it counts as an independent voice only with a valid X-Device-Token whose cohort differs from the reporter\'s and from every earlier counted confirmer\'s, and at least 10 minutes after that cohort\'s previous counted "me too" (on any report). The answer is the report with a `confirmation` member saying whether it counted and why not.',
          parameters: [idParam, deviceToken], requestBody: body('Confirmation'),
          responses: { 201: geo('recorded (counted or not: see confirmation.counted)', wire.confirmedReport), 200: geo('nothing new: a retry (same clientId), the reporter\'s own device, or the same device again', wire.confirmedReport), ...jsonWrite, 400: problem('not open, or invalid fields'), 401: badDevice, 404: problem('unknown id'), ...limited },
        },
      },
      '/reports/{id}/reopen': { post: { summary: '"Still not working": reopen a resolved report', parameters: [idParam, deviceToken], responses: { 200: geo('reopened', wire.publicReportFeature), ...jsonWrite, 400: problem('not resolved'), 401: badDevice, 404: problem('unknown id'), ...limited } } },
      '/devices': {
        post: {
          summary: 'A device credential for this install (anonymous; no personal data asked or kept). Send it as X-Device-Token with every anonymous write. Credentials one client mints within one clock minute share a cohort and count as one voice. Rate-limited per client (RATE_LIMIT_DEVICES_PER_HOUR, default 10).',
          requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } },
          responses: { 201: ok('issued', wire.deviceCredential), ...jsonWrite, 400: problem('a non-empty body'), 429: problem('too many credentials from this client: see Retry-After') },
        },
      },
      '/search': { get: { summary: 'Find a civic address ("200 King Street West"), street, place, transit stop or ward; typo-tolerant', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 2, maxLength: 100 } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 20, default: 8 } }], responses: { 200: ok('matches, best first', wire.searchResults), 400: problem('invalid query'), ...limited } } },
      '/search/index': { get: { summary: 'Everything the search knows, for searching offline (streets with their civic numbers, places, stops, wards)', responses: { 200: ok('search source', wire.searchSource), ...limited } } },
      '/basemap/{layer}.geojson': { get: { summary: 'The embedded street basemap: arterials, streets or street-labels', parameters: [{ name: 'layer', in: 'path', required: true, schema: { type: 'string', enum: ['arterials', 'streets', 'street-labels'] } }], responses: { 200: geo('basemap layer', wire.anyFeatureCollection), 404: problem('unknown layer'), ...limited } } },
      '/basemap/glyphs/{fontstack}/{range}.pbf': { get: { summary: 'Label glyphs (signed distance fields) for the embedded basemap', parameters: [{ name: 'fontstack', in: 'path', required: true, schema: { type: 'string' } }, { name: 'range', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'PBF glyph range', content: { 'application/x-protobuf': { schema: { type: 'string', format: 'binary' } } } }, 404: problem('unknown font or range'), ...limited } } },
      '/coverage/cells': { get: { summary: 'Coverage cells in a bbox: 25 m cells at zoom ≥ 15, 100 m blocks at 13–14, 400 m blocks below (coarser when over 20,000); class, dBm, confidence', parameters: query(schemas.coverageCellsQuery, { bbox, zoom: 'map zoom: picks 25 m cells, 100 m or 400 m blocks' }), responses: { 200: geo('FeatureCollection of cell polygons', wire.coverageCells), 400: problem('invalid query'), 429: problem('anonymous read budget spent (Retry-After)') } } },
      '/coverage/gaps': {
        get: {
          summary: 'Ranked gaps (uncovered regions, split at ward lines and into 1 km squares) with ward, landmark, area, demand, reports, devices, confirmed; `ward` keeps one ward\'s gaps with their city-wide ranks',
          parameters: query(schemas.gapsQuery, { ward: 'only the gaps in this ward: ward-3 or 3', format: 'geojson (outlines) or json (the list without outlines)' }),
          responses: { 200: { description: 'gaps, best to fix first', content: { 'application/geo+json': { schema: ref(wire.gapCollection) }, 'application/json': { schema: ref(wire.gapList) } } }, 400: problem('invalid query') },
        },
      },
      '/coverage/gaps/{id}': { get: { summary: 'One gap with its outline and the places inside', parameters: [idParam], responses: { 200: geo('gap', wire.gapDetail), 400: problem('not an id'), 404: problem('no such gap') } } },
      '/coverage/stats': { get: { summary: 'Covered share of the city, each ward and each kind of priority place; expected covered area with a 95 % interval; hotspot counts', responses: { 200: ok('statistics', wire.coverageStats) } } },
      '/coverage/explain': { get: { summary: 'Why a cell has its class: prediction, contributing access points, evidence', parameters: query(schemas.explainQuery), responses: { 200: ok('explanation', wire.cellExplanation), 400: problem('invalid query, or outside the area the model covers') } } },
      '/coverage/history': { get: { summary: 'Measurements and reports per month; share of measurements that found usable free Wi-Fi', parameters: query(schemas.historyQuery), responses: { 200: ok('monthly series', wire.coverageHistory), 400: problem('invalid query') } } },
      '/coverage/what-if': { post: { summary: 'Evaluate adding, moving, removing or activating access points (planner, admin); the live model is unchanged', security: staff, requestBody: body('WhatIf'), responses: { 200: ok('change in covered area, demand and gaps; computedMs', wire.whatIfResult), ...jsonWrite, 400: problem('invalid scenario'), ...signedIn } } },
      '/planning/recommendations': { get: { summary: 'k recommended new sites by greedy maximal covering, with each site\'s marginal gain (planner, admin)', security: staff, parameters: query(schemas.recommendationsQuery, { candidates: list(SITE_CANDIDATES).replace('comma-separated: ', 'one of ') }), responses: { 200: ok('sites', wire.recommendations), 400: problem('invalid query'), ...signedIn } } },
      '/scenarios': {
        get: { summary: 'Saved what-if scenarios (planner, admin)', security: staff, responses: { 200: ok('list, newest first', wire.scenarioList), ...signedIn } },
        post: { summary: 'Save a scenario', security: staff, requestBody: body('ScenarioSave'), responses: { 201: ok('saved, with its result', wire.evaluatedScenario), ...jsonWrite, 400: problem('invalid scenario'), ...signedIn } },
      },
      '/scenarios/{id}': {
        get: { summary: 'A saved scenario evaluated against today\'s model', security: staff, parameters: [idParam], responses: { 200: ok('scenario and result', wire.evaluatedScenario), ...signedIn, 404: problem('unknown id') } },
        delete: { summary: 'Delete a saved scenario', security: staff, parameters: [idParam], responses: { 204: none('deleted'), ...signedIn, 404: problem('unknown id') } },
      },
      '/scenarios/{id}/geojson': { get: { summary: 'A scenario\'s changes as GeoJSON (download)', security: staff, parameters: [idParam], responses: { 200: geo('FeatureCollection', wire.scenarioGeoJson), ...signedIn, 404: problem('unknown id') } } },
      '/access-points/import': { post: { summary: 'Import access points from CSV or GeoJSON: preview with per-row errors, then commit all or none (planner, admin)', security: staff, requestBody: body('RegistryImport'), responses: { 200: ok('preview', wire.registryImportResult), 201: ok('committed', wire.registryImportResult), ...jsonWrite, 400: problem('unreadable file or invalid rows'), ...signedIn } } },
      '/speed/ping': { get: { summary: 'Connection test: latency', responses: { 204: none('no content') } } },
      '/speed/download': { get: { summary: 'Connection test: download `bytes` incompressible bytes (≤ 5 MB)', parameters: [{ name: 'bytes', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5242880 } }, { name: 't', in: 'query', schema: { type: 'string', maxLength: 40 }, description: 'cache-buster' }], responses: { 200: { description: 'bytes', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, 400: problem('too many bytes'), ...limited } } },
      '/speed/upload': { post: { summary: 'Connection test: upload up to 5 MB; answers how many bytes arrived', requestBody: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, responses: { 200: ok('bytes received', wire.uploadedBytes), 400: problem('a body that cannot be read (e.g. labelled gzip but not)'), 413: problem('over 5 MB'), ...limited } } },
      '/observations': { post: { summary: 'Submit one observation (anonymous), such as a connection test', parameters: [deviceToken], requestBody: body('ObservationCreate'), responses: { 201: ok('stored', wire.storedObservation), 200: ok('already received (same clientId)', wire.storedObservation), ...jsonWrite, 401: badDevice, ...limitedReadings, ...busy } } },
      '/observations/batch': { post: { summary: 'Submit up to 1,000 observations; all are stored or none', parameters: [deviceToken], requestBody: body('ObservationBatch'), responses: { 201: ok('stored', wire.observationBatchResult), ...jsonWrite, 400: problem('invalid fields, each with its path such as observations.3.lat'), 401: badDevice, ...limitedReadings, ...busy } } },
      '/session': {
        get: { summary: 'The signed-in staff member', responses: { 200: ok('session', wire.session), 401: problem('not signed in') } },
        post: { summary: 'Sign in (sets an HttpOnly, SameSite=Strict cookie; returns the CSRF token for writes)', requestBody: body('SignIn'), responses: { 201: ok('signed in', wire.signedIn), ...jsonWrite, 401: problem('wrong username or password'), 429: problem('too many failed attempts'), 503: problem('many sign-ins being checked: see Retry-After') } },
        delete: { summary: 'Sign out', responses: { 204: none('signed out'), 403: problem('a session without its CSRF token') } },
      },
      '/discoveries': {
        get: {
          summary: 'Hotspots phones hear that nobody registered: an unknown BSSID broadcasting a City SSID, heard by several independent devices, placed from its readings (planner, admin). Until a planner decides, the map draws it as a probable hotspot. The best heard come first: by devices (those on the public map lead), then by readings.',
          security: staff,
          responses: { 200: ok('pending discoveries', wire.discoveryList), ...signedIn },
        },
      },
      '/discoveries/{bssid}/accept': {
        post: { summary: 'Accept a discovered hotspot into the registry at its estimated position (audited)', security: staff, parameters: [bssidParam], requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string', maxLength: 200 } }, additionalProperties: false } } } }, responses: { 201: geo('the new access point', wire.accessPointFeature), ...jsonWrite, 400: problem('not a BSSID, or invalid body'), ...signedIn, 404: problem('no pending discovery with that BSSID') } },
      },
      '/discoveries/{bssid}/reject': {
        post: { summary: 'Reject a discovered hotspot: not the City\'s; it leaves the map and is never suggested again (audited)', security: staff, parameters: [bssidParam], responses: { 200: ok('rejected', wire.rejectedDiscovery), 400: problem('not a BSSID'), ...signedIn, 404: problem('no pending discovery with that BSSID') } },
      },
      '/access-points/{id}/works': {
        post: { summary: 'A planner confirms an access point the readings flag as probably down still works: the flag stays off for 30 days (audited)', security: staff, parameters: [idParam], responses: { 200: geo('the access point', wire.accessPointFeature), ...signedIn, 404: problem('unknown id') } },
      },
      '/tokens': { post: { summary: 'Create an API token for scripts (shown once)', security: staff, requestBody: body('TokenCreate'), responses: { 201: ok('token', wire.createdToken), ...jsonWrite, ...signedIn } } },
      '/health': { get: { summary: 'Liveness: uptime and event-loop lag (ms beyond due of a 10 ms timer, p50/p99/max over the last 1–2 minutes)', responses: { 200: ok('alive', wire.health) } } },
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
        ...responseComponents(),
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
  });
}

/** Any operation may fail on our side: a 500 problem, which says whether anything was stored (a write stored but not yet in the model says so). */
function withServerErrors<D extends { paths: Record<string, Record<string, { responses: Record<string | number, unknown> }>> }>(doc: D): D {
  for (const operations of Object.values(doc.paths))
    for (const operation of Object.values(operations)) operation.responses[500] ??= problem('failed on our side: the problem says whether anything was stored');
  return doc;
}
