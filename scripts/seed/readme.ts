/** Renders data/README.md: what each seed file holds, where it comes from, under which licence. */
import type { BasemapStats } from './basemap-files';
import { WIFI_CITATIONS } from './wifi-evidence';

export interface SeedStats {
  toleranceM: number;
  boundary: { verticesBefore: number; verticesAfter: number; areaBeforeKm2: number; areaAfterKm2: number; areaChangePercent: number };
  wards: { count: number; verticesBefore: number; verticesAfter: number; arcs: number; maxAreaChangePercent: number; gapM2: number; overlapM2: number; independentGapM2: number; independentOverlapM2: number };
  places: { total: number; fromList: number; fromFacilities: number; byKind: Record<string, number> };
  accessPoints: { total: number; byConfidence: Record<string, number>; withSsid: number };
  stops: { inFile: number; collapsed: number; outside: number; written: number };
  merges: { facility: string; into: string; rule: 'landmark' | 'name' | 'address'; distanceM: number }[];
  excluded: Record<string, number>;
  collapsedStops: { dropped: string; kept: string }[];
  stopsOutside: string[];
  demandByKind: Record<string, number>;
  basemap: BasemapStats;
}

/** Raw files whose provenance notes are reproduced in the appendix (everything the seed files depend on). */
const SOURCE_NOTES = [
  'kitchener-public-places.csv',
  'kitchener-wards-2018.geojson',
  'waterloo-region-ward-boundaries-2018.geojson',
  'kitchener-boundary.geojson',
  'kitchener-city-facilities-2016.geojson',
  'kitchener-opendata-2016-community-centres.csv',
  'kitchener-opendata-2016-libraries.csv',
  'kitchener-opendata-2016-museums.csv',
  'kitchener-opendata-2016-points-of-interest.csv',
  'kitchener-opendata-2016-arenas.csv',
  'kitchener-opendata-2016-pools-splash-pads.csv',
  'kitchener-opendata-2016-schools-elementary-secondary.csv',
  'kitchener-opendata-2016-schools-post-secondary.csv',
  'grt-gtfs-2024-winter.zip',
  'grt-routes-2024-kitchener.geojson',
  'kitchener-street-name-anchors.geojson',
  'kitchener-addresses-2021.csv',
];

