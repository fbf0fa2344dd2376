// The coverage engine: holds the grid, the registry, the evidence and everything derived from them, and
// keeps it current — a sample updates only the cells it touches (and the counters and gaps those cells
// belong to); a registry or model change restamps and refuses every cell.
import { Grid, gridFor, rasterise, type AreaGeometry } from './grid';
import { resolveOptions, type CoverageOptions } from './options';
import { classify, coveredTable, coveredMinDbm, CLASS_NAMES, FAIR, GOOD, NONE, POOR } from './classes';
import { linkModel, modelReachM, type LinkModel } from './propagation';
import { Prediction, stampAll, type Transmitter } from './stamp';
import { EvidenceLog, Interner } from './log';
import { Ledger, UNKNOWN_DEVICE } from './ledger';
import { OBSERVATION_KIND, reportKindCode, reportLevels, observationLevel, ageWeigher, cellsInSpread, spreadWeight, spreadRadiusM } from './evidence';
import { fuseDbm, confidenceOf } from './fusion';
import { fitPathLoss, type Calibration } from './calibration';
import { gapDistricts, GapIndex } from './components';
import { StatsCounters, type AreaInfo } from './stats';
import { checkAll, checkOne, checkObservation, checkReport, checkAccessPoint, checkPlace, CoverageInputError } from './validate';
import { summariseGaps, gapGeometry } from './gaps';
import { cellsInBbox, cellsToGeoJSON, explainCell } from './queries';
import { whatIf, type WhatIfBuffers } from './whatif';
import type { TraceBuffers } from './trace';
import { round2 } from './stats';
import type {
  AccessPointId, AccessPointInput, AreaInput, BBox, CellBatch, CellExplanation, CoverageStats, GapSummary,
  ObservationInput, PlaceInput, Positioned, ReportInput, Scenario, ScenarioResult,
} from './types';

export interface CoverageEngineInit {
  boundary: AreaGeometry; // the city: only cells whose centre lies inside count
  wards?: AreaInput[]; // statistics per ward
  accessPoints?: AccessPointInput[];
  places?: PlaceInput[]; // priority places and transit stops (kind 'transit_stop')
  observations?: ObservationInput[];
  reports?: ReportInput[];
  now: number; // ms since the epoch: evidence ages are measured from here (see setNow)
  options?: Partial<CoverageOptions>;
}

/** An access point as the engine uses it. */
export interface RegistryEntry {
  input: AccessPointInput;
  index: number;
  active: boolean;
  x: number;
  y: number;
  model: LinkModel;
}

export interface ResolvedPlace {
  input: PlaceInput;
  cell: number; // -1 outside the grid
  inCity: boolean;
  demand: number;
}

const BULK_MIN_SAMPLES = 5_000; // samples: a batch this big (and ≥ 20 % of the log) is cheaper to apply by one rebuild

export class CoverageEngine {
  // The public surface is the methods below; the fields are the engine's state, read by its own modules
  // (queries, gaps, what-if) and by tests. Treat them as read-only and internal.
  readonly grid: Grid;
  readonly options: CoverageOptions;
  readonly areas: AreaInfo[]; // [city, ...wards]
  readonly inside: Uint8Array; // 1 = cell centre inside the city
  readonly ward: Uint8Array; // ward index + 1 per city cell, 0 = none
  readonly rowSpans: Int32Array; // first and last city column of each row (first > last: none), to skip the rest
  readonly covered: Uint8Array; // covered[class code]
  readonly coveredMinDbm: number;
  readonly floorDbm: number; // predictions below this are 'none' whatever they are: discs are stamped to here
  private nowMs: number;

  registry: RegistryEntry[] = [];
  readonly registryIndex = new Map<AccessPointId, number>();
  readonly calibrations = new Map<AccessPointId, Calibration>();
  places: ResolvedPlace[] = [];
  readonly placesByCell = new Map<number, number[]>();

