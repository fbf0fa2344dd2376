// The built web client over real HTTP (issue 13, item 8): hashed assets cached for a year, pages revalidated,
// /robots.txt served, the app's own pages answered with the app and any other path with a real 404.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServer, type Running } from './harness';
import { tmpdir } from 'node:os';
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib';

const mapCode = `export const layers = [${Array.from({ length: 2000 }, (_, i) => `'layer-${i}'`).join(', ')}];\n`;
const mapBrotli = brotliCompressSync(mapCode); // quality 11: not the bytes compression() would make on the fly (quality 4)

describe('the web client over HTTP', () => {
  let s: Running;
  beforeAll(async () => {
    // A small stand-in for `vite build`'s output: the same layout (index.html, hashed /assets/, unhashed public files).
    const dir = mkdtempSync(join(tmpdir(), 'wifi-reach-api-'));
    const client = join(dir, 'client');
    mkdirSync(join(client, 'assets'), { recursive: true });
    writeFileSync(join(client, 'index.html'), '<!doctype html><title>Wi-Fi Reach</title><div id="map"></div>');
    writeFileSync(join(client, 'assets', 'main-Bx3k9QzA.js'), 'console.log("app");');
    // The build's brotli copy beside a large asset (vite.config.ts, precompressBrotli).
    writeFileSync(join(client, 'assets', 'map-Qm7Lw2Xe.js'), mapCode);
    writeFileSync(join(client, 'assets', 'map-Qm7Lw2Xe.js.br'), mapBrotli);
    writeFileSync(join(client, 'sw.js'), '// worker');
    s = await startServer({ CLIENT_DIR: client }, dir);
  });
  afterAll(async () => {
    await s.stop();
    removeDir(s.dir);
  });

  it('when a hashed asset is fetched, then it may be cached for a year without revalidation', async () => {
    const res = await request(s.url).get('/assets/main-Bx3k9QzA.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('when a browser that reads brotli fetches an asset with a brotli copy, then the copy is sent as is, with the asset’s type and caching', async () => {
    // node:http, not supertest: it would decode the body and hide what was on the wire.
    const res = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) =>
      get(`${s.url}/assets/map-Qm7Lw2Xe.js`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject),
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    expect(res.body.equals(mapBrotli)).toBe(true); // the build's copy, byte for byte
    expect(brotliDecompressSync(res.body).toString()).toBe(mapCode);
  });

  it('when a browser that does not read brotli fetches that asset, then it gets the file itself (gzipped on the way)', async () => {
    const res = await request(s.url).get('/assets/map-Qm7Lw2Xe.js').set('Accept-Encoding', 'gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.text).toBe(mapCode); // supertest gunzips
  });

  it('when the page, the service worker or an unhashed file is fetched, then the browser must revalidate it', async () => {
    for (const path of ['/', '/staff', '/sw.js']) {
      const res = await request(s.url).get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('when the app’s own pages are opened (with or without a trailing slash or query), then the app answers', async () => {
    for (const path of ['/', '/staff', '/staff/', '/?renderer=leaflet', '/index.html']) {
      const res = await request(s.url).get(path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).toContain('<div id="map">');
    }
  });

  it('when /robots.txt is fetched, then crawlers may read the pages but not the API', async () => {
    const res = await request(s.url).get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/^User-agent: \*$/m);
    expect(res.text).toMatch(/^Disallow: \/api\/$/m);
  });

  it('when an unknown path is opened, then it is a 404 page with a way to the map, not the app with 200', async () => {
    for (const path of ['/no-such-page', '/assets/gone-AAAA1111.js', '/staff/extra', '/wp-login.php']) {
      const res = await request(s.url).get(path);
      expect(res.status, path).toBe(404);
      expect(res.text, path).not.toContain('<div id="map">');
    }
    const page = await request(s.url).get('/no-such-page');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<a href="/">');
    const escaped = await request(s.url).get('/%3Cscript%3E');
    expect(escaped.status).toBe(404);
    expect(escaped.text).not.toContain('<script>');
  });

  it('when an unknown API path is asked for, then it stays a problem+json 404', async () => {
    const res = await request(s.url).get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
