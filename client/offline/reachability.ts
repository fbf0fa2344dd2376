// Is the server reachable? navigator.onLine only knows whether a network is attached: a phone on a
// captive portal, or in a dead zone with a weak signal, is "online" yet reaches nothing. The service worker
// says whether its background fetches got through; while they do not, a cheap probe asks again with backoff.

const PROBE_URL = '/api/v1/health'; // never cached by the worker; tiny
const PROBE_FIRST_MS = 500; // ms: the first probe after a failure (back in range quickly shows at once) …
const PROBE_MAX_MS = 10_000; // ms: … growing ×1.5 to this, so a phone left in a dead zone does not drain its battery

let reachable = true;
let probeMs = PROBE_FIRST_MS;
let timer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<() => void>();

/** No connection to the server: the browser says offline, or the last attempt to reach the server failed. */
export function isOffline(): boolean {
  return !navigator.onLine || !reachable;
}

/** Called on every change of isOffline(). */
export function onReachabilityChange(listener: () => void): void {
  listeners.add(listener);
}

/** What a fetch (the page's or the worker's) found out: the server answered, or the network failed. */
export function reportReachable(ok: boolean): void {
  if (ok === reachable) return;
  reachable = ok;
  if (ok) {
    probeMs = PROBE_FIRST_MS;
    if (timer) clearTimeout(timer);
    timer = null;
  } else schedule();
  for (const listener of listeners) listener();
}

function schedule(): void {
  if (timer) return;
  timer = setTimeout(async () => {
    timer = null;
    try {
      await fetch(PROBE_URL, { cache: 'no-store' });
      reportReachable(true); // any answer at all: the server is in reach
    } catch {
      // still unreachable
    }
    if (!reachable) {
      probeMs = Math.min(PROBE_MAX_MS, probeMs * 1.5);
      schedule();
    }
  }, probeMs);
}

/** Listens to the service worker's word on its background fetches (see client/public/sw.js, 'network'). */
export function listenToServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; ok?: boolean } | null;
    if (data?.type === 'network' && typeof data.ok === 'boolean') reportReachable(data.ok);
  });
  window.addEventListener('online', () => reportReachable(true)); // a new network: assume it works until shown otherwise
}
