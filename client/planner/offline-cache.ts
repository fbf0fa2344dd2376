// The service worker keeps copies of API answers for offline use (client/public/sw.js). While staff are
// signed in those answers can hold staff-only detail, and after an edit they are out of date: drop them.

const replyTimeoutMs = 1500; // ms: never hold the workspace up for a worker that does not answer

/** Drops the worker's cached API answers under `prefix`; resolves when done (or at once without a worker). */
export function dropCachedAnswers(prefix: string): Promise<void> {
  const worker = navigator.serviceWorker?.controller;
  if (!worker) return Promise.resolve();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(resolve, replyTimeoutMs);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
    worker.postMessage({ type: 'invalidate', prefix }, [channel.port2]);
  });
}
