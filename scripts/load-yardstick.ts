// The yardstick for `npm run measure:load` and `npm run measure:lighthouse`: a minimal MapLibre page that draws
// the app's access points from the app's own server, and nothing else.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { repoRoot } from '../test/e2e/harness';

// The yardstick: MapLibre, a blank style, the same access points as circles; nothing else.
const minimalPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>minimal</title><link rel="stylesheet" href="/dist/maplibre-gl.css"><style>html,body,#map{margin:0;height:100%}</style></head>
<body><div id="map"></div><script type="module">
import * as maplibregl from '/dist/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/dist/maplibre-gl-worker.mjs');
const data = fetch('/api/v1/access-points').then((r) => r.json());
const map = new maplibregl.Map({ container: 'map', style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#eee' } }] }, bounds: [-80.574, 43.353, -80.378, 43.507] });
map.on('load', async () => {
  window.mapLoadedMs = performance.now();
  map.addSource('ap', { type: 'geojson', data: await data });
  map.addLayer({ id: 'ap', type: 'circle', source: 'ap', paint: { 'circle-radius': 7, 'circle-color': '#0a66b7' } });
  map.once('idle', () => { window.firstHotspotsMs = performance.now(); });
  window.minimal = true;
});
</script></body></html>`;

/** Serves the minimal page and MapLibre's files, and passes /api/ to the app's server (the same answers, gzip and all). */
export function startYardstick(appUrl: string): Promise<Server> {
  const dist = path.join(repoRoot, 'node_modules/maplibre-gl/dist');
  const app = new URL(appUrl);
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/api/')) {
      const upstream = httpRequest({ host: app.hostname, port: app.port, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      return void upstream.end();
    }
    const file = /^\/dist\/(maplibre-gl[a-z-]*\.(mjs|css))$/.exec(req.url ?? '');
    // gzip, as the app's server sends its own bundles: the two pages pay the same for the same bytes.
    if (file) return void res.writeHead(200, { 'content-type': file[2] === 'css' ? 'text/css' : 'text/javascript', 'content-encoding': 'gzip' }).end(gzipSync(readFileSync(path.join(dist, file[1]))));
    res.writeHead(200, { 'content-type': 'text/html' }).end(minimalPage);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