  readonly log = new EvidenceLog();
  readonly devices = new Interner<string>(1); // 0 is UNKNOWN_DEVICE
  readonly apKeys = new Interner<AccessPointId>(0);
  readonly reportsByCell = new Map<number, number>(); // reports counted in their own city cell
  private readonly levels: Float64Array;
  private readonly ageWeight: (ageMs: number) => number;
  private fitCache = new Map<AccessPointId, { key: string; fit: Calibration | null }>();
  /** Bulk-rebuild scratch, kept between rebuilds (fresh 10 MB arrays cost page faults every time). */
  private bulk = { weights: new Float64Array(0), levels: new Float64Array(0), cellOf: new Int32Array(0), order: new Int32Array(0), start: new Int32Array(0) };

  readonly prediction: Prediction;
  readonly ledger: Ledger;
  readonly fused: Float32Array; // fused dBm per city cell (NaN outside)
  readonly confidence: Float32Array;
  readonly cls: Uint8Array; // class code per cell (0 outside the city)
  readonly gapIndex: GapIndex;
  readonly gapDistrict: Int32Array | null; // gaps split where this changes (ward × tile), see gapDistricts
  readonly counters: StatsCounters;
  /** Incremented by every change; derived results (gap summaries) are cached against it. */
  version = 0;
  private readonly spreadCells: number[] = [];
  private gapCache: { key: string; list: GapSummary[] } | null = null;
  private reportsVersion = 0; // bumped when a report is counted in a cell
  private placesVersion = 0;
  private readonly gapMask: Uint8Array; // scratch: 1 = gap cell, for full relabelling
  /** Scratch buffers, made on first use and reused: fresh big arrays cost page faults on every call. */
  traceBuffers: TraceBuffers | null = null;
  whatIfBuffers: WhatIfBuffers | null = null;

  constructor(init: CoverageEngineInit) {
    this.options = resolveOptions(init.options);
    const o = this.options;
    const type = (init.boundary as { type?: string } | undefined)?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') throw new RangeError(`boundary must be a Polygon or MultiPolygon geometry (not a Feature), got ${JSON.stringify(type)}`);
    this.grid = gridFor(init.boundary, o.cellSizeM);
    this.nowMs = checkedNow(init.now);
    this.inside = new Uint8Array(this.grid.cellCount);
    if (!rasterise(this.grid, init.boundary, this.inside, 1)) throw new RangeError('the city boundary contains no cell centre: is it a polygon in lon/lat?');
    this.rowSpans = rowSpans(this.grid, this.inside);
    this.ward = new Uint8Array(this.grid.cellCount);
    const wards = init.wards ?? [];
    if (wards.length > 254) throw new RangeError(`${wards.length} wards: at most 254 fit one byte per cell`);
    wards.forEach((w, k) => {
      if (typeof w.id !== 'string' || !w.geometry) throw new CoverageInputError([{ path: `wards[${k}]`, message: 'needs an id and a geometry' }]);
      rasterise(this.grid, w.geometry, this.ward, k + 1, this.inside);
    });
    this.areas = [{ id: 'city', name: null }, ...wards.map((w) => ({ id: w.id, name: w.name ?? null }))];
    this.covered = coveredTable(o.coveredClasses);
    this.coveredMinDbm = coveredMinDbm(o);
    this.floorDbm = o.thresholdsDbm.poor;
    this.levels = reportLevels(o);
    this.ageWeight = ageWeigher(o);

    const n = this.grid.cellCount;
    this.prediction = new Prediction(n);
    this.ledger = new Ledger(n, o.deviceCapWeight, this.coveredMinDbm);
    this.fused = new Float32Array(n).fill(NaN);
    this.confidence = new Float32Array(n);
    this.cls = new Uint8Array(n);
    this.gapMask = new Uint8Array(n);
    this.gapDistrict = gapDistricts(this.grid, this.ward, o.gapTileM);
    this.gapIndex = new GapIndex(this.grid, this.ledger, this.gapDistrict);
    this.counters = new StatsCounters(this.grid, this.areas, this.ward);

    this.loadRegistry(init.accessPoints ?? []);
    this.loadPlaces(init.places ?? []);
    checkAll(init.observations ?? [], 'observations', checkObservation);
    checkAll(init.reports ?? [], 'reports', checkReport);
    this.appendObservations(init.observations ?? []);
    this.appendReports(init.reports ?? []);
    this.recompute();
  }

