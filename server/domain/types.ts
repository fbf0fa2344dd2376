// The domain's own types: strict, already validated values.

export type LonLat = readonly [lon: number, lat: number];
export type BBox = readonly [minLon: number, minLat: number, maxLon: number, maxLat: number];

export const REPORT_KINDS = ['no_wifi', 'too_weak', 'cant_connect', 'hotspot_down', 'works'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** What a resident sees for each kind; the API serves these so both map renderers agree. */
export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  no_wifi: 'No free Wi-Fi here',
  too_weak: 'Too weak',
  cant_connect: "Can't connect / login page fails",
  hotspot_down: 'Hotspot down',
  works: 'Works here',
};

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
export const DEFAULT_AP_ENVIRONMENT = 'indoor' satisfies ApEnvironment; // a literal type, so the client can check its copy

export const BANDS = ['2.4', '5'] as const;
export type Band = (typeof BANDS)[number];

export const OBSERVATION_SOURCES = ['wigle', 'survey', 'app', 'sensor', 'simulated'] as const;
export type ObservationSource = (typeof OBSERVATION_SOURCES)[number];

export const ROLES = ['planner', 'admin', 'volunteer'] as const;
export type Role = (typeof ROLES)[number];

export const PLACE_KINDS = ['library', 'community_centre', 'transit', 'city_facility', 'park', 'school', 'transit_stop'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface AccessPoint {
  id: number;
  name: string;
  ssid: string | null;
  bssids: string[];
  operator: string | null;
  venue: string | null;
  address: string | null;
  environment: ApEnvironment;
  indoor: boolean; // derived: environment === 'indoor', kept in responses for clients that predate environment
  status: AccessPointStatus;
  position: LonLat;
  eirpDbm: number;
  band: Band;
  rangeOverrideM: number | null;
  confidence: AccessPointConfidence;
  source: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Report {
  id: number;
  clientId: string | null;
  kind: ReportKind;
  position: LonLat;
  accuracyM: number | null;
  note: string | null;
  notePublished: boolean;
  status: ReportStatus;
  accessPointId: number | null;
  observedAt: string;
  createdAt: string;
  updatedAt: string;
  confirmations: number;
  publicNote: string | null; // the City's answer, shown to everyone
  mergedInto: number | null; // set when staff mark it a duplicate of another report
  deviceKey: string | null; // keyed hash of the device's random id: counts independent devices, never shown
  cohortKey: string | null; // keyed hash of the credential's cohort (minted together = not independent), never shown
}

export interface ReportHistoryEntry {
  at: string;
  status: ReportStatus;
  publicNote: string | null;
}

export interface ConnectionTest {
  latencyMs: number | null;
  downMbps: number | null;
  upMbps: number | null;
  connectionType: string | null;
}

export interface Observation {
  id: number;
  clientId: string | null;
  observedAt: string;
  position: LonLat;
  accuracyM: number | null;
  source: ObservationSource;
  signalDbm: number | null; // null when no free network was heard or only a connection test was run
  noFreeNetwork: boolean;
  ssid: string | null;
  bssid: string | null;
  accessPointId: number | null;
  test: ConnectionTest | null;
}

export interface Place {
  id: number;
  name: string;
  kind: PlaceKind;
  address: string | null;
  wifiEvidence: 'documented' | 'probable' | 'unknown';
  demand: number;
  position: LonLat;
  source: string | null;
}

export interface Area {
  id: string;
  kind: 'city' | 'ward';
  name: string;
  ward: number | null;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}
