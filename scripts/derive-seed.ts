/**
 * Derives the project's seed files in data/ from the reference data in ../shared/data/raw/
 * (see data/README.md for the sources and the rules applied here).
 *
 *   node --import tsx scripts/derive-seed.ts [--raw DIR] [--out DIR]
 *   npm run seed:derive
 *
 * Same input gives byte-identical output. The run fails (exit 1) when a check fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, Point, Polygon, Position } from 'geojson';
import type { ApEnvironment } from '../server/domain/types';
import { parseCsv } from './seed/csv';
import { deriveBasemap, type BasemapStats } from './seed/basemap-files';
import { readZipMember } from './seed/zip';
import { compareNatural, formatFeatureCollection, roundPosition } from './seed/geojson-output';
import { facilityAddress, nameSimilarity, normaliseAddress, titleCaseIfAllCaps } from './seed/names';
import { renderReadme, type SeedStats } from './seed/readme';
import { simplifySharedBorders, vertexKey } from './seed/shared-border-simplify';
import { assertCitationsMatchSource, CITY_NETWORK_CODES, describeEvidence, parseEvidence } from './seed/wifi-evidence';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const METRES_PER_DEGREE_LAT = 111_132;

/** Douglas–Peucker tolerance: 5 m keeps every street-scale bend of the ward lines; 10 m made a ward self-intersect. */
const SIMPLIFY_TOLERANCE_M = 5;
/** Largest accepted change of the city's area by simplification (fraction). */
const MAX_AREA_CHANGE = 0.005;
/** A 2016 facility is the same place as a listed public place when the names agree and it is this close (metres). */
const SAME_NAME_MAX_DISTANCE_M = 100;
/** ... or when both have the same civic address and are this close: one complex with several records (the Aud's rinks span ~150 m). */
const SAME_ADDRESS_MAX_DISTANCE_M = 150;
/** Jaccard similarity of the distinctive words of two names above which they name the same place. */
const NAME_SIMILARITY_MIN = 0.5;

type PlaceKind = 'library' | 'community_centre' | 'transit' | 'city_facility' | 'park' | 'school';

/** Demand weight 1..5: how much a gap in free Wi-Fi there matters (people who come to stay and go online). */
const DEMAND_BY_KIND: Record<PlaceKind, number> = {
  library: 5, // people come to use computers and Wi-Fi
  community_centre: 4, // programmes, drop-ins, warming/cooling centres
  transit: 4, // many people waiting, often without data
  city_facility: 3, // city hall, market, arenas, pools, museums
  park: 2, // seasonal, outdoor
  school: 2, // students have school networks; matters after hours
};

const KIND_BY_PLACE_CATEGORY: Record<string, PlaceKind> = {
  library: 'library',
  'community centre': 'community_centre',
  'recreation centre': 'community_centre',
  'ION LRT station': 'transit',
  'GRT terminal': 'transit',
  'rail station': 'transit',
  park: 'park',
  'city hall': 'city_facility',
  market: 'city_facility',
  'arena / event venue': 'city_facility',
  'arts venue': 'city_facility',
  museum: 'city_facility',
};

/** 2016 facility categories that are priority places; the others (murals, monuments, festhalls, malls, theatres) are not. */
const KIND_BY_FACILITY_CATEGORY: Record<string, PlaceKind | null> = {
  library: 'library',
  'community centre': 'community_centre',
  'public transportation': 'transit',
  market: 'city_facility',
  arena: 'city_facility',
  'indoor pool': 'city_facility',
  'outdoor pool': 'city_facility',
  museum: 'city_facility',
  'splash pad': 'park',
  elementary: 'school',
  secondary: 'school',
  'elementary and secondary': 'school',
  university: 'school',
  college: 'school', // private career colleges are dropped separately, see careerCollegeIds
  tourist: null,
  festhalls: null,
  shopping: null,
  entertainment: null,
};

type WifiEvidence = 'documented' | 'probable' | 'unknown';

interface PlaceProperties {
  seedId: string;
  name: string;
  kind: PlaceKind;
  address: string | null;
  wifiEvidence: WifiEvidence;
  demand: number;
  source: string;
}

