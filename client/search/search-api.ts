// The search's calls to the server, and the same search run on the cached index when there is no connection.
import { buildSearchIndex, type SearchIndex, type SearchResult, type SearchSource } from '../../server/domain/search';

export type { SearchResult };

const searchUrl = '/api/v1/search';
const indexUrl = '/api/v1/search/index'; // the service worker keeps it: search works offline after one look

let offline: Promise<SearchIndex> | null = null;

/** Downloads the index once so the service worker (or the HTTP cache) has a copy for later, without building the
 *  search from it: that takes seconds of a slow phone's main thread and is needed only with no connection. */
export function keepOfflineSearch(): Promise<void> {
  kept ??= fetch(indexUrl).then((r) => r.arrayBuffer()).then(() => undefined);
  kept.catch(() => (kept = null)); // try again next time
  return kept;
}
let kept: Promise<void> | null = null;

/** Fetches the index once (the service worker then has a copy) and builds the local search from it. */
export function prepareOfflineSearch(): Promise<SearchIndex> {
  offline ??= fetch(indexUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`search index answered ${r.status}`);
      return r.json() as Promise<SearchSource>;
    })
    .then(buildSearchIndex);
  offline.catch(() => (offline = null)); // try again next time
  return offline;
}

/** The server's answer; with no connection, the same search on the cached index. */
export async function searchPlaces(q: string, signal?: AbortSignal): Promise<{ results: SearchResult[]; offline: boolean }> {
  try {
    const response = await fetch(`${searchUrl}?q=${encodeURIComponent(q)}`, { signal, headers: { Accept: 'application/json, application/problem+json' } });
    if (response.ok) return { results: ((await response.json()) as { results: SearchResult[] }).results, offline: false };
    if (response.status === 400) return { results: [], offline: false };
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
  }
  return { results: (await prepareOfflineSearch()).search(q), offline: true };
}
