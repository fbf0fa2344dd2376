// Wi-Fi Reach service worker: the app opens, and shows what was last seen, with no connection.
//   pages      network first (3 s), else the cached shell: a new release shows at once when online
//   /assets/   cache first: file names carry a content hash, so a cached copy is never stale
//   API GETs   stale-while-revalidate: the cached answer at once, a fresh one fetched behind it; the page
//              is told when it changed. Requests made with cache: 'no-cache' go to the network first.
//   writes     never cached, never touched: POSTs go straight to the network (the page queues them)
//   private    an answer marked Cache-Control no-store or private (staff are signed in) is never stored
/* global self, caches, fetch, URL, Request, Response, Headers, setTimeout, clearTimeout */

const version = 'v1'; // bump to drop every cache of an older worker on activation
const shellCache = `wifi-reach-shell-${version}`;
const dataCache = `wifi-reach-data-${version}`;
const shellFiles = ['/', '/manifest.webmanifest', '/favicon.svg', '/icons/icon.svg', '/icons/icon-maskable.svg'];
const navigationTimeoutMs = 3000; // a weak signal should not keep a resident staring at a blank page
const networkFirstTimeoutMs = 6000; // fresh-data requests wait this long before falling back to the copy
const maxAssets = 80; // built files kept: a few releases' worth; the oldest go first
const maxData = 400; // API answers kept: mostly coverage tiles of the places a resident looked at
const uncachedApi = ['/api/v1/speed/', '/api/v1/session', '/api/v1/tokens', '/api/v1/exports', '/api/v1/health', '/api/v1/openapi.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(shellCache)
      .then((cache) => cache.addAll(shellFiles.map((path) => new Request(path, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('wifi-reach-') && n !== shellCache && n !== dataCache).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data || {};
  const reply = (message) => event.ports[0] && event.ports[0].postMessage(message);
  if (data.type === 'precache') {
    // What the page loaded before this worker controlled it (the first visit): built files, and the API
    // answers it drew the map from. Resource timing does not say which requests were writes, so an API
    // path is fetched again as a GET and kept only if that succeeds.
    const urls = (data.urls || []).filter((u) => typeof u === 'string');
    const assets = urls.filter((u) => u.startsWith('/assets/'));
    const answers = urls.filter((u) => u.startsWith('/api/') && !uncachedApi.some((prefix) => u.startsWith(prefix)));
    event.waitUntil(
      Promise.all([
        caches.open(shellCache).then((cache) => Promise.allSettled(assets.map((u) => cache.match(u).then((hit) => hit || cache.add(u))))),
        caches.open(dataCache).then((cache) =>
          Promise.allSettled(
            answers.map((u) =>
              cache.match(u).then((hit) => hit || fetch(u).then((response) => (storable(response) ? cache.put(u, response) : undefined))),
            ),
          ),
        ),
      ]).then(([shell]) => reply({ ok: shell.every((r) => r.status === 'fulfilled') })),
    );
  } else if (data.type === 'invalidate' && typeof data.prefix === 'string') {
    // The page wrote something: answers under this path are out of date. Each is fetched again and replaced;
    // a copy is dropped only when the fresh answer may not be kept (staff are signed in). With no connection
    // the old copy stays: deleting it would leave an offline reload with no reports at all (issue 13).
    event.waitUntil(
      caches
        .open(dataCache)
        .then((cache) =>
          cache.keys().then((keys) =>
            Promise.allSettled(
              keys
                .filter((k) => new URL(k.url).pathname.startsWith(data.prefix))
                .map((k) => fetch(k.url, { cache: 'no-store' }).then((fresh) => (storable(fresh) ? cache.put(k, fresh) : fresh.ok || fresh.status === 401 || fresh.status === 403 ? cache.delete(k) : undefined))),
            ),
          ),
        )
        .then(() => reply({ ok: true })),
    );
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // basemap tiles and styles: the browser's own HTTP cache
  if (request.mode === 'navigate') return event.respondWith(page(event));
  if (url.pathname.startsWith('/api/')) {
    if (request.cache === 'no-store' || uncachedApi.some((prefix) => url.pathname.startsWith(prefix))) return;
    return event.respondWith(request.cache === 'no-cache' ? networkFirst(event) : staleWhileRevalidate(event));
  }
  if (url.pathname.startsWith('/assets/') || shellFiles.includes(url.pathname)) event.respondWith(cacheFirst(request));
});

async function page(event) {
  const cache = await caches.open(shellCache);
  const network = fetch(event.request).then(async (response) => {
    if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) await cache.put('/', response.clone());
    return response;
  });
  event.waitUntil(network.catch(() => undefined));
  try {
    return await withTimeout(network, navigationTimeoutMs);
  } catch {
    return (await cache.match('/')) || network; // no copy yet: wait for the network after all
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(shellCache);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    await trim(cache, maxAssets, (key) => new URL(key.url).pathname.startsWith('/assets/'));
  }
  return response;
}

async function staleWhileRevalidate(event) {
  const cache = await caches.open(dataCache);
  const cached = await cache.match(event.request);
  const network = fetch(event.request).then(async (response) => {
    if (storable(response)) {
      const changed = cached ? await differs(cached.clone(), response.clone()) : false;
      await cache.put(event.request, response.clone());
      await trim(cache, maxData);
      if (changed) await tell(event.request.url);
    } else if (response.ok && cached) {
      // A private answer (staff signed in) behind a public copy: drop the copy, let the page ask again.
      await cache.delete(event.request);
      await tell(event.request.url);
    }
    return response;
  });
  event.waitUntil(network.then(() => tellNetwork(true), () => tellNetwork(false)));
  if (cached) return cached;
  return network.catch(() => offline());
}

async function networkFirst(event) {
  const cache = await caches.open(dataCache);
  const network = fetch(event.request).then(async (response) => {
    if (storable(response)) await cache.put(event.request, response.clone());
    else if (response.ok) await cache.delete(event.request);
    return response;
  });
  event.waitUntil(network.catch(() => undefined));
  try {
    return await withTimeout(network, networkFirstTimeoutMs);
  } catch {
    return (await cache.match(event.request)) || offline();
  }
}

/** Successful, and not marked for this browser's eyes only (the server marks signed-in answers so). */
function storable(response) {
  return response.ok && !/no-store|private/i.test(response.headers.get('cache-control') || '');
}

/** ETags when both have one (Express sends them), else the bodies. */
async function differs(a, b) {
  const ea = a.headers.get('etag');
  const eb = b.headers.get('etag');
  if (ea && eb) return ea !== eb;
  return (await a.text()) !== (await b.text());
}

/** Whether a background fetch reached the server: the page's "Offline" sign needs more than navigator.onLine. */
async function tellNetwork(ok) {
  const windows = await self.clients.matchAll({ type: 'window' });
  for (const client of windows) client.postMessage({ type: 'network', ok });
}

async function tell(url) {
  const windows = await self.clients.matchAll({ type: 'window' });
  for (const client of windows) client.postMessage({ type: 'api-updated', url });
}

/** Deletes the oldest entries (cache keys come back in insertion order) beyond `max`. */
async function trim(cache, max, counts = () => true) {
  const keys = (await cache.keys()).filter(counts);
  for (const key of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(key);
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function offline() {
  const body = JSON.stringify({
    type: 'about:blank',
    title: 'Offline',
    status: 503,
    detail: 'There is no connection, and this has not been loaded on this phone before.',
  });
  return new Response(body, { status: 503, headers: new Headers({ 'Content-Type': 'application/problem+json' }) });
}