interface AccessPointProperties {
  seedId: string;
  name: string;
  ssid: string | null;
  venue: string;
  address: string | null;
  operator: 'Kitchener Public Library' | 'City of Kitchener';
  environment: ApEnvironment;
  confidence: 'documented' | 'probable';
  source: string;
  band: '2.4';
  eirpDbm: number;
}

interface PublicPlaceRow {
  id: string;
  name: string;
  category: string;
  address: string;
  latitude: string;
  longitude: string;
  coord_source: string;
  coord_confidence: string;
  wifi_status: string;
  wifi_source: string;
  notes: string;
}

interface FacilityProperties {
  name: string;
  category: string;
  source_file: string;
  landmark_id: string;
  civic_no: string;
  street: string;
}

/** The columns of GTFS stops.txt the seed reads. */
interface GtfsStopRow {
  stop_id: string;
  stop_name: string;
  stop_lat: string;
  stop_lon: string;
  location_type: string; // 0 or empty: a stop or platform; 1: a station grouping platforms
}

async function main(): Promise<void> {
  const { rawDir, outDir } = parseArgs(process.argv.slice(2));
  const raw = (name: string) => path.join(rawDir, name);
  const readText = (name: string) => fs.readFileSync(raw(name), 'utf8').replace(/^\uFEFF/, '');
  const readJson = <T>(name: string) => JSON.parse(readText(name)) as T;
  if (!fs.existsSync(rawDir)) fail(`raw data folder not found: ${rawDir} (pass --raw DIR)`);

  assertCitationsMatchSource(readText('kitchener-public-places.csv.source.md'));
  const problems: string[] = [];

  // --- Areas -------------------------------------------------------------------------------
  const rawBoundary = readJson<{ features: Feature<Polygon>[] }>('kitchener-boundary.geojson');
  const rawWards = readJson<{ features: Feature<Polygon, { ward: number }>[] }>('kitchener-wards-2018.geojson');
  if (rawBoundary.features.length !== 1 || rawBoundary.features[0].geometry.type !== 'Polygon') {
    fail(`kitchener-boundary.geojson: expected 1 Polygon feature, got ${rawBoundary.features.length}`);
  }
  const boundaryGeometry = rawBoundary.features[0].geometry;
  if (boundaryGeometry.coordinates.length !== 1) fail('kitchener-boundary.geojson: the boundary has holes; not handled');
  const wardRings = new Map<string, Position[]>();
  for (const ward of [...rawWards.features].sort((a, b) => a.properties.ward - b.properties.ward)) {
    if (ward.geometry.type !== 'Polygon' || ward.geometry.coordinates.length !== 1) {
      fail(`ward ${ward.properties.ward}: expected a Polygon without holes`);
    }
    wardRings.set(`ward-${ward.properties.ward}`, ward.geometry.coordinates[0].map(roundPosition));
  }

  const simplified = simplifySharedBorders(wardRings, SIMPLIFY_TOLERANCE_M);
  // The boundary is the union of the wards, so it is thinned to the vertices the wards kept: the
  // two files then share every vertex of the city limit and no sliver opens between them.
  const boundaryOpen = boundaryGeometry.coordinates[0].slice(0, -1).map(roundPosition);
  const wardVertices = new Set([...wardRings.values()].flat().map(vertexKey));
  const missing = boundaryOpen.filter((p) => !wardVertices.has(vertexKey(p)));
  if (missing.length > 0) fail(`${missing.length} boundary vertices are not ward vertices, e.g. ${vertexKey(missing[0])}`);
  const boundaryKept = boundaryOpen.filter((p) => simplified.keptVertices.has(vertexKey(p)));
  const boundaryPolygon = turf.rewind(turf.polygon([[...boundaryKept, boundaryKept[0]]]), { mutate: true }) as Feature<Polygon>;
  const wardPolygons = [...simplified.rings].map(([id, ring]) => {
    const ward = Number(id.slice('ward-'.length));
    return turf.rewind(turf.polygon([ring], { id, ward, name: `Ward ${ward}` }), { mutate: true }) as Feature<Polygon>;
  });

  const boundaryAreaBefore = turf.area(turf.polygon(boundaryGeometry.coordinates));
  const boundaryAreaAfter = turf.area(boundaryPolygon);
  const boundaryAreaChange = (boundaryAreaAfter - boundaryAreaBefore) / boundaryAreaBefore;
  if (Math.abs(boundaryAreaChange) >= MAX_AREA_CHANGE) {
    problems.push(`boundary area changed by ${(boundaryAreaChange * 100).toFixed(3)} % (limit ${MAX_AREA_CHANGE * 100} %)`);
  }
  let maxWardAreaChange = 0;
  for (const ward of wardPolygons) {
    const id = String(ward.properties?.id);
    const before = turf.area(turf.polygon([wardRings.get(id)!]));
    maxWardAreaChange = Math.max(maxWardAreaChange, Math.abs(turf.area(ward) - before) / before);
  }
  const tiling = measureTiling(boundaryPolygon, wardPolygons);
  // For comparison only: what simplifying each ward on its own would have opened.
  const independentTiling = measureTiling(
    turf.polygon(boundaryGeometry.coordinates),
    [...wardRings.values()].map((ring) =>
      turf.simplify(turf.polygon([ring]), { tolerance: SIMPLIFY_TOLERANCE_M / METRES_PER_DEGREE_LAT, highQuality: true }),
    ),
  );
  for (const polygon of [boundaryPolygon, ...wardPolygons]) {
    const label = String(polygon.properties?.id ?? 'boundary');
    const kinks = turf.kinks(polygon).features.length;
    if (kinks > 0) problems.push(`${label}: ${kinks} self-intersections after simplification`);
    if (turf.booleanClockwise(polygon.geometry.coordinates[0])) problems.push(`${label}: exterior ring is clockwise`);
  }
  if (wardPolygons.length !== 10) problems.push(`expected 10 wards, got ${wardPolygons.length}`);
  const boundaryFeature: Feature<Polygon> = {
    type: 'Feature',
    properties: { id: 'kitchener', name: 'City of Kitchener' },
    geometry: boundaryPolygon.geometry,
  };
  const inCity = (position: Position) => turf.booleanPointInPolygon(position, boundaryFeature);

  // --- Public places (compiled list) -----------------------------------------------------------
  const rows = parseCsv(readText('kitchener-public-places.csv')) as unknown as PublicPlaceRow[];
  const placeRecords: PlaceRecord[] = rows.map((row) => {
    const kind = KIND_BY_PLACE_CATEGORY[row.category];
    if (!kind) fail(`kitchener-public-places.csv row ${row.id}: unknown category "${row.category}"`);
    const landmark = /landmark (\d+)/.exec(row.coord_source)?.[1] ?? null;
    return {
      properties: {
        seedId: `place-${row.id}`,
        name: row.name.trim(),
        kind,
        address: row.address.trim() || null,
        wifiEvidence: wifiEvidenceOf(row),
        demand: DEMAND_BY_KIND[kind],
        source: `Compiled public places list, row ${row.id}; position: ${row.coord_source} (confidence: ${row.coord_confidence})`,
      },
      position: roundPosition([parseNumber(row.longitude, row), parseNumber(row.latitude, row)]),
      landmarkId: landmark,
      sameSite: [],
    };
  });

  // --- City facilities 2016 ---------------------------------------------------------------------
  const facilities = readJson<{ features: Feature<Point, FacilityProperties>[] }>('kitchener-city-facilities-2016.geojson');
  const careerCollegeIds = new Set(
    parseCsv(readText('kitchener-opendata-2016-schools-post-secondary.csv'))
      .filter((r) => r.SUBCATEGORY === 'CAREER COLLEGE')
      .map((r) => r.LANDMARKID),
  );
  const merges: SeedStats['merges'] = [];
  const excluded: Record<string, number> = {};
  const facilityRecords: PlaceRecord[] = [];
  const sortedFacilities = [...facilities.features].sort((a, b) =>
    compareNatural(a.properties.landmark_id, b.properties.landmark_id),
  );
  for (const facility of sortedFacilities) {
    const p = facility.properties;
    const name = titleCaseIfAllCaps(p.name);
    const address = facilityAddress(p.civic_no, p.street);
    const position = roundPosition(facility.geometry.coordinates);
    const candidate = { name, address, position, landmarkId: p.landmark_id };

    const listed = findSamePlace(candidate, placeRecords, true);
    if (listed) {
      if (listed.rule !== 'landmark') listed.record.sameSite.push(name);
      merges.push({ facility: name, into: listed.record.properties.name, rule: listed.rule, distanceM: listed.distanceM });
      continue;
    }
    if (!(p.category in KIND_BY_FACILITY_CATEGORY)) fail(`facility ${p.landmark_id}: unknown category "${p.category}"`);
    const kind = KIND_BY_FACILITY_CATEGORY[p.category];
    if (kind === null || careerCollegeIds.has(p.landmark_id)) {
      const why = kind === null ? p.category : 'career college';
      excluded[why] = (excluded[why] ?? 0) + 1;
      continue;
    }
    const sibling = findSamePlace(candidate, facilityRecords, false);
    if (sibling) {
      sibling.record.sameSite.push(name);
      merges.push({ facility: name, into: sibling.record.properties.name, rule: sibling.rule, distanceM: sibling.distanceM });
      continue;
    }
    facilityRecords.push({
      properties: {
        seedId: `facility-${p.landmark_id}`,
        name,
        kind,
        address,
        wifiEvidence: 'unknown',
        demand: DEMAND_BY_KIND[kind],
        source: `City of Kitchener open data 2016, ${p.category} (landmark ${p.landmark_id})`,
      },
      position,
      landmarkId: p.landmark_id,
      sameSite: [],
    });
  }
  const placeFeatures = [...placeRecords, ...facilityRecords]
    .map((record): Feature<Point, PlaceProperties> => {
      const source = record.sameSite.length
        ? `${record.properties.source}; same site: ${record.sameSite.join(', ')} (City of Kitchener open data 2016)`
        : record.properties.source;
      return turf.point(record.position, { ...record.properties, source });
    })
    .sort((a, b) => compareNatural(a.properties.seedId, b.properties.seedId));

  // --- Access points --------------------------------------------------------------------------
  const accessPointFeatures = rows
    .filter((row) => ['documented', 'probable'].includes(wifiEvidenceOf(row)))
    .map((row): Feature<Point, AccessPointProperties> => {
      const isLibrary = row.category === 'library';
      const codes = parseEvidence(row.wifi_source).map((e) => e.code);
      const notes = row.notes.trim() ? `; note: ${row.notes.trim()}` : '';
      return turf.point(roundPosition([parseNumber(row.longitude, row), parseNumber(row.latitude, row)]), {
        seedId: `place-${row.id}`,
        name: row.name.trim(),
        // Only the City's own statements name or mean its network; no source names a KPL SSID.
        ssid: !isLibrary && codes.some((c) => CITY_NETWORK_CODES.has(c)) ? 'KitchenerWiFi' : null,
        venue: row.category,
        address: row.address.trim() || null,
        operator: isLibrary ? 'Kitchener Public Library' : 'City of Kitchener',
        // Written out, not left to the server's default: a park is open ground; Wi-Fi documented only outside a
        // building (the market, 2021) is outdoors among buildings; everything else is inside its facility.
        environment: row.category === 'park' ? 'outdoor_open' : /outdoor/i.test(row.wifi_status) ? 'outdoor_urban' : 'indoor',
        confidence: wifiEvidenceOf(row) as 'documented' | 'probable',
        source: `${describeEvidence(row.wifi_source)}${notes}`,
        band: '2.4',
        eirpDbm: 20,
      });
    })
    .sort((a, b) => compareNatural(a.properties.seedId, b.properties.seedId));

  // --- Transit stops (GRT GTFS, winter 2024: with the ION stations) ---------------------------------
  const gtfsZip = fs.readFileSync(raw('grt-gtfs-2024-winter.zip'));
  const gtfsStops = parseCsv(readZipMember(gtfsZip, 'stops.txt').toString('utf8')) as unknown as GtfsStopRow[];
  const sortedStops = gtfsStops.filter((s) => (s.location_type || '0').trim() === '0').sort((a, b) => compareNatural(a.stop_id, b.stop_id));
  const seenStopPositions = new Map<string, string>(); // "name @ position" -> kept stop_id
  const collapsedStops: SeedStats['collapsedStops'] = [];
  const stopsOutside: string[] = [];
  const stopFeatures: Feature<Point, { seedId: string; name: string; kind: 'transit_stop' }>[] = [];
  for (const stop of sortedStops) {
    const stopId = stop.stop_id.trim();
    const stopName = stop.stop_name.trim();
    const position = roundPosition([Number(stop.stop_lon), Number(stop.stop_lat)]);
    if (!position.every(Number.isFinite)) fail(`stops.txt ${stopId}: no position`);
    // The same pole listed twice (a school-special pattern): one name at one position counts once.
    const siteKey = `${stopName}@${vertexKey(position)}`;
    const kept = seenStopPositions.get(siteKey);
    if (kept) {
      collapsedStops.push({ dropped: `${stopId} ${stopName}`, kept });
      continue;
    }
    seenStopPositions.set(siteKey, stopId);
    if (!inCity(position)) {
      stopsOutside.push(`${stopId} ${stopName}`);
      continue;
    }
    stopFeatures.push(turf.point(position, { seedId: `grt-${stopId}`, name: stopName, kind: 'transit_stop' as const }));
  }

  // --- Checks -----------------------------------------------------------------------------------
  const pointsOutside: string[] = [];
  for (const [file, features] of [
    ['places', placeFeatures],
    ['access-points', accessPointFeatures],
  ] as const) {
    for (const f of features) {
      if (!inCity(f.geometry.coordinates)) pointsOutside.push(`${file}: ${f.properties.seedId} ${f.properties.name}`);
    }
  }
  for (const line of pointsOutside) problems.push(`outside the boundary: ${line}`);
  for (const [file, ids] of [
    ['places', placeFeatures.map((f) => f.properties.seedId)],
    ['access-points', accessPointFeatures.map((f) => f.properties.seedId)],
    ['transit-stops', stopFeatures.map((f) => f.properties.seedId)],
    ['wards', wardPolygons.map((f) => String(f.properties?.id))],
  ] as const) {
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (dupes.length > 0) problems.push(`${file}: duplicate ids ${[...new Set(dupes)].join(', ')}`);
  }
  const wardFeatures = wardPolygons.map((w): Feature<Polygon> => ({ type: 'Feature', properties: w.properties, geometry: w.geometry }));
  const outputs: [string, Feature[]][] = [
    ['kitchener-boundary.geojson', [boundaryFeature]],
    ['kitchener-wards.geojson', wardFeatures],
    ['access-points.geojson', accessPointFeatures],
    ['places.geojson', placeFeatures],
    ['transit-stops.geojson', stopFeatures],
  ];
  for (const [file, features] of outputs) {
    const bad = findNonFiniteNumber(features);
    if (bad) problems.push(`${file}: ${bad}`);
  }
  if (problems.length > 0) fail(`checks failed, nothing written:\n  - ${problems.join('\n  - ')}`);

  // --- Write ----------------------------------------------------------------------------------
  fs.mkdirSync(outDir, { recursive: true });
  const sizes: Record<string, number> = {};
  for (const [file, features] of outputs) {
    const text = formatFeatureCollection(features as Feature<Polygon | Point, Record<string, unknown>>[]);
    fs.writeFileSync(path.join(outDir, file), text);
    sizes[file] = Buffer.byteLength(text);
  }

  const countBy = <T>(items: T[], key: (item: T) => string) =>
    items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [key(item)]: (acc[key(item)] ?? 0) + 1 }), {});
  const basemap: BasemapStats = await deriveBasemap({ readText, outDir: path.join(outDir, 'basemap') });
  Object.assign(sizes, basemap.sizes);
  const stats: SeedStats = {
    toleranceM: SIMPLIFY_TOLERANCE_M,
    boundary: {
      verticesBefore: boundaryGeometry.coordinates[0].length,
      verticesAfter: boundaryPolygon.geometry.coordinates[0].length,
      areaBeforeKm2: boundaryAreaBefore / 1e6,
      areaAfterKm2: boundaryAreaAfter / 1e6,
      areaChangePercent: boundaryAreaChange * 100,
    },
    wards: {
      count: wardPolygons.length,
      verticesBefore: sum([...wardRings.values()].map((r) => r.length)),
      verticesAfter: sum(wardPolygons.map((w) => w.geometry.coordinates[0].length)),
      arcs: simplified.arcCount,
      maxAreaChangePercent: maxWardAreaChange * 100,
      gapM2: tiling.gapM2,
      overlapM2: tiling.overlapM2,
      independentGapM2: independentTiling.gapM2,
      independentOverlapM2: independentTiling.overlapM2,
    },
    places: { total: placeFeatures.length, fromList: placeRecords.length, fromFacilities: facilityRecords.length, byKind: countBy(placeFeatures, (f) => f.properties.kind) },
    accessPoints: {
      total: accessPointFeatures.length,
      byConfidence: countBy(accessPointFeatures, (f) => f.properties.confidence),
      withSsid: accessPointFeatures.filter((f) => f.properties.ssid !== null).length,
    },
    stops: { inFile: sortedStops.length, collapsed: collapsedStops.length, outside: stopsOutside.length, written: stopFeatures.length },
    merges,
    excluded,
    collapsedStops,
    stopsOutside,
    demandByKind: DEMAND_BY_KIND,
    basemap,
  };
  const readme = renderReadme(stats, (name) => readText(name));
  fs.writeFileSync(path.join(outDir, 'README.md'), readme);
  sizes['README.md'] = Buffer.byteLength(readme);

  printSummary(stats, sizes, outDir);
}