  get now(): number {
    return this.nowMs;
  }

  // ── Changes of the whole model ────────────────────────────────────────────────────────────────

  /** Re-derives everything: evidence weights from the log, calibrations, predictions, classes, gaps, stats. */
  recompute(): void {
    this.rebuildEvidence();
    this.calibrate();
    this.restamp();
  }

  /** Moves the clock (evidence ages, window, calibrations): a full recompute; daily is plenty at a 90-day half-life. */
  setNow(now: number): void {
    this.nowMs = checkedNow(now);
    this.recompute();
  }

  /** Replaces the registry (all statuses; only active APs predict coverage), refits and restamps. */
  setAccessPoints(accessPoints: AccessPointInput[]): void {
    this.loadRegistry(accessPoints);
    this.calibrate();
    this.restamp();
  }

  /** Replaces the priority places and transit stops. */
  setPlaces(places: PlaceInput[]): void {
    this.loadPlaces(places);
    this.countPlaces();
    this.placesVersion++;
    this.version++;
  }

  /** Replaces all evidence (e.g. after reports were hidden or merged) and recomputes. */
  setEvidence(evidence: { observations?: ObservationInput[]; reports?: ReportInput[] }): void {
    const observations = evidence.observations ?? [], reports = evidence.reports ?? [];
    checkAll(observations, 'observations', checkObservation);
    checkAll(reports, 'reports', checkReport);
    this.log.clear();
    this.appendObservations(observations);
    this.appendReports(reports);
    this.recompute();
  }

  // ── Incremental evidence ──────────────────────────────────────────────────────────────────────

  /** Adds one observation; returns the city cells it touched (their class, the gaps and stats are current). */
  addObservation(observation: ObservationInput): number[] {
    checkOne(observation, 'observation', checkObservation);
    return this.applySample(this.appendObservation(observation));
  }

  /** Adds one report; returns the city cells it touched. */
  addReport(report: ReportInput): number[] {
    checkOne(report, 'report', checkReport);
    return this.applySample(this.appendReport(report));
  }

  /** Adds a batch (all checked first: nothing changes if one is bad). Large batches apply as one rebuild. */
  addObservations(observations: ObservationInput[]): void {
    checkAll(observations, 'observations', checkObservation);
    const first = this.log.length;
    this.appendObservations(observations);
    this.applyBatch(first);
  }

  addReports(reports: ReportInput[]): void {
    checkAll(reports, 'reports', checkReport);
    const first = this.log.length;
    this.appendReports(reports);
    this.applyBatch(first);
  }

  private applyBatch(first: number): void {
    const added = this.log.length - first;
    if (added >= BULK_MIN_SAMPLES && added >= 0.2 * this.log.length) {
      this.rebuildEvidence();
      this.refuseAll();
    } else for (let i = first; i < this.log.length; i++) this.applySample(i);
  }

  // ── Reading ───────────────────────────────────────────────────────────────────────────────────

  /** Ranked gaps (tiny ones only with includeTiny, after the ranked ones). Cached until the next change. */
  gaps(query: { includeTiny?: boolean; limit?: number; wardId?: string } = {}): GapSummary[] {
    // Summaries depend on the gaps, the reports and the places only: most samples change none of them.
    const key = `${this.gapIndex.version}:${this.reportsVersion}:${this.placesVersion}`;
    if (this.gapCache?.key !== key) this.gapCache = { key, list: summariseGaps(this) };
    const list = this.gapCache.list.filter((g) => (query.includeTiny || !g.tiny) && (query.wardId === undefined || g.ward?.id === query.wardId));
    return list.slice(0, query.limit ?? list.length); // ranks stay the city's: ward 9's first gap may be #3
  }

