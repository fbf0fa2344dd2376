// What the map shows and says, shared by the MapLibre and Leaflet adapters so both draw the same map.
import { circle } from '@turf/turf';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import type {
  AccessPointCollection,
  AccessPointProps,
  AccessPointStatus,
  ApEnvironment,
  AreaCollection,
  PlaceProps,
  ReportKind,
  ReportProps,
} from '../api';
import { REPORT_KIND_COLOURS, REPORT_KIND_LIST } from '../../server/domain/vocabulary'; // plain lists: the one vocabulary

export const colours = {
  background: '#eef0eb', // plain light ground when no basemap is configured or it fails to load
  boundary: '#26323a',
  ward: '#6b7780',
  wifi: '#0a66b7', // access points and their reach: one distinct blue, never used for anything else
  down: '#c62828',
  uncertain: '#7d8a96', // the muted reach of an access point phones no longer hear
  retired: '#8a8f94',
} as const;

export const reportColours = REPORT_KIND_COLOURS; // one per kind, from domain/vocabulary.ts

// Priority places stay neutral so they never compete with the Wi-Fi layer.
export const placeColours: Record<string, string> = {
  library: '#56616a',
  community_centre: '#6f6459',
  city_facility: '#6e6e6e',
  park: '#66735c',
  school: '#74697c',
  transit: '#5b6670',
  transit_stop: '#9aa1a6',
};
export const placeFallbackColour = '#7a7a7a';

/** Point radii in CSS pixels: large enough to hit with a thumb alongside a ±10 px click tolerance. */
export const radii = { accessPoint: 7, report: 6, place: 4, transitStop: 2.5 } as const;

export const hitTolerancePx = 10; // a thumb is ~40 px wide; a 7 px dot alone is too small to tap

export interface PointStyle {
  radius: number;
  fill: string;
  fillOpacity: number;
  stroke: string;
  strokeWidth: number;
  strokeOpacity: number;
}

export interface AreaStyle {
  fill: string;
  fillOpacity: number;
  stroke: string;
  strokeWidth: number;
  dashed: boolean;
}

export const accessPointStatuses: AccessPointStatus[] = ['active', 'down', 'planned', 'retired'];

/** How an access point is drawn: its status, or 'uncertain' for an active one phones near it no longer hear. */
export type AccessPointLook = AccessPointStatus | 'uncertain';
export const accessPointLooks: AccessPointLook[] = ['active', 'uncertain', 'down', 'planned', 'retired'];

export function accessPointLook(ap: Pick<AccessPointProps, 'status' | 'probablyDown'>): AccessPointLook {
  return ap.status === 'active' && ap.probablyDown === true ? 'uncertain' : ap.status;
}

/** The access points with their look as a property, which a MapLibre style can match on. */
export function drawableAccessPoints(accessPoints: AccessPointCollection): FeatureCollection<Point, AccessPointProps & { look: AccessPointLook }> {
  return { ...accessPoints, features: accessPoints.features.map((f) => ({ ...f, properties: { ...f.properties, look: accessPointLook(f.properties) } })) };
}

/** Active: filled. Uncertain (probably down): blue and hollow. Down: red and hollow. Planned: faint. Retired: grey and faint. */
export function accessPointStyle(look: AccessPointLook): PointStyle {
  switch (look) {
    case 'active':
      return { radius: radii.accessPoint, fill: colours.wifi, fillOpacity: 1, stroke: '#ffffff', strokeWidth: 2, strokeOpacity: 1 };
    case 'uncertain':
      return { radius: radii.accessPoint, fill: '#ffffff', fillOpacity: 1, stroke: colours.wifi, strokeWidth: 3, strokeOpacity: 0.9 };
    case 'down':
      return { radius: radii.accessPoint, fill: '#ffffff', fillOpacity: 1, stroke: colours.down, strokeWidth: 3, strokeOpacity: 1 };
    case 'planned':
      return { radius: radii.accessPoint, fill: colours.wifi, fillOpacity: 0.25, stroke: colours.wifi, strokeWidth: 2, strokeOpacity: 0.8 };
    case 'retired':
      return { radius: radii.accessPoint - 2, fill: colours.retired, fillOpacity: 0.3, stroke: colours.retired, strokeWidth: 1, strokeOpacity: 0.6 };
  }
}

/** Reach is only drawn where Wi-Fi is or will be: a retired access point reaches nowhere. */
export function reachStyle(look: AccessPointLook): AreaStyle | null {
  switch (look) {
    case 'active':
      return { fill: colours.wifi, fillOpacity: 0.14, stroke: colours.wifi, strokeWidth: 1.5, dashed: false };
    case 'uncertain':
      return { fill: colours.uncertain, fillOpacity: 0.06, stroke: colours.uncertain, strokeWidth: 1.5, dashed: true };
    case 'down':
      return { fill: colours.down, fillOpacity: 0.04, stroke: colours.down, strokeWidth: 1.5, dashed: true };
    case 'planned':
      return { fill: colours.wifi, fillOpacity: 0.05, stroke: colours.wifi, strokeWidth: 1.5, dashed: true };
    case 'retired':
      return null;
  }
}

