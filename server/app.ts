// createApp(deps) → the Express app. It never listens; main.ts does. Imports read as a table of contents.
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import compression from 'compression';
import { identify } from './http/auth'; // who is calling: session cookie, API token, or anonymous
import { errorHandler, HttpProblem, sendProblem } from './http/problem'; // every error as problem+json
import { openApiDocument } from './http/openapi'; // the API described, from the validating schemas
import { accessPointRoutes } from './http/routes/access-points'; // the registry of free Wi-Fi
import { reportRoutes } from './http/routes/reports'; // residents' reports
import { observationRoutes } from './http/routes/observations'; // measurements from apps and surveys
import { referenceRoutes } from './http/routes/reference'; // boundary, wards, places, client config
import { sessionRoutes } from './http/routes/session'; // staff sign-in and API tokens
import { speedRoutes } from './http/routes/speed'; // the connection test: latency, download, upload
import { deviceRoutes } from './http/routes/devices'; // device credentials for anonymous writes
import { open311Routes } from './http/routes/open311'; // Open311 GeoReport v2 for partner systems
import { coverageRoutes } from './http/routes/coverage'; // coverage cells, gaps, statistics, what-if, siting
import { planningRoutes } from './http/routes/planning'; // registry import, saved scenarios, evidence over time
import { ogcRoutes } from './http/routes/ogc'; // OGC API – Features for QGIS, ArcGIS and GDAL
import { exportRoutes } from './http/routes/exports'; // GeoJSON and CSV downloads of every layer
import { importRoutes } from './http/routes/imports'; // WiGLE CSV uploads
import { hotspotRoutes } from './http/routes/hotspots'; // discovered hotspots and "probably down", for planners to decide
import { basemapRoutes } from './http/routes/basemap'; // the embedded street basemap and the address search
import { clientRoutes } from './http/client'; // the built web client
import { healthRoute } from './http/health'; // liveness, uptime and event-loop lag
import { basemapOrigins, type Basemap } from './config';
import type { HttpDeps } from './http/deps';
import { SIGN_IN_BODY_MAX_BYTES } from './domain/limits';

export interface AppOptions {
  clientDir: string;
  bodyLimitBytes: number;
  basemap: Basemap | null;
  trustProxy: number; // proxies in front (config.ts): the client's address is the one the outermost appended
  log: (message: string) => void;
}

/** JSON writes must say they are JSON, so a form post from another site is refused outright. */
const requireJson: RequestHandler = (req, _res, next) => {
  // Neither Content-Length nor Transfer-Encoding: no body at all (`curl -X POST`), as much as "Content-Length: 0".
  const length = req.headers['content-length'];
  const hasBody = req.method !== 'DELETE' && ((length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined);
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !req.is('application/json'))
    return next(new HttpProblem({ title: 'Unsupported media type', status: 415, detail: 'Send the body as application/json.' }));
  next();
};

export function createApp(deps: HttpDeps, options: AppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy > 0 ? options.trustProxy : false); // a hop count, never `true`: see config.ts
  app.set('query parser', 'simple'); // flat query strings only: ?a[b]=c is not an object here
  const tiles = basemapOrigins(options.basemap);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:', ...tiles],
          'connect-src': ["'self'", ...tiles],
          'worker-src': ["'self'", 'blob:'], // MapLibre runs its tile worker from a blob
          'style-src': ["'self'", "'unsafe-inline'"], // map libraries position elements with inline styles
          'upgrade-insecure-requests': null, // tests and local installs run on plain http
        },
      },
    }),
  );

  // GeoJSON shrinks ~16× with gzip (a phone's street view of 25 m cells: 1.1 MB → 65 kB), which is why the
  // map needs no vector tiles. The speed test's bytes are application/octet-stream, which is never compressed.
  app.use(compression());

  const api = express.Router();
  api.use(identify(deps.auth));
  // Staff answers carry exact positions and residents' notes: no cache, shared or the device's own, may keep them.
  api.use((req, res, next) => {
    if (req.caller) res.set('Cache-Control', 'private, no-store');
    next();
  });
  // Routes whose bodies are not JSON (uploads) come before the JSON parser and its content-type rule.
  api.use(speedRoutes(deps));
  api.use(importRoutes(deps));
  api.use(requireJson);
  // A sign-in is a few hundred bytes and is parsed before its throttle can answer: a large body is refused unread.
  api.post('/session', express.json({ limit: SIGN_IN_BODY_MAX_BYTES, strict: true }));
  api.use(express.json({ limit: options.bodyLimitBytes, strict: true }));
  const spec = openApiDocument(deps.schemas);
  api.get('/openapi.json', (_req, res) => void res.json(spec));
  api.get('/health', healthRoute(() => deps.coverage.ingestState()));
  for (const routes of [referenceRoutes, deviceRoutes, accessPointRoutes, reportRoutes, observationRoutes, sessionRoutes, coverageRoutes, planningRoutes, hotspotRoutes, exportRoutes, basemapRoutes]) api.use(routes(deps));
  api.use((req, res) => sendProblem(res, { title: 'Not found', status: 404, detail: `No API route ${req.method} ${req.baseUrl}${req.path}` }));

  app.use('/api/v1', api);
  app.use('/open311', open311Routes(deps)); // GeoReport v2 under /open311/v2, discovery at /open311/discovery
  app.use('/ogc', identify(deps.auth), ogcRoutes(deps)); // staff with an API token are exempt from the anonymous read guards
  app.use('/api', (req, res) => sendProblem(res, { title: 'Not found', status: 404, detail: `No API at ${req.originalUrl}; the API is under /api/v1` }));
  app.use(clientRoutes(options.clientDir));
  app.use(errorHandler(options.log));
  return app;
}
