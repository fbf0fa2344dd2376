// The client's words and looks for what readings say about hotspots: the chance of usable Wi-Fi, a hotspot
// phones found, an access point probably down (drawn as uncertain in both renderers), and planners' lines.
import { describe, expect, test } from 'vitest';
import type { AccessPointCollection, AccessPointProps, CellExplanation, Discovery } from '../../client/api';
import { chanceWords, contributorName, figuresLine, levelWords, pooledWords } from '../../client/coverage/explain';
import { accessPointLook, accessPointStyle, assessmentLines, drawableAccessPoints, fittedWords, reachCircles, reachStyle } from '../../client/map/core';
import { besideListingWords, defaultDiscoveryName, findsBesideWords, discoveryWords, expectedAreaWords, heardApartSummary, heardApartWords, hotspotCountsWords } from '../../client/planner/hotspot-words';

const ap = (over: Partial<AccessPointProps> = {}): AccessPointProps => ({
  id: 7, name: 'Library', ssid: 'Kitchener-Free', venue: null, operator: null, address: null, environment: 'indoor', indoor: true,
  status: 'active', reachM: 80, confidence: 'documented', source: null, ...over,
});

const assessment = (over: Partial<NonNullable<AccessPointProps['assessment']>> = {}): NonNullable<AccessPointProps['assessment']> => ({
  probablyDown: false, readings: 0, devices: 0, fitted: null, estimatedPosition: null, movedM: 0, learnedBssids: [], nearby: null, ...over,
});

const explanation = (over: Partial<CellExplanation> = {}): CellExplanation => ({
  cellId: 1, centre: [-80.49, 43.45], insideCity: true, wardId: 'ward-1', predictedDbm: -70, contributors: [],
  evidence: { weight: 0, samples: 0, devices: 0, reports: 0, newestAt: null, ageDays: null, setAside: { spoofed: 0, implausible: 0, unconfirmed: 0, unbacked: 0 } },
  fusedDbm: -70.4, class: 'fair', covered: true, confidence: 0, gapId: null, ...over,
});

describe('"why this colour?"', () => {
  test('when the server sends P(usable), then the figures lead with the chance and give the level with its spread', () => {
    expect(chanceWords(0.784)).toBe('78 % chance of usable free Wi-Fi');
    expect(levelWords(-70.4, 4.2)).toBe('−70 dBm ± 4 dB');
    expect(figuresLine(explanation({ pUsable: 0.784, uncertaintyDb: 4.2 }))).toBe('78 % chance of usable free Wi-Fi · expected −70 dBm ± 4 dB');
  });

  test('when an older answer has no probability, then the figures fall back to the confidence', () => {
    expect(chanceWords(undefined)).toBeNull();
    expect(figuresLine(explanation())).toBe('Expected −70 dBm · confidence low (0 %)');
  });

  test('when a contributor is a hotspot phones found, then it is named as one, not as a registry entry', () => {
    const found = contributorName({ accessPointId: null, discoveredBssid: 'bb:bb:bb:00:00:01', distanceM: 10, predictedDbm: -60, model: 'calibrated' }, () => undefined);
    expect(found).toBe('A hotspot phones found (not yet in the registry), bb:bb:bb:00:00:01');
    expect(contributorName({ accessPointId: 7, distanceM: 10, predictedDbm: -60, model: 'default' }, () => ap())).toBe('Library (Kitchener-Free)');
  });

  test('when pooled readings moved the prediction, then it says by how much and which way; not when they did not', () => {
    expect(pooledWords({ weight: 3, residualDb: -6.4 })).toBe('Readings here and in the cells next to it put the signal 6 dB weaker than the prediction.');
    expect(pooledWords({ weight: 0, residualDb: 0 })).toBeNull();
    expect(pooledWords(undefined)).toBeNull();
  });
});