  /** Outline of gap `id` (a GapSummary id) as one GeoJSON polygon; throws a RangeError for an unknown id. */
  gapGeometry(id: number): GeoJSON.Polygon {
    const rec = this.gapIndex.byId(id);
    if (!rec) throw new RangeError(`no gap has id ${id} (ids change when a gap's lowest cell gets covered)`);
    return gapGeometry(this, rec);
  }

  /** Ranked gaps as a FeatureCollection: feature id = gap id, properties = its GapSummary. */
  gapsGeoJSON(query: Parameters<CoverageEngine['gaps']>[0] = {}): GeoJSON.FeatureCollection<GeoJSON.Polygon, GapSummary> {
    return {
      type: 'FeatureCollection',
      features: this.gaps(query).map((g) => ({ type: 'Feature', id: g.id, geometry: this.gapGeometry(g.id), properties: g })),
    };
  }

  /** Covered shares of the city, each ward and each kind of place, and gap totals. */
  statistics(): CoverageStats {
    const city = this.counters.areaStats(0, this.covered);
    const places: CoverageStats['places'] = {};
    for (const [kind, c] of this.counters.placeKinds) places[kind] = { ...c, share: c.total ? Math.round((c.covered / c.total) * 1e4) / 1e4 : 0 };
    let ranked = 0, tiny = 0, confirmed = 0, areaM2 = 0;
    for (const rec of this.gapIndex.records.values()) {
      if (rec.cells < this.options.minGapCells) tiny++;
      else ranked++;
      if (rec.devices.size >= this.options.confirmDevices) confirmed++;
      areaM2 += rec.areaM2;
    }
    const byClass = this.counters.cellsByClass();
    return {
      city,
      wards: this.areas.slice(1).map((_, k) => this.counters.areaStats(k + 1, this.covered)),
      places,
      gaps: { count: ranked + tiny, ranked, tiny, areaM2: round2(areaM2), confirmed },
      cells: { inside: byClass.reduce((a, b) => a + b, 0), covered: byClass.reduce((a, n, cls) => a + (this.covered[cls] ? n : 0), 0), cellSizeM: this.grid.cellSizeM },
    };
  }

  /** City cells (level 0) or 100 m / 400 m blocks (levels 1, 2) in `bbox`, as parallel arrays. */
  cells(bbox: BBox, level = 0): CellBatch {
    return cellsInBbox(this, bbox, level);
  }

  /** The same as GeoJSON polygons with properties { id, level, class, dbm, confidence, coveredShare }. */
  cellsGeoJSON(bbox: BBox, level = 0): GeoJSON.FeatureCollection<GeoJSON.Polygon> {
    return cellsToGeoJSON(this, cellsInBbox(this, bbox, level));
  }

  /** Why the cell at lon/lat has its class. */
  explainCell(lon: number, lat: number): CellExplanation {
    return explainCell(this, lon, lat);
  }

  /** Evaluates a scenario on an overlay; the engine itself does not change. */
  whatIf(scenario: Scenario): ScenarioResult {
    return whatIf(this, scenario);
  }

  /** Reach of a registered access point at `thresholdDbm` (default: the covered threshold), metres. */
  reachOf(id: AccessPointId, thresholdDbm = this.coveredMinDbm): number {
    return modelReachM(this.entry(id).model, thresholdDbm);
  }

  /** The model an access point uses and where it came from. */
  modelOf(id: AccessPointId): LinkModel & { samples?: number; residualMadDb?: number } {
    const entry = this.entry(id);
    const fit = this.calibrations.get(id);
    return entry.model.source === 'calibrated' && fit ? { ...fit } : { ...entry.model };
  }

