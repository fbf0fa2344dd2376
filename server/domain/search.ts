// Address and place search over the embedded data: pure, so the server answers /search with it and a
// phone with no connection runs the same code on the cached index.
import MiniSearch from 'minisearch';

export const SEARCH_KINDS = ['address', 'street', 'place', 'stop', 'ward'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const SEARCH_LIMITS = {
  queryChars: 100, // longer than any address or place name here; bounds the work per request
  minQueryChars: 2, // one letter matches half the city
  maxWords: 12, // words searched; the longest name here ("Kitchener Public Library - Grand River Stanley Park Community Library") has 10
  maxResults: 20, // a list longer than a phone screen does not help
  defaultResults: 8,
} as const;

/** What the index is built from; `GET /search/index` serves exactly this for offline use. */
export interface SearchSource {
  streets: { name: string; at: [number, number]; numbers: string[]; coords: number[] }[]; // coords: 1e-5°, delta-encoded
  places: { name: string; kind: Exclude<SearchKind, 'address' | 'street'>; detail: string | null; at: [number, number] }[];
}

export interface SearchResult {
  kind: SearchKind;
  name: string; // "200 King Street West", "Kitchener Public Library", "Ward 3"
  detail: string | null; // the kind of place, the stop, "street"
  lon: number;
  lat: number;
}

// Abbreviations people type, folded to the words the data spells out ("200 King St W").
const ABBREVIATIONS: Record<string, string> = {
  st: 'street', rd: 'road', ave: 'avenue', av: 'avenue', dr: 'drive', cres: 'crescent', cr: 'crescent', crt: 'court', ct: 'court', pl: 'place',
  blvd: 'boulevard', pkwy: 'parkway', pky: 'parkway', terr: 'terrace', cir: 'circle', ln: 'lane', hwy: 'highway',
  n: 'north', s: 'south', e: 'east', w: 'west',
};
const processTerm = (term: string) => {
  const t = term.toLowerCase().replace(/[.'’]/g, '');
  return t ? (ABBREVIATIONS[t] ?? t) : null;
};
/** "200", "12A", "12 1/2" before a street. */
const CIVIC_NUMBER = /^(\d{1,6}(?:[a-z])?(?:\s+1\/2)?)\s+(.+)$/i;

type Doc = { id: number; name: string; kind: SearchKind; ref: number };

export interface SearchIndex {
  search(query: string, limit?: number): SearchResult[];
}

export function buildSearchIndex(source: SearchSource): SearchIndex {
  const docs: Doc[] = [
    ...source.streets.map((s, i): Doc => ({ id: i, name: s.name, kind: 'street', ref: i })),
    ...source.places.map((p, i): Doc => ({ id: source.streets.length + i, name: p.name, kind: p.kind, ref: i })),
  ];
  const mini = new MiniSearch<Doc>({
    fields: ['name'],
    storeFields: ['kind', 'ref'],
    processTerm,
    // Every word is a prefix ("kitch pub lib") except one-letter words before the last: each of those
    // matches a sixth of the index, and fifty of them cost 45-170 ms a query (an audit's "a b c … x").
    searchOptions: { prefix: (term: string, i: number, terms: string[]) => term.length > 1 || i === terms.length - 1, fuzzy: 0.2, combineWith: 'AND', processTerm },
  });
  mini.addAll(docs);
  const numbersByStreet = source.streets.map((s) => {
    const byNumber = new Map<string, [number, number]>();
    let lon = 0;
    let lat = 0;
    s.numbers.forEach((n, k) => {
      lon += s.coords[2 * k];
      lat += s.coords[2 * k + 1];
      byNumber.set(n.toLowerCase(), [lon / 1e5, lat / 1e5]);
    });
    return byNumber;
  });

  const toResult = (doc: Doc): SearchResult => {
    if (doc.kind === 'street') {
      const s = source.streets[doc.ref];
      return { kind: 'street', name: s.name, detail: 'street', lon: s.at[0], lat: s.at[1] };
    }
    const p = source.places[doc.ref];
    return { kind: p.kind, name: p.name, detail: p.detail, lon: p.at[0], lat: p.at[1] };
  };

  return {
    search(query, limit = SEARCH_LIMITS.defaultResults) {
      // A word said twice narrows nothing, and no name here has more than a dozen words: both only cost time.
      const words = [...new Map(query.trim().split(/\s+/).map((w) => [w.toLowerCase(), w])).values()];
      const q = words.slice(0, SEARCH_LIMITS.maxWords).join(' ');
      if (q.length < SEARCH_LIMITS.minQueryChars) return [];
      const numbered = CIVIC_NUMBER.exec(q);
      const results: SearchResult[] = [];
      if (numbered) {
        // "200 King Street West": the civic number on the best-matching streets that have it.
        const number = numbered[1].replace(/\s+/g, ' ').toLowerCase();
        for (const hit of mini.search(numbered[2], { filter: (r) => r.kind === 'street' }).slice(0, 20)) {
          const at = numbersByStreet[hit.ref as number].get(number);
          if (at) results.push({ kind: 'address', name: `${numbered[1].toUpperCase()} ${source.streets[hit.ref as number].name}`, detail: 'address', lon: at[0], lat: at[1] });
          if (results.length >= limit) break;
        }
      }
      const seen = new Set(results.map((r) => r.name));
      // A number no street here has: still offer the streets themselves.
      for (const hit of mini.search(numbered && results.length === 0 ? numbered[2] : q)) {
        if (results.length >= limit) break;
        const result = toResult({ id: hit.id as number, name: '', kind: hit.kind as SearchKind, ref: hit.ref as number });
        if (!seen.has(`${result.kind}:${result.name}`)) results.push(result);
        seen.add(`${result.kind}:${result.name}`);
      }
      return results.slice(0, limit);
    },
  };
}
