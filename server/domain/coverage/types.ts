// What the engine takes in and hands out. Inputs are plain values; the registry's and the store's records
// fit as they are where the field names agree (position, status, indoor, band, eirpDbm, rangeOverrideM).
import type { AreaGeometry } from './grid';
import type { RadioAccessPoint } from './propagation';
import type { ReportKind } from './evidence';
import type { ClassName } from './classes';

export type AccessPointId = number | string;
export type LonLat = readonly [lon: number, lat: number];
export type BBox = readonly [minLon: number, minLat: number, maxLon: number, maxLat: number];

export interface AccessPointInput extends RadioAccessPoint {
  id: AccessPointId;
  position: LonLat;
  status?: 'active' | 'planned' | 'down' | 'retired' | null; // default 'active'; only active ones predict coverage
  ssid?: string | null; // its network name: readings of this SSID are about the City's free Wi-Fi
  bssids?: readonly string[] | null; // lower-case MACs: readings with one of these heard this AP
  verifiedAt?: number | null; // ms: a planner confirmed it works; "probably down" is not raised for 30 days after
  name?: string | null; // what "why this colour?" calls it (no effect on the model)
}

/** A position either as lon/lat or as x/y in the engine's local metres (engine.grid.projection). */
export interface Positioned {
  lon?: number;
  lat?: number;
  x?: number;
  y?: number;
  accuracyM?: number | null; // m; missing = exact (a spot tapped on the map)
}

export interface ObservationInput extends Positioned {
  time: number; // ms since the epoch
  signalDbm: number | null; // null = no free network heard
  deviceKey?: string | null; // hashed client id; null = unknown device (shares one capped bucket per cell)
  cohortKey?: string | null; // credentials minted together share one: independence is counted by these
  accessPointId?: AccessPointId | null; // the registry AP the server matched it to (BSSID, or SSID nearby)
  ssid?: string | null; // network heard: another network than the City's says nothing about free Wi-Fi
  bssid?: string | null; // lower-case MAC heard: ties the reading to one hotspot (registered or not)
  /**
   * Rows of one scan that listed every network it heard (a WiGLE survey's rows at one time and place) share
   * this key. The app's readings name only the strongest free network; of a scan's rows only the loudest is
   * the level of free Wi-Fi there: the others still place and fit their own hotspot, but neither lower the
   * place's level nor say another hotspot was weaker than them. null = a reading of the loudest network only.
   */
  scan?: string | null;
}

export interface ReportInput extends Positioned {
  kind: ReportKind;
  time: number; // ms since the epoch
  deviceKey?: string | null;
  cohortKey?: string | null; // credentials minted together share one: independence is counted by these
  accessPointId?: AccessPointId | null;
}

export interface PlaceInput {
  id: number | string;
  kind: string; // 'library', 'transit_stop', …: statistics are kept per kind
  demand?: number | null; // weight, default 1 (places 1–5, transit stops 1)
  position: LonLat;
  name?: string | null;
}

export interface AreaInput {
  id: string;
  name?: string | null;
  geometry: AreaGeometry;
}

export interface CellBatch {
  level: number; // 0 fine cells, 1 and 2 coarser blocks
  cellSizeM: number; // edge of one cell or block, m
  classes: readonly ClassName[]; // names of the class codes in `cls`
  ids: number[]; // cell (level 0) or block id at this level
  centres: number[]; // lon, lat, lon, lat, … (6 decimals)
  cls: number[]; // class code (dominant class for blocks)
  dbm: number[]; // fused dBm, 0.1 dB (blocks: mean over their cells)
  confidence: number[]; // 0…1, 2 decimals (blocks: mean)
  pUsable: number[]; // probability of usable (covered-class) free Wi-Fi, 0…1, 2 decimals (blocks: mean)
  coveredShare: number[]; // share of the cell's / block's city cells that are covered (0 or 1 for cells)
}

export interface Contributor {
  accessPointId: AccessPointId | null; // null for a discovered hotspot not yet in the registry
  discoveredBssid?: string; // set for a discovered hotspot
  distanceM: number;
  predictedDbm: number;
  model: 'default' | 'calibrated' | 'override';
}

/** Readings taken in a cell that count for nothing there, by why. */
export interface SetAside {
  spoofed: number; // they name a hotspot phones heard in places no one hotspot spans (or where no placement of it could give them)
  implausible: number; // louder than any hotspot known near could give, or "nothing" beside one phones keep hearing
  unconfirmed: number; // far weaker than predicted, with no other phone's such reading near before them
  unbacked: number; // usable and far louder than predicted, with no other phone's such reading near
}

