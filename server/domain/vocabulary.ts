// The product's vocabularies, each defined once. The edge schemas, the OpenAPI document, the SQL
// triggers that guard stored values (store/vocabulary-guards.ts), Open311 and the web client all read
// these lists. Pure data, no imports: the client bundles this file as it is.

/**
 * What a resident can report. One entry per kind, appended at the end (the coverage engine numbers kinds
 * in this order). `says` is what it tells the coverage model about its cell — 'none' or 'poor' mark a
 * problem, 'covered' the lowest covered class — and `why` says why, in words; `open311` is its GeoReport
 * v2 service description; `colour` is how both map renderers draw it; `newSiteWouldHelp` makes an open report
 * demand for site recommendations (a hotspot that is down wants repair, not a new one); `hearingRefutes`: phones
 * that keep hearing a listed hotspot right beside the report show it false (it says the radio is silent or weak
 * there; a login page that fails is not refuted by hearing the network).
 */
export const REPORT_KIND_LIST = [
  {
    id: 'no_wifi', label: 'No free Wi-Fi here', says: 'none', why: 'no free network in the list at all',
    open311: 'There is no free public Wi-Fi at this spot.', colour: '#7b1fa2', newSiteWouldHelp: true, hearingRefutes: true,
  },
  {
    id: 'too_weak', label: 'Too weak', says: 'poor', why: 'heard, but too weak to use',
    open311: 'Free public Wi-Fi is heard here but too weak to use.', colour: '#e07000', newSiteWouldHelp: true, hearingRefutes: true,
  },
  {
    id: 'cant_connect', label: "Can't connect / login page fails", says: 'poor', why: 'heard, but association or the login page fails: unusable, like a poor signal',
    open311: 'The free network is heard but connecting or its login page fails.', colour: '#c2185b', newSiteWouldHelp: true, hearingRefutes: false,
  },
  {
    id: 'hotspot_down', label: 'Hotspot down', says: 'none', why: 'the listed hotspot is not broadcasting: nothing to join here',
    open311: 'A registered free hotspot appears to be off.', colour: '#6d4c41', newSiteWouldHelp: false, hearingRefutes: true,
  },
  {
    id: 'works', label: 'Works here', says: 'covered', why: 'joined and used it: at least the lowest covered class',
    open311: 'Free public Wi-Fi works here (positive evidence for the coverage map).', colour: '#2e7d32', newSiteWouldHelp: false, hearingRefutes: false,
  },
] as const satisfies readonly ReportKindEntry[];

export interface ReportKindEntry {
  id: string;
  label: string; // what a resident reads on the button and the map
  says: 'none' | 'poor' | 'covered'; // evidence for the coverage model
  why: string;
  open311: string;
  colour: string; // CSS colour of its map symbol
  newSiteWouldHelp: boolean; // an open report of this kind is demand for a new access point (services/siting.ts)
  hearingRefutes: boolean; // phones that keep hearing a listed hotspot beside it make it implausible (coverage/engine.ts)
}

export type ReportKind = (typeof REPORT_KIND_LIST)[number]['id'];
export const REPORT_KINDS = REPORT_KIND_LIST.map((k) => k.id) as unknown as readonly [ReportKind, ...ReportKind[]];

const byKind = new Map<string, ReportKindEntry>(REPORT_KIND_LIST.map((k) => [k.id, k]));
/** The entry of a kind; fails fast, naming the value, for a kind this version does not know. */
export function reportKind(kind: ReportKind): ReportKindEntry {
  const entry = byKind.get(kind);
  if (!entry) throw new RangeError(`report kind "${kind}" must be one of ${REPORT_KINDS.join(', ')}`);
  return entry;
}

const perKind = <K extends keyof ReportKindEntry>(key: K) =>
  Object.fromEntries(REPORT_KIND_LIST.map((k) => [k.id, k[key]])) as Record<ReportKind, ReportKindEntry[K]>;
/** What a resident reads for each kind; the API serves these so both map renderers agree. */
export const REPORT_KIND_LABELS = perKind('label');
/** Each kind's map colour, for both renderers. */
export const REPORT_KIND_COLOURS = perKind('colour');
/** Each kind's Open311 GeoReport v2 service description. */
export const REPORT_KIND_OPEN311 = perKind('open311');

/** A report of this kind says something is wrong (not covered), so it counts towards a dead zone. */
export const reportsAProblem = (kind: ReportKind): boolean => reportKind(kind).says !== 'covered';
/** Kinds whose open reports are demand for a new access point, in order. */
export const SITING_DEMAND_KINDS: ReportKind[] = REPORT_KIND_LIST.filter((k) => k.newSiteWouldHelp).map((k) => k.id);

/** A report's lifecycle: open → acknowledged → planned → resolved, or duplicate / hidden (report-lifecycle.ts). */
export const REPORT_STATUSES = ['open', 'acknowledged', 'planned', 'resolved', 'duplicate', 'hidden'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const AP_STATUSES = ['active', 'planned', 'down', 'retired'] as const;
export type AccessPointStatus = (typeof AP_STATUSES)[number];

export const AP_CONFIDENCES = ['documented', 'probable', 'measured', 'unverified'] as const;
export type AccessPointConfidence = (typeof AP_CONFIDENCES)[number];

/**
 * Where an access point sits, which sets how far its signal carries outdoors: inside a building (a wall
 * between it and the street), outdoors among buildings, or outdoors in the open (a park, a square).
 */
export const AP_ENVIRONMENTS = ['indoor', 'outdoor_urban', 'outdoor_open'] as const;
export type ApEnvironment = (typeof AP_ENVIRONMENTS)[number];
/** The one default wherever an environment is not given: most public Wi-Fi sits inside a building (a City facility). */
export const DEFAULT_AP_ENVIRONMENT = 'indoor' satisfies ApEnvironment;

export const BANDS = ['2.4', '5'] as const;
export type Band = (typeof BANDS)[number];

export const OBSERVATION_SOURCES = ['wigle', 'survey', 'app', 'sensor', 'simulated'] as const;
export type ObservationSource = (typeof OBSERVATION_SOURCES)[number];
/**
 * Sources whose rows list every network a scan heard, one row each (a WiGLE survey), where the app's reading
 * names only the strongest free network: of one scan's rows only the loudest is the level of free Wi-Fi there.
 */
export const SCAN_LISTING_SOURCES: readonly ObservationSource[] = ['wigle'];

export const ROLES = ['planner', 'admin', 'volunteer'] as const;
export type Role = (typeof ROLES)[number];

export const PLACE_KINDS = ['library', 'community_centre', 'transit', 'city_facility', 'park', 'school', 'transit_stop'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const WIFI_EVIDENCE = ['documented', 'probable', 'unknown'] as const; // what says a place offers free Wi-Fi
export type WifiEvidence = (typeof WIFI_EVIDENCE)[number];

export const AREA_KINDS = ['city', 'ward'] as const;
export type AreaKind = (typeof AREA_KINDS)[number];

/** Where a site recommendation may be placed: City places, transit stops, or any uncovered cell. */
export const SITE_CANDIDATES = ['city_places', 'transit', 'cells'] as const;
export type SiteCandidates = (typeof SITE_CANDIDATES)[number];