export const dashPattern = [4, 3]; // in line widths (MapLibre); the Leaflet adapter scales it to pixels

export function reportStyle(kind: ReportKind): PointStyle {
  return {
    radius: radii.report,
    fill: reportColours[kind] ?? placeFallbackColour,
    fillOpacity: 0.95,
    stroke: '#1b1b1b', // a dark ring tells a report apart from an access point's white ring
    strokeWidth: 1.5,
    strokeOpacity: 1,
  };
}

export function placeStyle(kind: string): PointStyle {
  const isStop = kind === 'transit_stop';
  return {
    radius: isStop ? radii.transitStop : radii.place,
    fill: placeColours[kind] ?? placeFallbackColour,
    fillOpacity: isStop ? 0.7 : 0.85,
    stroke: '#ffffff',
    strokeWidth: isStop ? 0.5 : 1,
    strokeOpacity: 0.9,
  };
}

export const boundaryStyle: AreaStyle = { fill: '#ffffff', fillOpacity: 0.35, stroke: colours.boundary, strokeWidth: 2.5, dashed: false };
export const wardStyle: AreaStyle = { fill: '#ffffff', fillOpacity: 0, stroke: colours.ward, strokeWidth: 0.8, dashed: false };

// ---- labels ----

export const defaultReportKinds: { id: ReportKind; label: string }[] = REPORT_KIND_LIST.map(({ id, label }) => ({ id, label }));

const reportKindLabels = new Map<string, string>(defaultReportKinds.map((k) => [k.id, k.label]));

/** The server's labels win, so wording can change without a client release. */
export function applyReportKindLabels(kinds: { id: ReportKind; label: string }[] | undefined): { id: ReportKind; label: string }[] {
  const known = new Set(defaultReportKinds.map((k) => k.id));
  const chosen = kinds?.filter((k) => known.has(k.id) && k.label) ?? [];
  const list = chosen.length > 0 ? chosen : defaultReportKinds;
  for (const k of list) reportKindLabels.set(k.id, k.label);
  return list;
}

export function reportKindLabel(kind: string): string {
  return reportKindLabels.get(kind) ?? humanize(kind);
}

export const accessPointStatusLabels: Record<AccessPointStatus, string> = {
  active: 'Active',
  down: 'Down',
  planned: 'Planned',
  retired: 'Retired',
};

/** Where an access point sits, in the server's order; the registry form offers these as "Where is it?". */
export const environmentLabels: Record<ApEnvironment, string> = {
  indoor: 'Indoors',
  outdoor_urban: 'Outdoors, street',
  outdoor_open: 'Outdoors, open (park, square)',
};

const evidenceLabels: Record<string, string> = {
  documented: 'Documented',
  probable: 'Probable',
  measured: 'Measured',
  unverified: 'Unverified',
  unknown: 'Not known',
};

const placeKindLabels: Record<string, string> = {
  library: 'Library',
  community_centre: 'Community centre',
  transit: 'Transit',
  transit_stop: 'Transit stop',
  city_facility: 'City facility',
  park: 'Park',
  school: 'School',
};

export function placeKindLabel(kind: string): string {
  return placeKindLabels[kind] ?? humanize(kind);
}

function humanize(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatDistanceM(metres: number): string {
  if (metres >= 1000) return `${(metres / 1000).toFixed(1)} km`;
  return `${Math.round(metres)} m`;
}

const dateFormat = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium' });

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

// ---- popups: built with textContent only, so API text can never become markup ----

type Row = [term: string, value: string];

function popup(title: string, rows: Row[]): HTMLElement {
  const root = document.createElement('div');
  root.className = 'popup';
  const heading = document.createElement('h2');
  heading.className = 'popup-title';
  heading.textContent = title;
  const list = document.createElement('dl');
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    list.append(dt, dd);
  }
  root.append(heading, list);
  return root;
}

export function accessPointPopup(ap: AccessPointProps): HTMLElement {
  // An entry cached from a server older than `environment` still has its indoor flag.
  const where = environmentLabels[ap.environment] ?? (ap.indoor ? environmentLabels.indoor : 'Outdoors');
  const evidence = evidenceLabels[ap.confidence] ?? humanize(ap.confidence ?? 'unknown');
  const rows: Row[] = [
    ['Network (SSID)', ap.ssid?.trim() ? ap.ssid : 'SSID not recorded'],
    ...(ap.venue ? [['Venue', placeKindLabel(ap.venue)] as Row] : []),
    ['Where', where],
    ['Address', ap.address ?? 'Not recorded'],
    ['Status', accessPointStatusLabels[ap.status] ?? humanize(String(ap.status))],
  ];
  if (accessPointLook(ap) === 'uncertain') rows.push(['Not heard lately', probablyDownWords]);
  if (Number.isFinite(ap.reachM) && ap.status !== 'retired') rows.push(['Estimated reach', `about ${formatDistanceM(ap.reachM)}`]);
  rows.push(['Evidence', ap.source ? `${evidence}: ${ap.source}` : evidence]);
  return popup(ap.name, rows);
}