  entry(id: AccessPointId): RegistryEntry {
    const index = this.registryIndex.get(id);
    if (index === undefined) throw new RangeError(`access point ${JSON.stringify(id)} is not in the registry`);
    return this.registry[index];
  }

  /** Projected metres of a lon/lat or x/y input. */
  positionOf(p: Positioned): [number, number] {
    return p.x !== undefined ? [p.x, p.y!] : [this.grid.projection.x(p.lon!), this.grid.projection.y(p.lat!)];
  }

  /** Transmitters for the active access points, in registry order. */
  transmitters(): Transmitter[] {
    return this.registry.filter((e) => e.active).map((e) => ({ index: e.index, x: e.x, y: e.y, lat: e.input.position[1], model: e.model }));
  }

  /** Prior dBm of a cell from its best prediction: the floor where nothing reaches. */
  priorDbm(best: number): number {
    return best > this.options.noSignalDbm ? best : this.options.noSignalDbm;
  }

  // ── Internals ─────────────────────────────────────────────────────────────────────────────────

  private loadRegistry(accessPoints: AccessPointInput[]): void {
    const seen = new Set<unknown>();
    checkAll(accessPoints, 'accessPoints', (ap, path, issues) => checkAccessPoint(ap, path, issues, seen));
    this.registryIndex.clear();
    this.registry = accessPoints.map((input, index) => {
      this.registryIndex.set(input.id, index);
      return {
        input,
        index,
        active: (input.status ?? 'active') === 'active',
        x: this.grid.projection.x(input.position[0]),
        y: this.grid.projection.y(input.position[1]),
        model: linkModel(input, this.coveredMinDbm),
      };
    });
  }

  private loadPlaces(places: PlaceInput[]): void {
    checkAll(places, 'places', checkPlace);
    this.placesByCell.clear();
    this.places = places.map((input, i) => {
      const cell = this.grid.cellAt(input.position[0], input.position[1]);
      if (cell >= 0) {
        const list = this.placesByCell.get(cell);
        if (list) list.push(i);
        else this.placesByCell.set(cell, [i]);
      }
      return { input, cell, inCity: cell >= 0 && this.inside[cell] === 1, demand: input.demand ?? 1 };
    });
  }

  private appendObservations(list: ObservationInput[]): void {
    this.log.reserve(list.length);
    for (const o of list) this.appendObservation(o);
  }
  private appendReports(list: ReportInput[]): void {
    this.log.reserve(list.length);
    for (const r of list) this.appendReport(r);
  }
  private appendObservation(o: ObservationInput): number {
    const [x, y] = this.positionOf(o);
    return this.log.push(x, y, o.accuracyM ?? 0, o.time, o.signalDbm ?? NaN, OBSERVATION_KIND, this.deviceId(o.deviceKey), this.apKeyId(o.accessPointId));
  }
  private appendReport(r: ReportInput): number {
    const [x, y] = this.positionOf(r);
    return this.log.push(x, y, r.accuracyM ?? 0, r.time, NaN, reportKindCode(r.kind), this.deviceId(r.deviceKey), this.apKeyId(r.accessPointId));
  }
  private deviceId(key: string | null | undefined): number {
    return key ? this.devices.id(key) : UNKNOWN_DEVICE;
  }
  private apKeyId(id: AccessPointId | null | undefined): number {
    return id == null ? -1 : this.apKeys.id(id);
  }

  /** Weight of each cell's share of sample `i` (age × position accuracy); 0 = outside the window or too vague. */
  private sampleWeight(i: number): number {
    const spread = spreadWeight(this.log.accuracyM[i], this.options);
    return spread === 0 ? 0 : this.ageWeight(this.nowMs - this.log.time[i]) * spread;
  }

  private sampleLevel(i: number): number {
    const kind = this.log.kind[i];
    return kind === OBSERVATION_KIND ? observationLevel(this.log.signalDbm[i], this.options.noSignalDbm) : this.levels[kind];
  }