interface PlaceRecord {
  properties: PlaceProperties;
  position: Position;
  landmarkId: string | null;
  /** Names of other 2016 records at the same site, folded into this place. */
  sameSite: string[];
}

interface Candidate {
  name: string;
  address: string | null;
  position: Position;
  landmarkId: string;
}

function findSamePlace(
  candidate: Candidate,
  records: PlaceRecord[],
  matchLandmark: boolean,
): { record: PlaceRecord; rule: 'landmark' | 'name' | 'address'; distanceM: number } | null {
  const distanceTo = (r: PlaceRecord) => Math.round(turf.distance(candidate.position, r.position, { units: 'meters' }));
  if (matchLandmark) {
    const same = records.find((r) => r.landmarkId === candidate.landmarkId);
    if (same) return { record: same, rule: 'landmark', distanceM: distanceTo(same) };
  }
  const byDistance = [...records].sort((a, b) => distanceTo(a) - distanceTo(b));
  for (const record of byDistance) {
    const d = distanceTo(record);
    if (d < SAME_NAME_MAX_DISTANCE_M && nameSimilarity(candidate.name, record.properties.name) >= NAME_SIMILARITY_MIN) {
      return { record, rule: 'name', distanceM: d };
    }
    if (
      d < SAME_ADDRESS_MAX_DISTANCE_M &&
      candidate.address !== null &&
      record.properties.address !== null &&
      normaliseAddress(candidate.address) === normaliseAddress(record.properties.address)
    ) {
      return { record, rule: 'address', distanceM: d };
    }
  }
  return null;
}

