// The only client file that knows the server's URLs and response shapes (contract: HTTP API v1).
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export type ReportKind = 'no_wifi' | 'too_weak' | 'cant_connect' | 'hotspot_down' | 'works';

export type Basemap =
  | { type: 'raster'; tiles: string[]; attribution?: string; tileSize?: number; maxzoom?: number }
  | { type: 'style'; url: string };

export interface AppConfig {
  basemap: Basemap | null;
  serviceArea: { bbox: BBox };
  reportKinds?: { id: ReportKind; label: string }[];
}

export interface AreaProps {
  id: string;
  kind: 'city' | 'ward';
  name: string;
  ward?: number;
}

export interface PlaceProps {
  id: string | number;
  name: string;
  kind: string; // library | community_centre | transit | city_facility | park | school | transit_stop
  address: string | null;
  wifiEvidence?: 'documented' | 'probable' | 'unknown';
  demand?: number;
}

export type AccessPointStatus = 'active' | 'planned' | 'down' | 'retired';

export interface AccessPointProps {
  id: number;
  name: string;
  ssid: string | null;
  venue: string | null;
  operator: string | null;
  address: string | null;
  indoor: boolean;
  status: AccessPointStatus;
  reachM: number; // estimated reach in metres, drawn as a circle
  confidence: 'documented' | 'probable' | 'measured' | 'unverified';
  source: string | null;
  updatedAt?: string;
}

export interface ReportProps {
  id: number | string;
  kind: ReportKind;
  status: string; // open | acknowledged | planned | resolved | duplicate | hidden
  createdAt: string;
  confirmations?: number;
}

export interface NewReport {
  kind: ReportKind;
  lon: number;
  lat: number;
  accuracyM?: number;
  note?: string;
  clientId?: string;
}

export type AreaCollection = FeatureCollection<Polygon | MultiPolygon, AreaProps>;
export type PlaceCollection = FeatureCollection<Point, PlaceProps>;
export type AccessPointCollection = FeatureCollection<Point, AccessPointProps>;
export type ReportFeature = Feature<Point, ReportProps>;
export type ReportCollection = FeatureCollection<Point, ReportProps>;

export interface FieldError {
  path: string; // the request field, e.g. "lat" or "note"; "" when the problem is not about one field
  message: string;
}

/** A failed request, from an application/problem+json body (RFC 9457) or from the network. */
export class ApiError extends Error {
  constructor(
    readonly status: number, // 0 when the request never reached the server
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const base = '/api/v1';

export function getConfig(): Promise<AppConfig> {
  return request(`${base}/config`);
}

export function getAreas(): Promise<AreaCollection> {
  return request(`${base}/areas`);
}

export function getPlaces(): Promise<PlaceCollection> {
  return request(`${base}/places`);
}

export function getAccessPoints(): Promise<AccessPointCollection> {
  return request(`${base}/access-points`);
}

export function getReports(): Promise<ReportCollection> {
  return request(`${base}/reports`);
}

/** Sending the same clientId again returns the first report instead of a duplicate. */
export function createReport(report: NewReport): Promise<ReportFeature> {
  return request(`${base}/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(report),
  });
}

async function request<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { Accept: 'application/json, application/problem+json', ...init.headers },
    });
  } catch {
    throw new ApiError(0, 'Could not reach the Wi-Fi Reach server. Check your connection and try again.', []);
  }
  if (response.ok) return (await response.json()) as T;
  throw await problemFrom(response);
}

/** Reads every field message from a problem body; falls back to the HTTP status when the body is not one. */
export async function problemFrom(response: Response): Promise<ApiError> {
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim();
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return new ApiError(response.status, fallback, []);
  }
  return parseProblem(response.status, body, fallback);
}

export function parseProblem(status: number, body: unknown, fallback: string): ApiError {
  if (typeof body !== 'object' || body === null) return new ApiError(status, fallback, []);
  const problem = body as { title?: unknown; detail?: unknown; errors?: unknown };
  const errors: FieldError[] = Array.isArray(problem.errors)
    ? problem.errors.map((entry: unknown) => {
        const e = (entry ?? {}) as { path?: unknown; message?: unknown };
        // Some validators report a path as an array of keys (["note"]); keep only the field name.
        const path = Array.isArray(e.path) ? e.path.join('.') : typeof e.path === 'string' ? e.path : '';
        return { path: path.replace(/^\/|^body\./, ''), message: String(e.message ?? 'is invalid') };
      })
    : [];
  const message =
    typeof problem.detail === 'string' && problem.detail
      ? problem.detail
      : typeof problem.title === 'string' && problem.title
        ? problem.title
        : fallback;
  return new ApiError(status, message, errors);
}