export const probablyDownWords = 'Phones near it have not heard it recently — the City is checking.';

function times(n: number): string {
  return `${n} ${n === 1 ? 'time' : 'times'}`;
}

/** The fitted reach and position, for planners: null until readings allow a fit. */
export function fittedWords(ap: AccessPointProps): string | null {
  const a = ap.assessment;
  if (!a?.fitted) return null;
  const moved = a.estimatedPosition ? `; moved ${formatDistanceM(a.movedM)} from the registry position` : '';
  const learned = a.learnedBssids.length ? ` Heard as ${a.learnedBssids.join(', ')}, not in its entry.` : '';
  return `Fitted from ${a.readings} ${a.readings === 1 ? 'reading' : 'readings'} by ${a.devices} ${a.devices === 1 ? 'phone' : 'phones'}: reach ${formatDistanceM(ap.reachM)}${moved}.${learned}`;
}

/** What phones near it heard, for planners: null unless it was judged. */
export function nearbyWords(ap: AccessPointProps): string | null {
  const n = ap.assessment?.nearby;
  if (!n) return null;
  return (
    `${n.devices} ${n.devices === 1 ? 'phone' : 'phones'} near it: heard it ${times(n.heard)}; heard only other hotspots ${times(n.othersHeard)}` +
    ` (${n.shouldHaveWon} where it should have been the strongest); heard no free Wi-Fi ${times(n.nothingHeard)}.` +
    (n.pDown > 0 ? ` Chance it is off: ${Math.round(n.pDown * 100)} %.` : '')
  );
}

/** Everything the readings say about an access point, for planners. */
export function assessmentLines(ap: AccessPointProps): string[] {
  return [fittedWords(ap), nearbyWords(ap)].filter((line): line is string => line !== null);
}

export function reportPopup(report: ReportProps): HTMLElement {
  const rows: Row[] = [
    ['Status', humanize(report.status)],
    ['Reported', formatDate(report.createdAt)],
  ];
  const confirmations = report.confirmations ?? 0;
  if (confirmations > 0) rows.push(['Confirmed by', `${confirmations} ${confirmations === 1 ? 'person' : 'people'}`]);
  return popup(`Report: ${reportKindLabel(report.kind)}`, rows);
}

export function placePopup(place: PlaceProps): HTMLElement {
  const rows: Row[] = [['Kind', placeKindLabel(place.kind)]];
  if (place.address) rows.push(['Address', place.address]);
  if (place.wifiEvidence) rows.push(['Free Wi-Fi', evidenceLabels[place.wifiEvidence] ?? humanize(place.wifiEvidence)]);
  return popup(place.name, rows);
}

// ---- geometry ----

export interface ReachProps {
  id: number;
  status: AccessPointStatus;
  look: AccessPointLook;
}

const reachSteps = 64; // vertices per circle: smooth at street zoom, cheap for a few hundred access points

/** Each access point's estimated reach as a geodesic circle polygon, exact at every zoom. */
export function reachCircles(accessPoints: AccessPointCollection): FeatureCollection<Polygon, ReachProps> {
  const features: Feature<Polygon, ReachProps>[] = [];
  for (const ap of accessPoints.features) {
    const { id, status, reachM } = ap.properties;
    const look = accessPointLook(ap.properties);
    if (!reachStyle(look) || !(reachM > 0)) continue;
    const polygon = circle(ap.geometry.coordinates, reachM, { steps: reachSteps, units: 'meters' });
    features.push({ type: 'Feature', id, geometry: polygon.geometry, properties: { id, status, look } });
  }
  return { type: 'FeatureCollection', features };
}

/** The areas endpoint mixes the city and its wards; the map draws them as two layers. */
export function splitAreas(areas: AreaCollection): { boundary: AreaCollection; wards: AreaCollection } {
  return {
    boundary: { type: 'FeatureCollection', features: areas.features.filter((f) => f.properties.kind === 'city') },
    wards: { type: 'FeatureCollection', features: areas.features.filter((f) => f.properties.kind === 'ward') },
  };
}

/** The report position marker; identical in both renderers. */
export function createPinElement(): HTMLElement {
  const pin = document.createElement('div');
  pin.className = 'report-pin';
  pin.setAttribute('role', 'img');
  pin.setAttribute('aria-label', 'Report position');
  // A static drawing, no API data: safe as markup.
  pin.innerHTML =
    '<svg viewBox="0 0 32 42" width="32" height="42" aria-hidden="true" focusable="false">' +
    '<path d="M16 1C7.7 1 1 7.6 1 15.8 1 27 16 41 16 41s15-14 15-25.2C31 7.6 24.3 1 16 1z" fill="#111" stroke="#fff" stroke-width="2"/>' +
    '<circle cx="16" cy="15.5" r="5.5" fill="#ffd400"/></svg>';
  return pin;
}