  /** City cells sample `i` touches (its own and, for a vague fix, those within the spread radius). */
  private sampleCells(i: number): number[] {
    return cellsInSpread(this.grid, this.log.x[i], this.log.y[i], spreadRadiusM(this.log.accuracyM[i], this.options), this.spreadCells);
  }

  private countReport(i: number): void {
    if (this.log.kind[i] === OBSERVATION_KIND) return;
    const own = this.grid.cellAtXY(this.log.x[i], this.log.y[i]);
    if (own >= 0 && this.inside[own]) {
      this.reportsByCell.set(own, (this.reportsByCell.get(own) ?? 0) + 1);
      this.reportsVersion++;
    }
  }

  /** Adds sample `i` to the ledger as it arrives, telling the gaps about devices that turned "not covered". */
  private ingestLive(i: number): number[] {
    const touched: number[] = [];
    const weight = this.sampleWeight(i);
    if (weight === 0) return touched;
    const level = this.sampleLevel(i), device = this.log.device[i], time = this.log.time[i];
    for (const cell of this.sampleCells(i)) {
      if (!this.inside[cell]) continue;
      const change = this.ledger.add(cell, device, weight, level, time);
      if (change) this.gapIndex.deviceChanged(cell, device, change);
      touched.push(cell);
    }
    this.countReport(i);
    return touched;
  }

  private applySample(i: number): number[] {
    const touched = this.ingestLive(i);
    for (const cell of touched) this.refuse(cell);
    this.version++;
    return touched;
  }

  /** Refuses one city cell after its evidence changed, moving counters and gaps if its class changed. */
  private refuse(cell: number): void {
    const o = this.options, ledger = this.ledger;
    const dbm = fuseDbm(this.priorDbm(this.prediction.best(cell)), o.priorWeight, ledger.weight[cell], ledger.weightedDbm[cell]);
    this.fused[cell] = dbm;
    this.confidence[cell] = confidenceOf(ledger.weight[cell], o.priorWeight);
    const to = classify(this.fused[cell], o.thresholdsDbm);
    const from = this.cls[cell];
    if (to === from) return;
    this.cls[cell] = to;
    this.counters.move(cell, from, to);
    const wasCovered = this.covered[from], isCovered = this.covered[to];
    if (wasCovered === isCovered) return;
    for (const p of this.placesByCell.get(cell) ?? []) this.placeKind(this.places[p].input.kind).covered += isCovered ? 1 : -1;
    if (isCovered) this.gapIndex.remove(cell);
    else this.gapIndex.add(cell);
  }

  /**
   * Rebuilds the ledger from the whole log. Samples are grouped by cell first (a stable counting sort), so
   * each cell's entries are built together and sit side by side in memory; each cell still receives its
   * samples in log order, so the result is bit-for-bit what adding them one at a time gives.
   */
  private rebuildEvidence(): void {
    const log = this.log, inside = this.inside, cellCount = this.grid.cellCount, n = log.length;
    this.ledger.clear();
    this.reportsByCell.clear();
    this.reportsVersion++;
    const bulk = this.bulk;
    if (bulk.weights.length < n) bulk.weights = new Float64Array(n + (n >> 2));
    if (bulk.levels.length < n) bulk.levels = new Float64Array(n + (n >> 2)); // float64: the live path adds exactly these values
    if (bulk.start.length !== cellCount + 1) bulk.start = new Int32Array(cellCount + 1);
    if (bulk.cellOf.length < n) bulk.cellOf = new Int32Array(n + (n >> 2));
    const { weights, levels, start, cellOf } = bulk;
    start.fill(0);
    const trusted = this.options.trustedAccuracyM;
    for (let i = 0; i < n; i++) {
      const weight = (weights[i] = this.sampleWeight(i));
      if (weight === 0) continue;
      levels[i] = this.sampleLevel(i);
      if (log.accuracyM[i] <= trusted) {
        const cell = (cellOf[i] = this.grid.cellAtXY(log.x[i], log.y[i])); // one cell: remember it (the usual case)
        if (cell >= 0 && inside[cell]) start[cell + 1]++;
        else cellOf[i] = -1;
      } else {
        cellOf[i] = -2; // spread over several cells: worked out again below
        for (const cell of this.sampleCells(i)) if (inside[cell]) start[cell + 1]++;
      }
      this.countReport(i);
    }
    for (let c = 0; c < cellCount; c++) start[c + 1] += start[c];
    if (bulk.order.length < start[cellCount]) bulk.order = new Int32Array(start[cellCount] + (start[cellCount] >> 2));
    const order = bulk.order;
    const cursor = start.slice(0, cellCount);
    for (let i = 0; i < n; i++) {
      if (weights[i] === 0) continue;
      const own = cellOf[i];
      if (own >= 0) order[cursor[own]++] = i;
      else if (own === -2) for (const cell of this.sampleCells(i)) if (inside[cell]) order[cursor[cell]++] = i;
    }
    const ledger = this.ledger, device = log.device, time = log.time;
    ledger.reserve(start[cellCount]); // at most one entry per (sample, cell) pair
    for (let cell = 0; cell < cellCount; cell++)
      for (let p = start[cell], end = start[cell + 1]; p < end; p++) {
        const i = order[p];
        ledger.addQuietly(cell, device[i], weights[i], levels[i], time[i]);
      }
  }

