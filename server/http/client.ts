// Serves the built web client: hashed assets cached for a year, everything else revalidated; the app's own
// pages (see appPages) answer with index.html, any other path with a real 404 so crawlers and links see one.
import express, { Router, type Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { sendProblem } from './problem';

/** Paths the one-page app draws itself (client/main.ts, client/planner/account.ts reads /staff). */
export const appPages = ['/', '/index.html', '/staff'] as const;

const yearS = 365 * 24 * 3600; // s: Vite puts a content hash in every /assets/ name, so a copy is never stale
const assetCache = `public, max-age=${yearS}, immutable`;
const revalidate = 'no-cache'; // html, sw.js, the manifest, icons: names without a hash, so always ask (an ETag makes it cheap)

// Everything may be crawled except the API, whose answers are data, not pages.
const robots = 'User-agent: *\nAllow: /\nDisallow: /api/\n';

export function clientRoutes(clientDir: string): Router {
  const router = Router();
  const index = join(clientDir, 'index.html');
  router.get('/robots.txt', (_req, res) => void res.type('text/plain').set('Cache-Control', 'public, max-age=86400').send(robots));
  // The build leaves a brotli copy (quality 11) beside each text asset: sent as is, so compression() leaves it alone.
  router.get('/assets/{*file}', (req, res, next) => {
    const file = join(clientDir, req.path);
    if (!file.startsWith(join(clientDir, 'assets')) || !req.acceptsEncodings('br') || !existsSync(`${file}.br`)) return next();
    res.set({ 'Content-Encoding': 'br', Vary: 'Accept-Encoding', 'Cache-Control': assetCache }).type(extname(file));
    res.sendFile(`${file}.br`, (error) => error && !res.headersSent && next(error));
  });
  router.use(
    express.static(clientDir, {
      index: false,
      setHeaders: (res, path) => res.setHeader('Cache-Control', /[\\/]assets[\\/]/.test(path) ? assetCache : revalidate),
    }),
  );
  router.get('/{*splat}', (req, res) => {
    const page = req.path.replace(/(.)\/+$/, '$1'); // /staff/ is /staff
    if (!(appPages as readonly string[]).includes(page)) return notFound(res, req.path);
    if (!existsSync(index))
      return sendProblem(res, { title: 'Client not built', status: 503, detail: 'Run `npm run build` (npm start does it for you).' });
    res.set('Cache-Control', revalidate).sendFile(index, { dotfiles: 'allow' }); // our own path, which may pass through a dot directory
  });
  return router;
}

/** A short page for people (with a way to the map) and a 404 for crawlers and link checkers. */
function notFound(res: Response, path: string): void {
  const safe = path.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res
    .status(404)
    .set('Cache-Control', revalidate)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Not found · Wi-Fi Reach</title></head><body><main><h1>Page not found</h1>` +
        `<p>There is no page at <code>${safe}</code>.</p><p><a href="/">Open the map of free public Wi-Fi in Kitchener</a></p></main></body></html>`,
    );
}
