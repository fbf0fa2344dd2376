// The domain's own types: strict, already validated values.

export type LonLat = readonly [lon: number, lat: number];
export type BBox = readonly [minLon: number, minLat: number, maxLon: number, maxLat: number];

// Every domain list lives in vocabulary.ts; re-exported here so `types` stays the one import for domain values.
export * from './vocabulary';
import type {
  AccessPointConfidence, AccessPointStatus, ApEnvironment, AreaKind, Band, ObservationSource, PlaceKind, ReportKind, ReportStatus, WifiEvidence,
} from './vocabulary';

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
  wifiEvidence: WifiEvidence;
  demand: number;
  position: LonLat;
  source: string | null;
}

export interface Area {
  id: string;
  kind: AreaKind;
  name: string;
  ward: number | null;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}