export function renderReadme(stats: SeedStats, readRaw: (name: string) => string): string {
  const b = stats.boundary;
  const w = stats.wards;
  const nonLandmarkMerges = stats.merges.filter((m) => m.rule !== 'landmark');
  const excluded = Object.entries(stats.excluded)
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([category, n]) => `${category} ${n}`)
    .join(', ');
  const kinds = Object.entries(stats.places.byKind)
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');

  const bm = stats.basemap;
  const text = `# Seed data

These files are **generated**; do not edit them by hand. \`scripts/derive-seed.ts\` derives them from
the reference data in \`../shared/data/raw/\` (each raw file has a \`.source.md\` note, reproduced at the
end of this page). To re-create them:

\`\`\`sh
npm run seed:derive                                   # raw data in ../shared/data/raw
node --import tsx scripts/derive-seed.ts --raw DIR    # raw data elsewhere (--out DIR to write elsewhere)
npx vitest run test/unit/seed-data.test.ts            # checks the files against the contract
\`\`\`

The same input gives byte-identical files (features sorted by id, one feature per line). All files are
RFC 7946 GeoJSON FeatureCollections: WGS84 longitude/latitude, exterior rings counter-clockwise, no
\`crs\` member, coordinates rounded to 6 decimals (~0.1 m; no source is that accurate).

| file | features | what |
|---|---|---|
| \`kitchener-boundary.geojson\` | 1 Polygon | City of Kitchener (\`id\` "kitchener"): the union of the 10 wards of 2018, simplified |
| \`kitchener-wards.geojson\` | ${w.count} Polygons | wards 1..10 (\`id\` "ward-N", \`ward\`, \`name\`), 2018 boundaries, simplified |
| \`access-points.geojson\` | ${stats.accessPoints.total} Points | free public Wi-Fi the sources document or make probable (${formatCounts(stats.accessPoints.byConfidence)}) |
| \`places.geojson\` | ${stats.places.total} Points | priority places: ${stats.places.fromList} from the compiled public places list + ${stats.places.fromFacilities} City facilities 2016 (${kinds}) |
| \`transit-stops.geojson\` | ${stats.stops.written} Points | Grand River Transit stops of the winter 2024 GTFS feed inside the boundary, ION stations included |
| \`basemap/arterials.geojson\` | ${bm.arterials.routes} MultiLineStrings | the embedded basemap's main roads: GRT route alignments of winter 2024, one feature per route (\`route\`, \`name\`, \`mode\` bus or light_rail, \`trips\` in the feed period), simplified at 3 m, coordinates to 5 decimals |
| \`basemap/streets.geojson\` | ${bm.streets.streets} MultiLineStrings | local streets traced from each street's address points (\`name\`), ${bm.streets.vertices.toLocaleString('en-CA')} vertices: a drawing aid, not surveyed centre lines |
| \`basemap/street-labels.geojson\` | ${bm.labels} Points | street-name label anchors (\`name\`, \`rotate\` clockwise degrees, \`rank\` = address points behind it) |
| \`basemap/addresses.json\` | ${bm.addresses.streets} streets | the search's civic addresses: per street its ${bm.addresses.numbers.toLocaleString('en-CA')} numbers in all and their positions (1e-5 degrees, delta-encoded) |
| \`basemap/glyphs/\` | ${bm.glyphs.ranges.length} PBF range(s) per font | label glyphs (${bm.glyphs.fonts.join(', ')}; ranges ${bm.glyphs.ranges.join(', ')}) generated with fontnik from Debian's DejaVu fonts (free licence: Bitstream Vera / DejaVu changes public domain) |

## Sources and licences

| source | licence and attribution | used for |
|---|---|---|
| Region of Waterloo ward boundaries, 2018 municipal election, via [CivicTechWR/WRvotes](https://github.com/CivicTechWR/WRvotes) @937cfca, \`docs/assets/data/WardBoundaries.geojson\` (hand-edited from the Region's open data portal); retrieved 2026-11-27 | No separate data licence stated; treated as Region of Waterloo Open Data licence (attribution: "Contains information provided by the Regional Municipality of Waterloo under licence"); the repository is MIT | wards; the boundary (their union) |
| City of Kitchener open data, downloaded July 2016, via [ToddTurnbull/strong-neighbourhoods](https://github.com/ToddTurnbull/strong-neighbourhoods) @357a4e4: community centres, libraries, museums, points of interest, arenas, pools and splash pads, schools (\`kitchener-opendata-2016-*.csv\`, converted from UTM 17N to WGS84 in \`kitchener-city-facilities-2016.geojson\`); retrieved 2026-11-27 | City of Kitchener License for Open Data: "Contains information licensed under the Open Government Licence - The Corporation of the City of Kitchener" | places (City facilities); positions of most listed places (S1) |
| Grand River Transit GTFS feed, winter 2024 (\`grt-gtfs-2024-winter.zip\`, verbatim, via David-Feldt/Bus-Screen @42726542) and the route alignments derived from it (\`grt-routes-2024-kitchener.geojson\`); retrieved 2026-11-27 | Region of Waterloo Open Data Licence v2.0: "Contains information provided by the Regional Municipality of Waterloo under licence" | transit stops; basemap arterials and the ION line |
| Statistics Canada Open Database of Addresses v1 (2021), Region of Waterloo slices via jtracey/WaterlooRegionAddresses @bf916fd: \`kitchener-addresses-2021.csv\` and \`kitchener-street-name-anchors.geojson\` derived from it; retrieved 2026-11-27 / 2026-12-02 | Open Government Licence – Canada: "Contains information licensed under the Open Government Licence – Canada"; "Contains information licensed under the Open Government Licence – The Corporation of the City of Kitchener"; "Contains information provided by the Regional Municipality of Waterloo under licence" | basemap local streets and street names; address search |
| Compiled list of 46 public places with Wi-Fi evidence (\`kitchener-public-places.csv\`, compiled 2026-11-27 for this project from the sources below) | facts compiled from the sources below; credit them as listed | access points, places |
| S2: Wikipedia article coordinates (Kitchener ION stations, Victoria Park), read from Wikipedia mirrors | CC BY-SA (Wikipedia contributors) | positions of 8 ION stations and Victoria Park |
| S3, S4: coordinates from third-party public code (repositories not recorded) | unknown, unverified | positions of 3 ION stations (City Hall, Frederick, Kitchener Market) and Kitchener City Hall |

Wi-Fi evidence cited in \`access-points.geojson\` (\`source\` names the code in brackets):

| code | source | what it says |
|---|---|---|
${WIFI_CITATIONS.map((c) => `| ${c.code} | ${c.short}: ${c.url} | ${c.says.replace(/\|/g, '\\|')} |`).join('\n')}

Not used for the seed files: \`kcw-cma-census-tracts-2021.geojson\` (Statistics Canada Open Licence),
\`waterloo-region-csd-population-2025.csv\` (Statistics Canada Open Licence),
\`waterloo-region-planning-districts.geojson\` (provenance and licence uncertain) and
\`kitchener-opendata-2016-parks-attributes.csv\` (no coordinates).

## How the files are derived

**Boundary and wards.** The 10 Kitchener wards share every border vertex exactly, so they are simplified
as a coverage: each border between two wards (or a ward and the outside) is an arc, each of the ${w.arcs}
arcs is simplified once with Turf's Douglas–Peucker (\`simplify\`, \`highQuality\`) at ${stats.toleranceM} m
(measured in a local projection), and both neighbours reuse it; the boundary keeps exactly the vertices
its wards kept. So the wards still tile the boundary: gap ${w.gapM2.toFixed(1)} m², overlap ${w.overlapM2.toFixed(1)} m²
(simplifying each ward on its own at the same tolerance would open ${Math.round(w.independentGapM2).toLocaleString('en-CA')} m² of gaps
and ${Math.round(w.independentOverlapM2).toLocaleString('en-CA')} m² of overlaps).
Boundary ${b.verticesBefore} → ${b.verticesAfter} vertices, area ${b.areaBeforeKm2.toFixed(3)} → ${b.areaAfterKm2.toFixed(3)} km²
(${b.areaChangePercent >= 0 ? '+' : ''}${b.areaChangePercent.toFixed(4)} %, Turf spherical area); wards ${w.verticesBefore} → ${w.verticesAfter}
vertices, no ward's area changed by more than ${w.maxAreaChangePercent.toFixed(3)} %. The raw boundary's ring was clockwise;
rings are rewound to RFC 7946 order.

**Access points** (one per listed place whose \`wifi_status\` is documented or probable):
- \`confidence\`: "documented" where a source names the place, "probable" where a City statement covers
  that kind of facility but no source names the place (community centres, City Hall).
- \`ssid\`: "KitchenerWiFi" only where the evidence is the City's own network (W2, W3, W4: City
  facilities, the market, Victoria Park; W3 saw the SSID at Victoria Hills Community Centre); null for
  the libraries, because no source names KPL's SSID.
- \`operator\`: "Kitchener Public Library" for the libraries, "City of Kitchener" otherwise.
- \`environment\`: "outdoor_open" for the park; "outdoor_urban" where the Wi-Fi is documented only outside
  a building (Kitchener Market: W4, 2021, "outside the market"); "indoor" otherwise. The 2012 report also
  names the market, so an indoor access point there is plausible but not documented.
- \`band\` "2.4", \`eirpDbm\` 20: defaults, no source gives radio details.
- Positions are the place's position: where the access point sits inside the building is unknown.

**Places.** Every row of the compiled list, with \`kind\` from its category (library; community or
recreation centre → community_centre; ION station, GRT terminal, rail station → transit; park; city
hall, market, arena, arts venue, museum → city_facility) and \`wifiEvidence\` from its \`wifi_status\`;
plus the City facilities of 2016 that are libraries, community centres, transit terminals, the market,
arenas, pools, museums (→ city_facility), splash pads (→ park) and schools, colleges and universities
(→ school). Left out: ${excluded} (monuments, murals, seasonal festhalls, private malls and
theatres, private career colleges). Names that the 2016 data wrote in capitals are title-cased; the
address is the civic number and street of the 2016 record. \`wifiEvidence\` is "unknown" for all of them.
A 2016 facility is the same place as one already kept when it is the record the list's position came
from (same landmark id), or when the names share at least half their distinctive words and it is
within 100 m, or when both have the same civic address within 150 m (one site, several records).
${stats.merges.length} facilities were folded in this way, ${nonLandmarkMerges.length} of them by name or address; their names are
listed in the kept place's \`source\` ("same site: …").

\`demand\` (1..5, how much a gap in free Wi-Fi there matters):

| kind | demand | why |
|---|---|---|
| library | ${stats.demandByKind.library} | people come to use computers and Wi-Fi |
| community_centre | ${stats.demandByKind.community_centre} | programmes, drop-ins, warming and cooling centres |
| transit | ${stats.demandByKind.transit} | many people waiting, often without mobile data |
| city_facility | ${stats.demandByKind.city_facility} | city hall, market, arenas, pools, museums |
| park | ${stats.demandByKind.park} | outdoor and seasonal |
| school | ${stats.demandByKind.school} | students have school networks; matters after hours |

Transit stops are kept apart in \`transit-stops.geojson\` (1,400 points of demand would drown the
other kinds); the API lists them with the places as \`kind\` "transit_stop".

**Transit stops.** \`stops.txt\` of the GRT winter 2024 GTFS feed, read straight from the ZIP: every stop
or platform (\`location_type\` 0; the station records that group platforms are left out), \`seedId\` "grt-" +
\`stop_id\`, \`name\` = \`stop_name\` (ION platforms are named "… Station"). ${stats.stops.collapsed} stops that repeat
another with the same name at the same position are collapsed into the one with the lowest id, so one
pole counts once; ${stats.stops.outside} stops fall outside the simplified boundary and are left out.
${stats.stops.inFile} in the feed → ${stats.stops.written} written.

**Basemap.** Kitchener publishes no street centre lines this project may use, so the embedded basemap is
built from what is open: (1) arterials = the GRT route alignments (they follow the arterial and collector
roads and the ION corridor), one feature per route with its trips in the feed period, so the map draws
frequent routes wider and ION in its own colour; (2) local streets traced from the ${bm.addresses.rows.toLocaleString('en-CA')} address points:
per street name the points are de-duplicated at 5 m, each moved to the mean of its street's points within
40 m (the houses of both sides average onto the middle of the street), joined by a minimum spanning tree
with links up to 90 m, twigs under 30 m cut, and simplified at 6 m; where a street has houses on one side
only the line runs ~15 m into the lots, and streets without addresses (highways, ramps, trails) are
missing; (3) street names at the anchors of \`kitchener-street-name-anchors.geojson\` (one per street per
400 m cell, rotated along the street); (4) places and transit stops from the files above. Label glyphs
are generated at derive time with fontnik, only for the codepoint ranges the labels use.

## Known caveats

- **Age.** Facilities are from 2016 and may have opened, closed or been renamed since. Stops and routes
  are GRT's winter 2024 service (January–April 2024); addresses and street names are of 2020–2021, so
  streets built since (new subdivisions) are missing from the basemap and the search.
- **Wards** are the 2018 election wards; Kitchener has reviewed its wards since, so borders between
  wards may be out of date. The outer city limit is not affected.
- **The boundary is a proxy**, the union of the ward polygons, not an official City publication. Its
  area (${b.areaAfterKm2.toFixed(2)} km², Turf spherical; 138.54 km² geodesic before simplification) agrees with Statistics Canada's
  2021 land area for Kitchener (138.21 km²) and with the planning districts (IoU 0.9988).
- **Wi-Fi evidence is thin.** No machine-readable list of public Wi-Fi exists; "probable" means a City
  statement covers that kind of facility but nothing names the place (the 2012 Schedule A list was
  not retrievable). Nothing was found about Wi-Fi at ION stations, GRT terminals, arenas or pools. W5
  is a plan, not a confirmation.
- **Doubtful positions.** Kitchener City Hall comes from third-party app code (S4) and may be ~100 m
  off; the ION City Hall, Frederick and Kitchener Market station positions (S3) are unverified;
  Victoria Park is a park-level point with 3 decimals (~100 m). Everything from the 2016 City data is a
  building point converted from UTM 17N (NAD83/WGS84 difference of 1–2 m ignored).
- The Waterloo Region Museum (10 Huron Rd) has no coordinate in the 2016 data and is missing; Doon
  Heritage Village at the same address is included.
- Addresses of the 2016 records are kept as the source writes them (e.g. "Fischer Hallman Rd"
  without the hyphen, "Don Mc Laren Arena").

## Appendix: source notes

The \`.source.md\` notes of every raw file these seed files depend on, verbatim (headings demoted).

${SOURCE_NOTES.map((name) => demoteHeadings(readRaw(`${name}.source.md`).trim())).join('\n\n')}
`;
  return text;
}

function demoteHeadings(markdown: string): string {
  return markdown.replace(/^(#+) /gm, '###$1 ');
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
}