function wifiEvidenceOf(row: PublicPlaceRow): WifiEvidence {
  // Values look like "documented", "documented (outdoor, 2021)", "probable", "unknown".
  const word = row.wifi_status.trim().split(/[\s(]/)[0];
  if (word === 'documented' || word === 'probable' || word === 'unknown') return word;
  return fail(`kitchener-public-places.csv row ${row.id}: unknown wifi_status "${row.wifi_status}"`);
}

function parseNumber(text: string, row: PublicPlaceRow): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) fail(`kitchener-public-places.csv row ${row.id}: bad coordinate "${text}"`);
  return value;
}

/** Area between the boundary and the union of the wards (gap) and area covered twice by wards (overlap), m². */
function measureTiling(boundary: Feature<Polygon>, wards: Feature<Polygon>[]): { gapM2: number; overlapM2: number } {
  const union = turf.union(turf.featureCollection(wards));
  if (!union) return { gapM2: turf.area(boundary), overlapM2: 0 };
  const gap = turf.difference(turf.featureCollection([boundary, union]));
  const outside = turf.difference(turf.featureCollection([union, boundary]));
  const overlap = sum(wards.map((w) => turf.area(w))) - turf.area(union);
  return { gapM2: (gap ? turf.area(gap) : 0) + (outside ? turf.area(outside) : 0), overlapM2: Math.max(0, overlap) };
}