export interface CellExplanation {
  cellId: number;
  centre: [number, number];
  insideCity: boolean;
  wardId: string | null;
  predictedDbm: number | null; // best prediction; null when no active AP reaches the cell
  contributors: Contributor[]; // strongest first, up to options.topContributors
  evidence: { weight: number; samples: number; devices: number; reports: number; newestAt: number | null; ageDays: number | null; setAside: SetAside };
  fusedDbm: number | null; // null outside the city
  class: ClassName | null;
  covered: boolean;
  confidence: number;
  pUsable: number | null; // probability of usable free Wi-Fi; null outside the city
  uncertaintyDb: number | null; // standard deviation of the fused level, dB
  pooled: { weight: number; residualDb: number }; // evidence from this and neighbouring cells, and how far it moved the prediction
  summary: string; // the explanation in plain words
  gapId: number | null;
}

export interface GapSummary {
  id: number; // lowest cell id in the gap; stable while that cell stays uncovered
  rank: number | null; // 1 = first to fix; null for tiny gaps
  tiny: boolean; // fewer than options.minGapCells cells
  cells: number;
  areaM2: number;
  ward: { id: string; name: string | null } | null; // gaps never cross a ward line (see options.gapTileM); null without wards
  landmark: string | null; // the name of a place in it people would know (a place before a transit stop, most demand first)
  demand: { total: number; places: number; transitStops: number; reports: number };
  placeIds: (number | string)[];
  reportCount: number;
  devices: number; // independent known devices with "not covered" evidence in it
  confirmed: boolean;
  confirmationsNeeded: number; // more devices needed to confirm; 0 once confirmed
  score: number; // demand.total + options.areaScorePerHa × hectares (see gaps.ts)
  bbox: [number, number, number, number]; // [w, s, e, n]; may be a little larger than the gap after some of its cells got covered
}

export interface AreaStats {
  id: string;
  name: string | null;
  areaM2: number;
  coveredAreaM2: number;
  coveredShare: number;
  byClassM2: Record<ClassName, number>;
}

/** Expected covered area (Σ P(usable) × cell area) with a 95 % interval that allows for correlated cells. */
export interface ExpectedArea {
  expectedCoveredAreaM2: number;
  expectedCoveredIntervalM2: [number, number];
}

/** How much of the city the map knows from evidence and how much it only predicts (issue 13: say it plainly). */
export interface EvidenceAreas {
  measuredAreaM2: number; // cells with readings or reports of their own
  nearbyAreaM2: number; // no evidence of their own, but readings in neighbouring cells inform them (pooled weight ≥ stats.ts nearbyMinWeight)
  predictedAreaM2: number; // the model's prediction from the registry alone
  measuredShare: number; // of the city's area, 0..1
  nearbyShare: number;
  predictedShare: number;
}

export interface CoverageStats {
  city: AreaStats & ExpectedArea;
  wards: (AreaStats & ExpectedArea)[];
  places: Record<string, { total: number; covered: number; share: number; outsideCity: number; expectedCovered: number }>;
  hotspots: { fitted: number; moved: number; probablyDown: number; discovered: number; suggested: number; distrustedDevices: number };
  gaps: { count: number; ranked: number; tiny: number; areaM2: number; confirmed: number };
  cells: { inside: number; covered: number; cellSizeM: number };
  evidence: EvidenceAreas; // measured, informed from nearby readings, or predicted only
}

export interface Scenario {
  add?: AccessPointInput[]; // new access points (new ids); they count as active whatever their status
  move?: { id: AccessPointId; position: LonLat }[]; // registered APs at a new position, same model
  remove?: AccessPointId[]; // registered APs taken away
  activate?: AccessPointId[]; // registered planned/down APs switched on
}

export interface ScenarioResult {
  changedCells: number;
  coveredAreaM2: { before: number; after: number; change: number };
  coveredShare: { before: number; after: number };
  wards: { id: string; coveredShareBefore: number; coveredShareAfter: number }[];
  demandCovered: { before: number; after: number; change: number; newlyCoveredPlaceIds: (number | string)[]; lostPlaceIds: (number | string)[] };
  gaps: { before: GapTotals; after: GapTotals; top: GapSummary[] };
}

export interface GapTotals {
  count: number; // all gaps, tiny ones included
  ranked: number; // gaps of at least options.minGapCells cells
  areaM2: number;
}
