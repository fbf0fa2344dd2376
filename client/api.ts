// The only client file that knows the server's URLs and response shapes (contract: HTTP API v1).
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { ApEnvironment, DEFAULT_AP_ENVIRONMENT } from '../server/domain/types'; // types only: nothing of the server is bundled
import type { Contributor, EvidenceAreas, ExpectedArea } from '../server/domain/coverage/types';
import type { AccessPointAssessment } from '../server/http/geojson';
import type { DiscoveryView } from '../server/services/hotspots';
import { forgetDeviceToken, storeDeviceToken, storedDeviceToken } from './resident/device';
import { round6 } from './geo';

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

export type { ApEnvironment };
/** The server's default for a new access point, repeated here for the form; tsc fails if the two differ. */
export const defaultEnvironment: typeof DEFAULT_AP_ENVIRONMENT = 'indoor';

export interface AccessPointProps {
  id: number;
  name: string;
  ssid: string | null;
  venue: string | null;
  operator: string | null;
  address: string | null;
  environment: ApEnvironment;
  indoor: boolean; // derived by the server: environment === 'indoor'
  status: AccessPointStatus;
  reachM: number; // estimated reach in metres (fitted from readings where there are enough), drawn as a circle
  probablyDown?: boolean; // phones near it have not heard it recently; absent from servers before hotspot fits
  assessment?: AccessPointAssessment | null; // what the readings say about it: fitted radio, position, nearby phones
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
  deviceId?: string; // legacy: the random id earlier versions sent (queued items may still carry it); X-Device-Token replaces it
  observedAt?: string; // when the resident was there; a queued report keeps its original time
  accessPointId?: number; // the free network the resident tried
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
export function createReport(report: NewReport, signal?: AbortSignal): Promise<ReportFeature> {
  return deviceWrite(`${base}/reports`, report, signal);
}

let minting: Promise<string> | null = null;

/**
 * This install's device credential: the stored one, or a new one from the server, asked for once however
 * many writes wait for it. Offline or refused, it throws like any request, so a queued write waits too.
 */
export function deviceToken(): Promise<string> {
  const known = storedDeviceToken();
  if (known) return Promise.resolve(known);
  minting ??= request<{ deviceToken: string }>(`${base}/devices`, jsonPost({}))
    .then(({ deviceToken: token }) => {
      storeDeviceToken(token);
      return token;
    })
    .finally(() => (minting = null));
  return minting;
}

/**
 * An anonymous write with this install's X-Device-Token. A refused token (401: the server lost or revoked
 * it) is dropped and the write is tried once more with a new one.
 */
async function deviceWrite<T>(url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const attempt = async (token: string) =>
    request<T>(url, { ...jsonPost(body), headers: { 'Content-Type': 'application/json', 'X-Device-Token': token }, signal });
  const token = await deviceToken();
  try {
    return await attempt(token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    forgetDeviceToken(token);
    return attempt(await deviceToken());
  }
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

// ---- staff: the planner workspace (session cookie; every signed-in write carries the CSRF token) ----

export type StaffRole = 'planner' | 'admin' | 'volunteer';

export interface StaffSession {
  username: string;
  role: StaffRole;
}

// Returned at sign-in and again by GET /session after a reload; another site's page cannot read it.
let csrfToken: string | null = null;

// Staff reads bypass the service worker's offline copies: they must be current, and staff-only data
// (exact positions, residents' notes) must never be kept in a cache a resident could later be shown.
const fresh: RequestInit = { cache: 'no-store' };

/** The signed-in staff member, or an ApiError with status 401 when nobody is signed in. */
export async function getSession(): Promise<StaffSession> {
  const session = await request<StaffSession & { csrfToken: string | null }>(`${base}/session`, fresh);
  csrfToken = session.csrfToken;
  return { username: session.username, role: session.role };
}

export async function signIn(username: string, password: string): Promise<StaffSession> {
  const session = await request<StaffSession & { csrfToken: string }>(`${base}/session`, jsonBody('POST', { username, password }));
  csrfToken = session.csrfToken;
  return { username: session.username, role: session.role };
}

export async function signOut(): Promise<void> {
  await staffSend<void>(`${base}/session`, 'DELETE');
  csrfToken = null;
}

/** Registry fields beyond what residents see; the server returns them to everyone. */
export interface RegistryEntryProps extends AccessPointProps {
  bssids: string[];
  eirpDbm: number;
  band: '2.4' | '5';
  rangeOverrideM: number | null;
}

export type RegistryEntry = Feature<Point, RegistryEntryProps>;

/** What a planner writes: the registry entry's own fields, with the position as lon/lat. */
export type AccessPointFields = Omit<RegistryEntryProps, 'id' | 'reachM' | 'updatedAt' | 'bssids' | 'indoor' | 'probablyDown' | 'assessment'> & { lon: number; lat: number };

export function getRegistry(): Promise<FeatureCollection<Point, RegistryEntryProps>> {
  return request(`${base}/access-points`, fresh);
}

export function createAccessPoint(fields: AccessPointFields): Promise<RegistryEntry> {
  return staffSend(`${base}/access-points`, 'POST', fields);
}

/** Changes only the given fields; moving needs both lon and lat. */
export function updateAccessPoint(id: number, patch: Partial<AccessPointFields>): Promise<RegistryEntry> {
  return staffSend(`${base}/access-points/${id}`, 'PATCH', patch);
}

export interface ImportRow {
  row: number; // 1-based data row (CSV without its header; GeoJSON feature index + 1)
  ok: boolean;
  errors: FieldError[];
  accessPoint: AccessPointFields | null;
}

export interface ImportPreview {
  rows: number;
  valid: number;
  invalid: number;
  committed: boolean;
  preview?: ImportRow[]; // with commit: false
  ids?: number[]; // with commit: true
}

/** commit: false only checks the file; commit: true writes every row or none. */
export function importAccessPoints(format: 'csv' | 'geojson', content: string, commit: boolean): Promise<ImportPreview> {
  return staffSend(`${base}/access-points/import`, 'POST', { format, content, commit });
}

export type ReportStatus = 'open' | 'acknowledged' | 'planned' | 'resolved' | 'duplicate' | 'hidden';

/** What staff see of a report: the exact position, the resident's note and the City's public note. */
export interface StaffReportProps extends ReportProps {
  status: ReportStatus;
  note: string | null;
  notePublished: boolean;
  publicNote: string | null;
  mergedInto: number | null;
  accuracyM: number | null;
  observedAt: string;
  updatedAt: string;
}

export type StaffReportCollection = FeatureCollection<Point, StaffReportProps>;

export interface TriageQuery {
  status?: ReportStatus[];
  kind?: ReportKind[];
  ward?: number; // 1–10
  olderThanDays?: number;
  sort?: 'confirmations' | 'newest' | 'oldest';
}

export function getTriageReports(query: TriageQuery): Promise<StaffReportCollection> {
  const params = new URLSearchParams();
  if (query.status?.length) params.set('status', query.status.join(','));
  if (query.kind?.length) params.set('kind', query.kind.join(','));
  if (query.ward !== undefined) params.set('ward', String(query.ward));
  if (query.olderThanDays !== undefined) params.set('olderThanDays', String(query.olderThanDays));
  if (query.sort) params.set('sort', query.sort);
  return request(`${base}/reports?${params}`, fresh);
}

export interface ReportChange {
  status: ReportStatus;
  publicNote?: string; // shown to the reporter and in the report's history
  notePublished?: boolean; // publish the resident's own note
  mergedInto?: number; // with status "duplicate"
}

export function changeReport(id: number, change: ReportChange): Promise<Feature<Point, StaffReportProps>> {
  return staffSend(`${base}/reports/${id}`, 'PATCH', change);
}

export interface AreaShare extends Partial<ExpectedArea> {
  id: string;
  name: string | null;
  areaM2: number;
  coveredAreaM2: number;
  coveredShare: number; // 0..1
}

export interface PlaceShare {
  total: number;
  covered: number;
  outsideCity: number;
  share: number; // 0..1
  expectedCovered?: number; // Σ P(usable) over the places
}

/** What readings say about hotspots city-wide. */
export interface HotspotCounts {
  fitted: number;
  moved: number;
  probablyDown: number;
  discovered: number;
  distrustedDevices: number;
}

export interface CoverageStats {
  city: AreaShare;
  wards: AreaShare[];
  places: Record<string, PlaceShare>;
  hotspots?: HotspotCounts;
  gaps: { count: number; ranked: number; tiny: number; areaM2: number; confirmed: number };
  evidence?: EvidenceAreas; // how much of the city is measured, informed from nearby readings, or predicted only
  computedAt: string;
  modelVersion: number;
}

export function getCoverageStats(): Promise<CoverageStats> {
  return request(`${base}/coverage/stats`, fresh);
}

export type { AccessPointAssessment };

/** A hotspot phones found: a City SSID heard from a BSSID the registry does not know. */
export type Discovery = DiscoveryView;

export async function getDiscoveries(): Promise<Discovery[]> {
  return (await request<{ discoveries: Discovery[] }>(`${base}/discoveries`, fresh)).discoveries;
}

/** Into the registry at the estimated position; without a name the server calls it "Discovered hotspot <BSSID>". */
export function acceptDiscovery(bssid: string, name?: string): Promise<RegistryEntry> {
  return staffSend(`${base}/discoveries/${encodeURIComponent(bssid)}/accept`, 'POST', name ? { name } : {});
}

export function rejectDiscovery(bssid: string): Promise<{ bssid: string; status: 'rejected' }> {
  return staffSend(`${base}/discoveries/${encodeURIComponent(bssid)}/reject`, 'POST', {});
}

/** "It still works": clears "probably down" for 30 days. */
export function confirmWorking(id: number): Promise<RegistryEntry> {
  return staffSend(`${base}/access-points/${id}/works`, 'POST', {});
}

export interface CoverageMonth {
  month: string; // YYYY-MM
  measurements: number;
  usableShare: number | null; // of measurements that found usable free Wi-Fi; null without measurements
  reports: Record<ReportKind, number>;
}

export function getCoverageHistory(months: number): Promise<{ usableDbm: number; months: CoverageMonth[] }> {
  return request(`${base}/coverage/history?months=${months}`, fresh);
}

export interface GapSummary {
  id: number;
  rank: number;
  areaM2: number;
  ward: { id: string; name: string | null } | null;
  landmark: string | null;
  demand: { total: number; places: number; transitStops: number; reports: number };
  reportCount: number;
  devices: number;
  confirmed: boolean;
  confirmationsNeeded: number;
  bbox: BBox;
}

/** The ranked gaps (city-wide ranks), optionally only those in one ward (`ward-3`). */
export function getGaps(limit: number, ward?: string): Promise<GapSummary[]> {
  return request(`${base}/coverage/gaps?format=json&limit=${limit}${ward ? `&ward=${encodeURIComponent(ward)}` : ''}`, fresh);
}

export function getGap(id: number): Promise<Feature<Polygon | MultiPolygon, GapSummary & { places: { id: number; name: string; kind: string }[] }>> {
  return request(`${base}/coverage/gaps/${id}`, fresh);
}

export type CandidateKind = 'city_places' | 'transit' | 'cells';

export interface RecommendedSite {
  rank: number;
  id: string;
  label: string;
  position: [lon: number, lat: number];
  gain: number; // demand this site adds on top of the sites before it
  cumulative: number;
  cumulativeShare: number; // of uncovered demand, rounded by the server
  covers: string[];
}

export interface Recommendations {
  k: number;
  candidateKind: CandidateKind;
  candidates: number;
  newSiteReachM: number;
  uncoveredDemand: number;
  sites: RecommendedSite[];
}

export function getRecommendations(k: number, candidates: CandidateKind): Promise<Recommendations> {
  return request(`${base}/planning/recommendations?k=${k}&candidates=${candidates}`, fresh);
}

export interface ScenarioBody {
  add: { lon: number; lat: number; eirpDbm?: number; band?: '2.4' | '5'; environment?: ApEnvironment }[];
  move: { id: number; lon: number; lat: number }[];
  remove: number[];
  activate?: number[];
}

interface BeforeAfter {
  before: number;
  after: number;
}

export interface WhatIfResult {
  changedCells: number;
  added: { id: string; position: [number, number]; reachM: number; addsCoveredAreaM2: number | null }[]; // each new site's reach and what it adds (null in scenarios of over 20 new sites), in the order sent
  coveredAreaM2: BeforeAfter & { change: number };
  coveredShare: BeforeAfter;
  wards: { id: string; coveredShareBefore: number; coveredShareAfter: number }[];
  demandCovered: BeforeAfter & { change: number; newlyCoveredPlaceIds: number[]; lostPlaceIds: number[] };
  gaps: { before: { count: number; ranked: number; areaM2: number }; after: { count: number; ranked: number; areaM2: number } }; // ranked: the count every tab shows
}

export function whatIf(scenario: ScenarioBody, signal?: AbortSignal): Promise<WhatIfResult> {
  return staffSend(`${base}/coverage/what-if`, 'POST', scenario, signal);
}

export interface SavedScenario {
  id: number;
  name: string;
  body: ScenarioBody;
  createdBy: string;
  createdAt: string;
}

export function listScenarios(): Promise<SavedScenario[]> {
  return request(`${base}/scenarios`, fresh);
}

/** The saved scenario, evaluated against today's model. */
export function getScenario(id: number): Promise<SavedScenario & { result: WhatIfResult }> {
  return request(`${base}/scenarios/${id}`, fresh);
}

export function saveScenario(name: string, scenario: ScenarioBody): Promise<SavedScenario & { result: WhatIfResult }> {
  return staffSend(`${base}/scenarios`, 'POST', { name, scenario });
}

export function deleteScenario(id: number): Promise<void> {
  return staffSend(`${base}/scenarios/${id}`, 'DELETE');
}

/** A download link: the session cookie goes with it, so a plain <a download> works. */
export function scenarioGeoJsonUrl(id: number): string {
  return `${base}/scenarios/${id}/geojson`;
}

function jsonBody(method: string, body: unknown): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** A signed-in write: JSON body, the CSRF header, and no body expected back from a 204. */
async function staffSend<T>(url: string, method: 'POST' | 'PATCH' | 'DELETE', body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (signal?.aborted) throw error; // the caller replaced this request with a newer one
    throw new ApiError(0, 'Could not reach the Wi-Fi Reach server. Check your connection and try again.', []);
  }
  if (!response.ok) throw await problemFrom(response);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

// ---- staff: data in and out (exports of every layer, WiGLE CSV uploads) ----

export interface ExportLayer {
  id: string;
  title: string;
  description: string;
  access: 'public' | 'staff';
  geojson: string; // URL of the GeoJSON download
  csv: string; // URL of the CSV download (polygons as a WKT column, points as lon and lat)
}

export async function getExports(): Promise<ExportLayer[]> {
  return (await request<{ exports: ExportLayer[] }>(`${base}/exports`, fresh)).exports;
}

export interface DownloadProgress {
  bytes: number; // received so far
  features: number | null; // how many features the file holds (X-Feature-Count), when the server says
  lines: number; // line ends so far: both formats write one feature per line, so this estimates features received
  done: boolean;
}

export interface Download {
  blob: Blob;
  filename: string;
  bytes: number;
  features: number | null;
}

/**
 * Streams a download and reports each chunk: exports have no Content-Length (they are written as they
 * are read), so progress is the bytes received, set against the feature count the server announces.
 */
export async function downloadExport(url: string, onProgress: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<Download> {
  const response = await send(url, { ...fresh, signal });
  const header = response.headers.get('X-Feature-Count');
  const features = header !== null && /^\d+$/.test(header) ? Number(header) : null;
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? url.split('/').pop() ?? 'export';
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  onProgress({ bytes, features, lines, done: false });
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.byteLength;
      for (const byte of value) if (byte === 0x0a) lines += 1; // \n; UTF-8 never uses this byte inside a character
      onProgress({ bytes, features, lines, done: false });
    }
  }
  onProgress({ bytes, features, lines, done: true });
  const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
  return { blob: new Blob(chunks as BlobPart[], { type }), filename, bytes, features };
}

export type WigleDropReason = 'not_wifi' | 'opted_out' | 'malformed' | 'not_registered' | 'bad_time' | 'poor_accuracy' | 'outside_area' | 'bad_signal';

export interface WigleImportSummary {
  importId: number;
  format: string;
  rows: { read: number; kept: number; stored: number; alreadyStored: number; dropped: number };
  dropped: Record<WigleDropReason, number>;
  earlierImport: { id: number; at: string } | null; // the same file was imported before
}

/** Uploads a WiGLE CSV (or .csv.gz) as the raw body; the server reads it as it arrives. */
export async function uploadWigle(file: File): Promise<WigleImportSummary> {
  const gzip = /\.gz$/i.test(file.name) || file.type === 'application/gzip' || file.type === 'application/x-gzip';
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', 'Content-Type': gzip ? 'application/gzip' : 'text/csv' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await send(`${base}/imports/wigle`, { method: 'POST', headers, body: file });
  return (await response.json()) as WigleImportSummary;
}

// ---- residents: coverage on the map, the report lifecycle, "me too", the connection test ----
// Reads a resident needs fresh (duplicates nearby, "my reports") ask with cache: 'no-cache'; the service
// worker then goes to the network first and falls back to its copy only when there is no connection.

export type CoverageClass = 'good' | 'fair' | 'poor' | 'none';

export interface CoverageCellProps {
  id: number;
  level: number; // 0: 25 m cell, 1: 100 m block, 2: 400 m block
  class: CoverageClass;
  dbm: number | null;
  confidence: number; // 0..1: how much evidence, how recent
  pUsable?: number; // 0..1: chance of usable free Wi-Fi (blocks: mean)
  coveredShare: number; // 0..1 of the block's cells covered
}

export type CoverageCollection = FeatureCollection<Polygon, CoverageCellProps> & { level?: number; cellSizeM?: number };

export function getCoverageCells(bbox: BBox, zoom: number, signal?: AbortSignal): Promise<CoverageCollection> {
  return request(`${base}/coverage/cells?bbox=${bbox.join(',')}&zoom=${zoom}`, { signal });
}

export type GapCollection = FeatureCollection<Polygon | MultiPolygon, GapSummary> & { numberMatched?: number }; // every gap the query matches, beyond the limit

/** Ranked gaps with their outlines, best to fix first. */
export function getGapOutlines(): Promise<GapCollection> {
  return request(`${base}/coverage/gaps`);
}

export interface CellExplanation {
  cellId: number;
  centre: [lon: number, lat: number];
  insideCity: boolean;
  wardId: string | null;
  predictedDbm: number | null; // null when no active access point reaches the cell
  contributors: Contributor[]; // strongest first; accessPointId null for a hotspot phones found (discoveredBssid)
  evidence: { weight: number; samples: number; devices: number; reports: number; newestAt: number | string | null; ageDays: number | null };
  fusedDbm: number | null;
  class: CoverageClass | null; // null outside the city
  covered: boolean;
  confidence: number;
  pUsable?: number | null; // chance of usable free Wi-Fi, 0..1; null outside the city
  uncertaintyDb?: number | null; // standard deviation of the fused level
  pooled?: { weight: number; residualDb: number }; // evidence from this and neighbouring cells
  summary?: string; // the server's explanation in plain words
  gapId: number | null;
}

export function explainCoverage(lon: number, lat: number): Promise<CellExplanation> {
  return request(`${base}/coverage/explain?lon=${round6(lon)}&lat=${round6(lat)}`);
}

/** What anyone sees of a report, including the City's public note. */
export interface PublicReportProps extends ReportProps {
  updatedAt?: string;
  observedAt?: string;
  publicNote?: string | null;
  mergedInto?: number | null;
}

export type PublicReportCollection = FeatureCollection<Point, PublicReportProps>;

/** Open reports of one kind near a spot, nearest first: offered as "me too" before a duplicate is filed. */
export function getOpenReportsNear(lon: number, lat: number, kind: ReportKind, radiusM: number): Promise<PublicReportCollection> {
  const query = `near=${round6(lon)},${round6(lat)}&radiusM=${radiusM}&kind=${kind}&status=open`;
  return request(`${base}/reports?${query}`, { cache: 'no-cache' });
}

/** "My reports": the server keeps no account, so the device asks by the ids it remembers. */
export function getReportsByIds(ids: number[]): Promise<PublicReportCollection> {
  return request(`${base}/reports?ids=${ids.join(',')}`, { cache: 'no-cache' });
}

export interface ReportHistoryEntry {
  at: string;
  status: string;
  publicNote: string | null;
}

export function getReportHistory(id: number): Promise<ReportHistoryEntry[]> {
  return request(`${base}/reports/${id}/history`, { cache: 'no-cache' });
}

export interface DeviceAction {
  clientId?: string; // a retry with the same id is not counted twice
  deviceId?: string; // legacy, as in NewReport
}

/** Whether a "me too" counts as an independent voice, and why not (the server's reasons). */
export interface ConfirmationResult {
  counted: boolean;
  reason: string; // counted, retry, own-report, already-confirmed, no-device-credential, same-cohort-as-reporter, …
}

/** "Me too": kept always; 201 when recorded, 200 when nothing new; `confirmation` says whether it counted. */
export function confirmReport(id: number, body: DeviceAction, signal?: AbortSignal): Promise<Feature<Point, PublicReportProps> & { confirmation?: ConfirmationResult }> {
  return deviceWrite(`${base}/reports/${id}/confirmations`, body, signal);
}

/** "Still not working" on a resolved report. */
export function reopenReport(id: number, body: DeviceAction, signal?: AbortSignal): Promise<Feature<Point, PublicReportProps>> {
  return deviceWrite(`${base}/reports/${id}/reopen`, body, signal);
}

export interface ConnectionTestFigures {
  latencyMs: number | null;
  downMbps: number | null;
  upMbps: number | null;
  connectionType: string | null; // what the browser says (navigator.connection), e.g. "wifi, 4g"
}

export interface NewObservation {
  observedAt: string;
  lon: number;
  lat: number;
  accuracyM?: number;
  source?: 'app';
  accessPointId?: number; // the free network the person said they were on; absent for mobile data / other
  test?: ConnectionTestFigures;
  noFreeNetwork?: boolean;
  clientId?: string;
  deviceId?: string; // legacy, as in NewReport
}

export function createObservation(observation: NewObservation, signal?: AbortSignal): Promise<{ id: number; created: boolean }> {
  return deviceWrite(`${base}/observations`, observation, signal);
}

/** One round trip with no body, for latency. */
export async function ping(signal?: AbortSignal): Promise<void> {
  await send(`${base}/speed/ping?t=${Date.now()}`, { cache: 'no-store', signal });
}

/** Incompressible bytes from the server (≤ 5 MB); the caller reads the stream to time it. */
export function downloadSample(bytes: number, signal?: AbortSignal): Promise<Response> {
  return send(`${base}/speed/download?bytes=${bytes}&t=${Date.now()}`, { cache: 'no-store', signal });
}

export async function uploadSample(body: Uint8Array<ArrayBuffer>, signal?: AbortSignal): Promise<{ bytes: number }> {
  const response = await send(`${base}/speed/upload`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body,
    cache: 'no-store',
    signal,
  });
  return (await response.json()) as { bytes: number };
}

function jsonPost(body: unknown): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** A request whose body is not JSON; aborts pass through unchanged so the caller can tell them apart. */
async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, 'Could not reach the Wi-Fi Reach server. Check your connection and try again.', []);
  }
  if (!response.ok) throw await problemFrom(response);
  return response;
}