function findNonFiniteNumber(value: unknown, where = ''): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `non-finite number ${value} at ${where}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findNonFiniteNumber(value[i], `${where}[${i}]`);
      if (bad) return bad;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const bad = findNonFiniteNumber(inner, `${where}.${key}`);
      if (bad) return bad;
    }
  }
  return null;
}

function parseArgs(args: string[]): { rawDir: string; outDir: string } {
  let rawDir = path.resolve(REPO_ROOT, '../shared/data/raw');
  let outDir = path.resolve(REPO_ROOT, 'data');
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag !== '--raw' && flag !== '--out') fail(`unknown argument "${args[i]}"; usage: derive-seed.ts [--raw DIR] [--out DIR]`);
    const value = inline ?? args[++i];
    if (!value) fail(`${flag} needs a directory`);
    if (flag === '--raw') rawDir = path.resolve(value);
    else outDir = path.resolve(value);
  }
  return { rawDir, outDir };
}

function printSummary(stats: SeedStats, sizes: Record<string, number>, outDir: string): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const b = stats.boundary;
  const w = stats.wards;
  const lines = [
    `Seed files written to ${path.relative(process.cwd(), outDir) || '.'}:`,
    `  kitchener-boundary.geojson  1 polygon          ${kb(sizes['kitchener-boundary.geojson'])}`,
    `  kitchener-wards.geojson     ${w.count} polygons        ${kb(sizes['kitchener-wards.geojson'])}`,
    `  access-points.geojson       ${stats.accessPoints.total} points (${fmtCounts(stats.accessPoints.byConfidence)}; ${stats.accessPoints.withSsid} with SSID)  ${kb(sizes['access-points.geojson'])}`,
    `  places.geojson              ${stats.places.total} points (${stats.places.fromList} listed + ${stats.places.fromFacilities} facilities; ${fmtCounts(stats.places.byKind)})  ${kb(sizes['places.geojson'])}`,
    `  transit-stops.geojson       ${stats.stops.written} points  ${kb(sizes['transit-stops.geojson'])}`,
    `  README.md                   ${kb(sizes['README.md'])}`,
    `Simplification (shared-border Douglas-Peucker, tolerance ${stats.toleranceM} m):`,
    `  boundary: ${b.verticesBefore} -> ${b.verticesAfter} vertices, area ${b.areaBeforeKm2.toFixed(3)} -> ${b.areaAfterKm2.toFixed(3)} km2 (${signed(b.areaChangePercent, 4)} %)`,
    `  wards:    ${w.verticesBefore} -> ${w.verticesAfter} vertices in ${w.arcs} shared arcs, largest ward area change ${w.maxAreaChangePercent.toFixed(3)} %`,
    `  tiling:   gap/outside ${w.gapM2.toFixed(1)} m2, overlap ${w.overlapM2.toFixed(1)} m2 between wards and boundary`,
    `            (simplifying each ward on its own would open ${w.independentGapM2.toFixed(0)} m2 of gaps and ${w.independentOverlapM2.toFixed(0)} m2 of overlaps)`,
    `Facilities 2016 folded into existing places (${stats.merges.length}):`,
    ...stats.merges.map((m) => `  ${m.facility} -> ${m.into} (${m.rule}, ${m.distanceM} m)`),
    `Facilities 2016 left out by category: ${fmtCounts(stats.excluded)}`,
    `Transit stops: ${stats.stops.inFile} in the feed, ${stats.stops.collapsed} same-name duplicates collapsed, ${stats.stops.outside} outside the simplified boundary (the feed covers the region)`,
    `Basemap: ${stats.basemap.arterials.routes} routes (${stats.basemap.arterials.ion} ION), ${stats.basemap.streets.streets} traced streets (${stats.basemap.streets.vertices} vertices), ${stats.basemap.labels} labels, ${stats.basemap.addresses.numbers} addresses on ${stats.basemap.addresses.streets} streets, glyphs ${stats.basemap.glyphs.ranges.join(', ')}`,
    'Checks passed: 10 wards, rings counter-clockwise, no self-intersections, ids unique, no NaN, all points inside the boundary.',
  ];
  console.log(lines.join('\n'));
}

function fmtCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function signed(value: number, digits: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function fail(message: string): never {
  console.error(`derive-seed: ${message}`);
  process.exit(1);
}

void main();