describe('probably down on the map', () => {
  const collection: AccessPointCollection = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [-80.49, 43.45] }, properties: ap({ id: 1, probablyDown: true }) },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [-80.48, 43.45] }, properties: ap({ id: 2 }) },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [-80.47, 43.45] }, properties: ap({ id: 3, status: 'down', probablyDown: true }) },
    ],
  };

  test('when an active access point is probably down, then it is drawn uncertain: hollow marker, dashed muted reach; a down one stays down', () => {
    expect(collection.features.map((f) => accessPointLook(f.properties))).toEqual(['uncertain', 'active', 'down']);
    expect(accessPointStyle('uncertain')).toMatchObject({ fill: '#ffffff' });
    expect(accessPointStyle('uncertain').stroke).toBe(accessPointStyle('active').fill); // the Wi-Fi blue, hollow
    expect(reachStyle('uncertain')).toMatchObject({ dashed: true });
    expect(reachStyle('uncertain')!.fillOpacity).toBeLessThan(reachStyle('active')!.fillOpacity);
  });

  test('when drawn, then both renderers get the look on the points and on the reach circles', () => {
    expect(drawableAccessPoints(collection).features.map((f) => f.properties.look)).toEqual(['uncertain', 'active', 'down']);
    expect(reachCircles(collection).features.map((f) => [f.properties.id, f.properties.look])).toEqual([[1, 'uncertain'], [2, 'active'], [3, 'down']]);
  });

  test('for planners, the fitted reach and a move are spelled out, and what phones near it heard', () => {
    const flagged = ap({
      reachM: 64,
      assessment: assessment({ probablyDown: true, readings: 18, devices: 3, fitted: { dbmAt1m: -35, n: 2.8, sigmaDb: 3 }, estimatedPosition: [-80.49, 43.45], movedM: 42, nearby: { pDown: 0.934, devices: 3, heard: 0, othersHeard: 2, shouldHaveWon: 1, nothingHeard: 12 } }),
    });
    expect(assessmentLines(flagged)).toEqual([
      'Fitted from 18 readings by 3 phones: reach 64 m; moved 42 m from the registry position.',
      '3 phones near it: heard it 0 times; heard only other hotspots 2 times (1 where it should have been the strongest); heard no free Wi-Fi 12 times. Chance it is off: 93 %.',
    ]);
    expect(fittedWords(ap({ assessment: assessment({ readings: 1, devices: 1, fitted: { dbmAt1m: -35, n: 2.8, sigmaDb: 3 } }) }))).toBe('Fitted from 1 reading by 1 phone: reach 80 m.');
    expect(fittedWords(ap({ assessment: assessment({ readings: 18, devices: 3, fitted: { dbmAt1m: -35, n: 2.8, sigmaDb: 3 }, learnedBssids: ['dd:00:00:00:00:01'] }) })))
      .toBe('Fitted from 18 readings by 3 phones: reach 80 m. Heard as dd:00:00:00:00:01, not in its entry.');
    expect(assessmentLines(ap())).toEqual([]);
  });
});

