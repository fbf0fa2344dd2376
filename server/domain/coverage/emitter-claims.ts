// Which listing a BSSID nobody listed belongs to, when the registry names an AP's SSID but not its BSSIDs
// (Kitchener's names none). Each such BSSID stands at the loudness centroid of its readings. Pairs are taken
// nearest first, and a listing takes one radio: a second only where it stands beside the first, as an AP's
// 2.4 and 5 GHz radios do. Taking every BSSID heard near a listing (until 2026-12-07) hid the unregistered
// hotspots beside listed ones (truth simulation, registry without BSSIDs: 5–8 BSSIDs of 73–79 taken by the
// wrong AP on seeds 1–3, 3 of 9 hotspots the readings revealed never suggested on seed 1). Pure.
import { Squares } from './squares';

/** A BSSID nobody listed: its interned SSID and its readings' loudness centroid, projected metres. */
export interface HeardRadio {
  id: number;
  ssid: number;
  x: number;
  y: number;
}

/** An AP listed by SSID only, at its listed position. */
export interface SsidListing {
  index: number;
  ssid: number;
  x: number;
  y: number;
}

/**
 * m: a second BSSID joins a listing when its centroid lies this near the first one's. Two halves of one
 * hotspot's readings centre 16–18 m apart (median; 90th percentile 35–40 m), the nearest other hotspot's
 * centroid 49–63 m away in 19 of 20 cases (truth simulation, seeds 1–3, 50,000 readings).
 */
export const CO_LOCATED_M = 40;

/** A radio with the listings near enough to be its AP, by index (claimRadios sorts the pairs; a refresh may reuse this unchanged). */
export interface RadioCandidates {
  radio: HeardRadio;
  listings: { index: number; distanceM: number }[];
}

/**
 * Listings by SSID and square, so finding those near a point costs its neighbourhood, not the registry: a flood
 * of made-up BSSIDs (thousands of finds) against 2,000 listings was 10M distance checks a /discoveries answer.
 */
export class ListingsNear {
  private readonly bySsid = new Map<number, Squares<SsidListing>>();
  readonly size: number;

  /** `squareM`: the side of a square in projected metres; a search spans as many as its radius needs. */
  constructor(listings: readonly SsidListing[], squareM: number) {
    for (const l of listings) {
      let squares = this.bySsid.get(l.ssid);
      if (!squares) this.bySsid.set(l.ssid, (squares = new Squares(squareM)));
      squares.add(l.x, l.y, l);
    }
    this.size = listings.length;
  }

  /** The listings of `ssid` within `radiusM` true metres of (x, y), by index. `eastScale`: metres per projected x unit there. */
  within(ssid: number, x: number, y: number, radiusM: number, eastScale: number): { index: number; distanceM: number }[] {
    const near: { index: number; distanceM: number }[] = [];
    this.bySsid.get(ssid)?.forEachNear(x, y, radiusM / eastScale, radiusM, (l) => {
      const distanceM = Math.hypot((x - l.x) * eastScale, y - l.y);
      if (distanceM <= radiusM) near.push({ index: l.index, distanceM });
    });
    return near.sort((a, b) => a.index - b.index);
  }
}

/**
 * radio id → listing index. Nearest pairs first (ties by radio id, then listing, so the answer does not depend on
 * the order of the input); a radio no listing may take stays unclaimed: a hotspot to discover.
 */
export function claimRadios(candidates: readonly RadioCandidates[], eastScale: number, coLocatedM = CO_LOCATED_M): Map<number, number> {
  const pairs: { radio: HeardRadio; index: number; distanceM: number }[] = [];
  for (const c of candidates) for (const l of c.listings) pairs.push({ radio: c.radio, index: l.index, distanceM: l.distanceM });
  pairs.sort((a, b) => a.distanceM - b.distanceM || a.radio.id - b.radio.id || a.index - b.index);
  const claims = new Map<number, number>(), first = new Map<number, HeardRadio>();
  for (const { radio, index } of pairs) {
    if (claims.has(radio.id)) continue;
    const own = first.get(index);
    if (own === undefined) first.set(index, radio);
    else if (Math.hypot((radio.x - own.x) * eastScale, radio.y - own.y) > coLocatedM) continue;
    claims.set(radio.id, index);
  }
  return claims;
}
