// Which listing (named by SSID only) each unlisted BSSID belongs to: nearest pairs first, one radio per
// listing, a second only beside the first.
import { describe, expect, it } from 'vitest';
import { CO_LOCATED_M, claimRadios, ListingsNear, type HeardRadio, type SsidListing } from '../../../server/domain/coverage/emitter-claims';
import { mulberry32 } from '../../../server/domain/coverage/random';

const SSID = 0, OTHER_SSID = 1;
const listing = (index: number, x: number, y = 0, ssid = SSID): SsidListing => ({ index, ssid, x, y });
const radio = (id: number, x: number, y = 0, ssid = SSID): HeardRadio => ({ id, ssid, x, y });
const near = (listings: SsidListing[], squareM = 100) => new ListingsNear(listings, squareM);
const claim = (radios: HeardRadio[], listings: SsidListing[], radiusM = 100, east = 1) =>
  Object.fromEntries(claimRadios(radios.map((r) => ({ radio: r, listings: near(listings).within(r.ssid, r.x, r.y, radiusM, east) })), east));

describe('claiming unlisted radios for listings without BSSIDs', () => {
  it('takes the listings of the radio\'s SSID within the radius, in true metres, and no other', () => {
    const listings = [listing(0, 0), listing(1, 60), listing(2, 100.5), listing(3, 10, 0, OTHER_SSID), listing(4, 0, 100)];
    expect(near(listings).within(SSID, 0, 0, 100, 1)).toEqual([{ index: 0, distanceM: 0 }, { index: 1, distanceM: 60 }, { index: 4, distanceM: 100 }]);
    // East–west metres scale with the latitude: 120 projected metres at a scale of 0.8 are 96 true ones.
    expect(near([listing(0, 120)]).within(SSID, 0, 0, 100, 0.8)).toEqual([{ index: 0, distanceM: 96 }]);
  });

  it('finds near a point exactly the listings a scan of all of them finds, wherever the squares fall', () => {
    const random = mulberry32(11);
    const listings = Array.from({ length: 400 }, (_, k) => listing(k, 2000 * random() - 1000, 2000 * random() - 1000, k % 3));
    const scan = (ssid: number, x: number, y: number, radiusM: number, east: number) => listings
      .map((l) => ({ index: l.index, ssid: l.ssid, distanceM: Math.hypot((x - l.x) * east, y - l.y) }))
      .filter((l) => l.ssid === ssid && l.distanceM <= radiusM).map(({ index, distanceM }) => ({ index, distanceM }));
    let found = 0;
    for (const squareM of [37, 100, 250]) {
      const index = near(listings, squareM);
      for (let t = 0; t < 200; t++) {
        const [ssid, x, y, radiusM, east] = [t % 3, 2000 * random() - 1000, 2000 * random() - 1000, 20 + 200 * random(), 0.5 + random()];
        const expected = scan(ssid, x, y, radiusM, east);
        expect(index.within(ssid, x, y, radiusM, east)).toEqual(expected);
        found += expected.length;
      }
    }
    expect(found).toBeGreaterThan(300); // the points were near listings often enough to test something
    // Where a true metre is two projected ones east–west, 190 m east is 95 true metres: two squares of 100 over.
    expect(near([listing(0, 190)]).within(SSID, 0, 0, 100, 0.5)).toEqual([{ index: 0, distanceM: 95 }]);
    expect(near([listing(0, 0, 150)]).within(SSID, 0, -49, 200, 1)).toEqual([{ index: 0, distanceM: 199 }]); // two squares north
    expect(near([listing(0, 1), listing(1, 2)]).size).toBe(2);
  });

  it('gives each listing the radio nearest it; a radio 60 m off beside it is left to be discovered', () => {
    expect(claim([radio(1, 5), radio(2, 60)], [listing(0, 0)])).toEqual({ 1: 0 });
  });

  it('lets a second radio join where it stands within the co-location distance of the first', () => {
    expect(claim([radio(1, 5), radio(2, 5 + CO_LOCATED_M)], [listing(0, 0)])).toEqual({ 1: 0, 2: 0 });
    expect(claim([radio(1, 5), radio(2, 5 + CO_LOCATED_M + 0.5)], [listing(0, 0)])).toEqual({ 1: 0 });
    // In true metres, both ways: 30 projected metres east at a scale of 0.8 and 24 north are 33.9 m apart.
    expect(claim([radio(1, 10, 10), radio(2, 40, 34)], [listing(0, 0, 0)], 100, 0.8)).toEqual({ 1: 0, 2: 0 });
    expect(claim([radio(1, 10, 10), radio(2, 40, 44)], [listing(0, 0, 0)], 100, 0.8)).toEqual({ 1: 0 }); // 41.6 m
  });

  it('gives a radio to the listing it stands nearest even when another listing had it within reach', () => {
    // Radio 1 is 30 m from listing 0 and 20 m from listing 1; radio 2 stands on listing 0.
    expect(claim([radio(1, 50), radio(2, 20)], [listing(0, 20), listing(1, 70)])).toEqual({ 1: 1, 2: 0 });
  });

  it('settles a radio equally near two listings by the lower index, in either order', () => {
    expect(claim([radio(1, 50)], [listing(0, 0), listing(1, 100)])).toEqual({ 1: 0 });
    expect(claim([radio(1, 50)], [listing(1, 100), listing(0, 0)])).toEqual({ 1: 0 });
    const r = radio(1, 50); // candidates made elsewhere may list them in any order
    expect(Object.fromEntries(claimRadios([{ radio: r, listings: [{ index: 1, distanceM: 50 }, { index: 0, distanceM: 50 }] }], 1))).toEqual({ 1: 0 });
  });

  it('answers the same whatever order the radios and listings come in', () => {
    const random = mulberry32(7);
    const onLattice = () => 20 * Math.floor(random() * 16); // 20 m steps over 300 m: equal distances happen, so ties are settled too
    const listings = Array.from({ length: 12 }, (_, k) => listing(k, onLattice(), onLattice()));
    const radios = Array.from({ length: 30 }, (_, k) => radio(k, onLattice(), onLattice()));
    const reference = claim(radios, listings);
    expect(Object.keys(reference).length).toBeGreaterThan(5);
    for (let t = 0; t < 5; t++) {
      const shuffle = <T>(a: T[]) => a.map((v) => [random(), v] as const).sort((p, q) => p[0] - q[0]).map(([, v]) => v);
      expect(claim(shuffle(radios), shuffle(listings))).toEqual(reference);
    }
  });
});