describe('planner words', () => {
  const discovery: Discovery = {
    id: 'bb:bb:bb:00:00:01', bssid: 'bb:bb:bb:00:00:01', ssid: 'Kitchener-Free', position: [-80.5, 43.42], positionWithinM: 72, readings: 18, devices: 3,
    strongestDbm: -45, estimatedReachM: 61, firstSeen: '2026-11-30T10:00:00Z', lastSeen: '2026-12-02T09:00:00Z', status: 'pending', onPublicMap: true, besideListing: null,
  };

  test('when a discovery is listed, then its evidence reads in one line and its default name carries the SSID and BSSID', () => {
    expect(discoveryWords(discovery, Date.parse('2026-12-02T12:00:00Z'))).toBe('18 readings by 3 phones, first seen 2 days ago, last seen today; position within ≈ 72 m, reach ≈ 61 m, strongest −45 dBm');
    expect(discoveryWords({ ...discovery, devices: 2, onPublicMap: false }, Date.parse('2026-12-02T12:00:00Z'))).toBe('18 readings by 2 phones, first seen 2 days ago, last seen today; position within ≈ 72 m, reach ≈ 61 m, strongest −45 dBm; the public map shows its readings, not its reach, until more phones hear it');
    expect(defaultDiscoveryName(discovery)).toBe('Discovered hotspot Kitchener-Free bb:bb:bb:00:00:01');
    expect(defaultDiscoveryName({ ...discovery, ssid: null })).toBe('Discovered hotspot bb:bb:bb:00:00:01');
  });

  test('when a discovery stands beside a listing of its network, then the planner reads how far and what it may mean: its own radio where the entry names none', () => {
    expect(besideListingWords(discovery)).toBe('');
    const beside = { id: 4, name: 'Central Library', distanceM: 62, listsBssids: false };
    expect(besideListingWords({ ...discovery, besideListing: beside })).toBe('62 m from Central Library, whose entry names no BSSID: its own radio, if that entry stands in the wrong place.');
    expect(besideListingWords({ ...discovery, besideListing: { ...beside, listsBssids: true } })).toBe('62 m from Central Library: a radio of it, if it has more than its entry lists.');
    expect(besideListingWords({ ...discovery, besideListing: { ...beside, name: null } })).toMatch(/^62 m from access point 4, whose/);
  });

  test('when finds stand beside a listing phones no longer hear, then its row names the nearest and what it may mean', () => {
    expect(findsBesideWords([])).toBe('');
    expect(findsBesideWords([discovery])).toBe(''); // beside no listing
    const at = (bssid: string, distanceM: number) => ({ ...discovery, bssid, besideListing: { id: 4, name: 'Central Library', distanceM, listsBssids: false } });
    expect(findsBesideWords([at('bb:00:00:00:00:09', 82)])).toBe('Phones hear a hotspot on its network 82 m from where it is listed (BSSID bb:00:00:00:00:09, suggested above): if that is this access point, its entry\'s place or radios are out of date.');
    expect(findsBesideWords([at('bb:00:00:00:00:09', 82), at('bb:00:00:00:00:0a', 61)])).toBe('Phones hear 2 hotspots on its network near where it is listed, the nearest 61 m away (BSSID bb:00:00:00:00:0a, suggested above): if that is this access point, its entry\'s place or radios are out of date.');
  });

  test('when a BSSID was heard too far apart for one hotspot, then the planner reads how widely, by how many phones, when, and how loud; the summary counts them', () => {
    const apart = { bssid: 'cc:00:00:00:00:01', ssid: 'Kitchener-Free', readings: 34, devices: 5, spanM: 2_140, strongestDbm: -41.4, firstSeen: '2026-11-29T09:00:00.000Z', lastSeen: '2026-12-02T08:00:00.000Z' };
    expect(heardApartWords(apart, Date.parse('2026-12-02T12:00:00Z'))).toBe('heard across 2.1 km by 5 phones (34 readings), first seen 3 days ago, last seen today; strongest −41 dBm');
    expect(heardApartWords({ ...apart, spanM: 640, devices: 1, readings: 1 }, Date.parse('2026-12-02T12:00:00Z'))).toMatch(/^heard across 640 m by 1 phone \(1 reading\),/);
    expect(heardApartSummary(1)).toBe('1 BSSID heard in places too far apart for one hotspot: not suggested');
    expect(heardApartSummary(2_300)).toBe('2,300 BSSIDs heard in places too far apart for one hotspot: not suggested');
  });

  test('when the statistics carry the expected area, then it is given with its 95 % interval in area and share; not otherwise', () => {
    const city = { id: 'city', name: 'Kitchener', areaM2: 137e6, coveredAreaM2: 2e6, coveredShare: 0.0146, expectedCoveredAreaM2: 2.1e6, expectedCoveredIntervalM2: [1.9e6, 2.3e6] as [number, number] };
    expect(expectedAreaWords(city)).toBe('Expected 2.10 km² (1.5%), 95 % interval 1.90–2.30 km² (1.4%–1.7%)');
    // One unit for both ends, the upper one's: a skewed interval does not read "37,232 m²–2.41 km²".
    expect(expectedAreaWords({ ...city, expectedCoveredIntervalM2: [37_232, 2_410_150] })).toMatch(/95 % interval 0\.04–2\.41 km² /);
    expect(expectedAreaWords({ ...city, expectedCoveredIntervalM2: [3_000, 2_400_000] })).toMatch(/95 % interval 0\.003–2\.40 km² /);
    expect(expectedAreaWords({ ...city, expectedCoveredAreaM2: 4_000, expectedCoveredIntervalM2: [1_200, 8_000] })).toMatch(/95 % interval 1,200–8,000 m² /);
    expect(expectedAreaWords({ ...city, expectedCoveredAreaM2: undefined })).toBeNull();
  });

  test('the hotspot counts read in one line', () => {
    expect(hotspotCountsWords({ fitted: 12, moved: 2, probablyDown: 1, discovered: 3, suggested: 0, distrustedDevices: 1 })).toBe('12 hotspots fitted from readings · 2 moved · 1 probably down · 3 discovered · 1 distrusted device');
    // The Registry tab's suggestions include finds too few phones heard for the map: the line counts them too.
    expect(hotspotCountsWords({ fitted: 12, moved: 2, probablyDown: 1, discovered: 3, suggested: 2, distrustedDevices: 1 })).toBe('12 hotspots fitted from readings · 2 moved · 1 probably down · 3 discovered, 2 more suggested · 1 distrusted device');
  });
});