  /**
   * Fits each access point with enough matched, recent, precise observations. Samples are grouped per AP
   * without objects; an AP whose samples and radio settings are unchanged keeps its previous fit.
   */
  private calibrate(): void {
    this.calibrations.clear();
    const log = this.log, o = this.options, aps = this.registry;
    const indexOfKey = new Int32Array(this.apKeys.keys.length).fill(-1);
    this.apKeys.keys.forEach((key, k) => (indexOfKey[k] = this.registryIndex.get(key) ?? -1));
    const apOf = new Int32Array(log.length).fill(-1); // registry index per usable sample
    const start = new Int32Array(aps.length + 1);
    const digest = new Float64Array(aps.length); // Σ sample index² per AP: with the count, tells a changed sample set
    for (let i = 0; i < log.length; i++) {
      const key = log.accessPoint[i];
      if (key < 0 || log.kind[i] !== OBSERVATION_KIND || Number.isNaN(log.signalDbm[i])) continue;
      const index = indexOfKey[key];
      if (index < 0 || log.accuracyM[i] > o.trustedAccuracyM || this.ageWeight(this.nowMs - log.time[i]) === 0) continue;
      apOf[i] = index;
      start[index + 1]++;
      digest[index] += i * i;
    }
    for (let a = 0; a < aps.length; a++) start[a + 1] += start[a];
    const previous = this.fitCache;
    this.fitCache = new Map();
    const refit = aps.map((e) => {
      const count = start[e.index + 1] - start[e.index];
      if (count < o.calibrationMinObservations) return false;
      const key = `${count}:${digest[e.index]}:${e.x}:${e.y}:${e.input.eirpDbm ?? ''}:${e.input.band ?? ''}`;
      const cached = previous.get(e.input.id);
      if (cached?.key === key) {
        this.fitCache.set(e.input.id, cached);
        return false;
      }
      this.fitCache.set(e.input.id, { key, fit: null });
      return true;
    });
    const distances = new Float64Array(start[aps.length]), levels = new Float64Array(distances.length);
    const east = aps.map((e) => this.grid.projection.eastScale(e.input.position[1]));
    const cursor = start.slice(0, aps.length);
    for (let i = 0; i < log.length; i++) {
      const index = apOf[i];
      if (index < 0 || !refit[index]) continue;
      const e = aps[index], p = cursor[index]++;
      distances[p] = Math.hypot((log.x[i] - e.x) * east[index], log.y[i] - e.y);
      levels[p] = log.signalDbm[i];
    }
    for (const e of aps) {
      const entry = this.fitCache.get(e.input.id);
      if (entry && refit[e.index]) {
        const from = start[e.index], to = start[e.index + 1];
        entry.fit = fitPathLoss(distances.subarray(from, to), levels.subarray(from, to), e.input.eirpDbm ?? 20, o.calibrationMinObservations);
      }
      const fit = entry?.fit ?? null;
      if (fit) this.calibrations.set(e.input.id, fit);
      e.model = linkModel(e.input, this.coveredMinDbm, fit);
    }
  }

