// Registers the service worker (client/public/sw.js) in built clients, tells it which built files this
// page loaded (so the app opens with no connection after one visit), and relays "newer data arrived".

const scriptUrl = '/sw.js';
const listeners = new Set<(url: URL) => void>();

/**
 * Resolves true once the worker controls this page and has stored the files it needs offline; false where
 * service workers are unavailable (development server, old browsers, some private modes).
 */
export function registerServiceWorker(appLoaded: Promise<unknown>): Promise<boolean> {
  // Not under the dev server (import.meta.hot): a cached shell would hide every edit. A build made with
  // NODE_ENV=test (the browser tests) still registers, which import.meta.env.PROD would not allow.
  if (!('serviceWorker' in navigator) || import.meta.hot) return Promise.resolve(false);
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; url?: string } | null;
    if (data?.type === 'api-updated' && data.url) for (const listener of listeners) listener(new URL(data.url));
  });
  return (async () => {
    try {
      // Registered once the map is drawn: its install fetches the shell, which a slow phone needs for the map first.
      await appLoaded.catch(() => undefined); // the renderer and its worker are loaded by now
      await navigator.serviceWorker.register(scriptUrl, { scope: '/' });
      const registration = await navigator.serviceWorker.ready;
      const cached = await precache(registration.active!, loadedUrls());
      return cached && (await controlled());
    } catch (error) {
      console.warn('Offline support is not available:', error);
      return false;
    }
  })();
}

/** Called when the service worker fetched a newer copy of an API answer this page got from its cache. */
export function onDataUpdated(listener: (url: URL) => void): void {
  listeners.add(listener);
}

/**
 * What this page loaded before the worker controlled it: the built files (the shell plus the renderer it
 * chose) and the API answers the map was drawn from, so the next visit works with no connection.
 */
function loadedUrls(): string[] {
  const urls = performance
    .getEntriesByType('resource')
    .map((entry) => new URL(entry.name, location.href))
    .filter((url) => url.origin === location.origin && (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/api/')))
    .map((url) => url.pathname + url.search);
  for (const script of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[rel="stylesheet"], link[rel="modulepreload"]')) {
    const url = new URL('src' in script && script.src ? script.src : (script as HTMLLinkElement).href, location.href);
    if (url.origin === location.origin && url.pathname.startsWith('/assets/')) urls.push(url.pathname);
  }
  return [...new Set(urls)];
}

/** A first visit's worker takes control with clients.claim(), a moment after it is ready. */
function controlled(): Promise<boolean> {
  if (navigator.serviceWorker.controller) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(navigator.serviceWorker.controller !== null), 10_000);
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      clearTimeout(timer);
      resolve(true);
    }, { once: true });
  });
}

function precache(worker: ServiceWorker, urls: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(false), 30_000); // a very slow link: offline support comes on a later visit
    channel.port1.onmessage = (event: MessageEvent) => {
      clearTimeout(timer);
      resolve((event.data as { ok?: boolean })?.ok === true);
    };
    worker.postMessage({ type: 'precache', urls }, [channel.port2]);
  });
}