  private restamp(): void {
    stampAll(this.grid, this.transmitters(), this.floorDbm, this.prediction);
    this.refuseAll();
  }

  /** Fuses every city cell from scratch, then rebuilds counters and gaps. */
  private refuseAll(): void {
    const o = this.options, inside = this.inside, covered = this.covered, isGap = this.gapMask;
    const bestDbm = this.prediction.bestDbm;
    const weight = this.ledger.weight, weightedDbm = this.ledger.weightedDbm;
    const fused = this.fused, confidence = this.confidence, cls = this.cls;
    const priorWeight = o.priorWeight, noSignal = o.noSignalDbm;
    const { good, fair, poor } = o.thresholdsDbm;
    const { cols, rows } = this.grid;
    const ward = this.ward, counts = this.counters.counts, perArea = CLASS_NAMES.length * rows; // StatsCounters' layout
    counts.fill(0);
    for (let row = 0; row < rows; row++) {
      // Cells outside the city never change: their isGap stays 0 from construction.
      for (let cell = row * cols + this.rowSpans[2 * row], end = row * cols + this.rowSpans[2 * row + 1]; cell <= end; cell++) {
        if (!inside[cell]) continue;
        // fuseDbm, confidenceOf and classify inlined by hand (refuse() calls them; a test holds the two
        // paths equal): this loop runs over every city cell on each full recompute.
        const best = bestDbm[cell], w = weight[cell];
        const prior = best > noSignal ? best : noSignal;
        const dbm = Math.fround(w === 0 ? prior : (priorWeight * prior + weightedDbm[cell]) / (priorWeight + w));
        fused[cell] = dbm;
        confidence[cell] = w / (w + priorWeight);
        const c = dbm >= good ? GOOD : dbm >= fair ? FAIR : dbm >= poor ? POOR : NONE;
        cls[cell] = c;
        isGap[cell] = covered[c] ? 0 : 1;
        const slot = c * rows + row; // StatsCounters.rebuild(cls), in the same pass
        counts[slot]++;
        if (ward[cell]) counts[ward[cell] * perArea + slot]++;
      }
    }
    this.countPlaces();
    this.gapIndex.build(isGap);
    this.version++;
  }

  private countPlaces(): void {
    this.counters.placeKinds.clear();
    for (const p of this.places) {
      const counter = this.placeKind(p.input.kind);
      if (!p.inCity) {
        counter.outsideCity++;
        continue;
      }
      counter.total++;
      if (this.covered[this.cls[p.cell]]) counter.covered++;
    }
  }

  private placeKind(kind: string) {
    let counter = this.counters.placeKinds.get(kind);
    if (!counter) this.counters.placeKinds.set(kind, (counter = { total: 0, covered: 0, outsideCity: 0 }));
    return counter;
  }
}

function rowSpans(grid: Grid, inside: Uint8Array): Int32Array {
  const spans = new Int32Array(2 * grid.rows);
  for (let row = 0; row < grid.rows; row++) {
    let first = grid.cols, last = -1;
    for (let col = 0, cell = row * grid.cols; col < grid.cols; col++, cell++)
      if (inside[cell]) {
        if (first > col) first = col;
        last = col;
      }
    spans[2 * row] = first;
    spans[2 * row + 1] = last;
  }
  return spans;
}

function checkedNow(now: number): number {
  if (!Number.isFinite(now)) throw new RangeError(`now ${now} must be a time in ms since the epoch`);
  return now;
}
