// The coverage engine: holds the grid, the registry, the evidence and everything derived from them, and
// keeps it current — a sample updates only the cells it touches (and the counters and gaps those cells
// belong to); a registry or model change restamps and refuses every cell.
import { Grid, gridFor, rasterise, type AreaGeometry } from './grid';
import type { LocalProjection } from './projection';
import { resolveOptions, type CoverageOptions } from './options';
import { classify, coveredTable, coveredMinDbm, CLASS_NAMES, FAIR, GOOD, NONE, POOR } from './classes';
import { linkModel, modelReachM, predictDbm, type LinkModel } from './propagation';
import { Prediction, stampAll, type Transmitter } from './stamp';
import { fitAccessPoint, assessDown, discover, forCellsWithin, sharedLevelSigmaDb, HEARD_IS_ALIVE, HEAR_FLOOR_DBM, type ApFit, type ApIdentity, type Discovery, type DiscoveryVerdict, type HeardApart, type HotspotView } from './hotspots';
import { kernel1d, convolve, spreadAround } from './pooling';
import { LoneLoudTally, LOUD_HOLD_MARGIN_DB, LOUD_MARGIN_DB, PhonesNear, QUIET_MARGIN_DB } from './lone-readings';
import { LOUDEST_DBM_AT_1M } from './hotspot-fit';
import { EvidenceLog, Interner } from './log';
import { Ledger, UNKNOWN_DEVICE } from './ledger';
import { ContradictionTally } from './device-trust';
import { QUIET_ENOUGH_DBM, TransmitterIndex } from './transmitter-index';
import { OBSERVATION_KIND, reportKindCode, reportLevels, reportsHearingRefutes, observationLevel, ageWeigher, cellsInSpread, spreadWeight, spreadRadiusM } from './evidence';
import { fuseCell, usableChance } from './fusion';
import { calibratedP, MEASURED_MIN_WEIGHT, PCurveLearner } from './p-calibration';
import type { Calibration } from './calibration';
import { gapDistricts, GapIndex } from './components';
import { StatsCounters, evidenceAreas, type AreaInfo } from './stats';
import { checkAll, checkOne, checkObservation, checkReport, checkAccessPoint, checkPlace, CoverageInputError } from './validate';
import { summariseGaps, gapGeometry } from './gaps';
import { cellsInBbox, cellsToGeoJSON, explainCell } from './queries';
import { whatIf, WhatIfBuffers } from './whatif';
import { TraceBuffers } from './trace';
import { claimRadios, ListingsNear, type RadioCandidates, type SsidListing } from './emitter-claims';
import type { CoverageState, DiscoveredHotspot, RegistryEntry, ResolvedPlace } from './state';
import { round2, round6 } from '../geo';
import { Squares } from './squares';
import type {
  AccessPointId, AccessPointInput, AreaInput, BBox, CellBatch, CellExplanation, CoverageStats, ExpectedArea, GapSummary,
  ObservationInput, PlaceInput, Positioned, ReportInput, Scenario, ScenarioResult, SetAside,
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
  rejectedBssids?: readonly string[]; // BSSIDs planners said are not City hotspots: never suggested again
}

export type { RegistryEntry, DiscoveredHotspot, ResolvedPlace, CoverageState } from './state';

const CURVE_RELEARN_SHARE = 0.05, CURVE_RELEARN_MIN = 1000; // readings: while they stream, the curve waits for a twentieth more (and a thousand)
const CURVE_TOLERANCE = 0.005; // a learned P moving less than half a point is not worth re-deriving every cell for
const BULK_MIN_SAMPLES = 5_000; // samples: a batch this big (and ≥ 20 % of the log) is cheaper to apply by one rebuild
const PRIOR_NONE = 0, PRIOR_DEFAULT = 1, PRIOR_FITTED = 2, PRIOR_OVERRIDE = 3; // which kind of prediction a cell's prior is
const SOURCE_CODE = { default: PRIOR_DEFAULT, calibrated: PRIOR_FITTED, override: PRIOR_OVERRIDE } as const;
const REFIT_GROWTH = 1.1; // × readings at the last fit: refit while streaming once this many …
const REFIT_MIN_NEW = 20; // … plus this many more have arrived
const MAX_SETTLE_PASSES = 3; // evidence re-reads after a pause: one normally, another if it changed whom to distrust
const CATCH_UP_REFITS = 60; // fits per catch-up refresh (~1–2 ms each): the event loop is never held long
const ANONYMOUS: ReadonlySet<number> = new Set([UNKNOWN_DEVICE]);
const DISTRUSTED_WEIGHT = 0.01; // a device that contradicts the others (or stands alone, or has no credential) counts as a hundredth of a reading, and of a phone in any one cell; at a twentieth (until 2026-12-06) a script's readings with no credential, one in every cell of a ring where the prediction knows little, still painted it "poor"
const SAMPLE_BLOCK_M = 100; // m: squares of the reading index
const FLAT_SIGMAS = 5; // a cell this many of its σ from the threshold has P within 3e-7 of 0 or 1: its slope is left out
const Z95 = 1.96; // a normal's 95 % interval, in σ
const OWNER_TOLERANCE_DB = 0.05; // dB: the stamp's fast logarithm and Math.log10 differ by far less; a hotspot within it of the best sets the cell
const QUIET = 0, LOUD = 1; // the sides a reading may stand out alone on (standoutOf)
const QUIET_IMPLAUSIBLE_DB = 20; // dB below what a hotspot phones keep naming predicts at the reading's distance + its GPS error: ~2.7 σ of shadowing, fading and phone (~7.5 dB) at a distance already stretched, so a lie (or a dead hotspot, which "probably down" judges from the same readings). 30 dB let five phones ringing a hotspot with "nothing heard" 40–90 m out blank ~2 ha around it; 15 dB began to cost honest accuracy (truth simulation)
const LEARN_RADIUS_M = 100; // m: an unlisted BSSID of an AP's SSID heard centred this near a listing without BSSIDs is that AP's own radio

export class CoverageEngine {
  // The public surface is the methods below. The fields are private: the engine's own modules (queries, gaps,
  // what-if) and tests read them through `state`, a read-only view.
  /** The model as it is now, read-only: what queries, gaps and what-if compute from. */
  readonly state: CoverageState = this.stateView();
  private readonly grid: Grid;
  private readonly options: CoverageOptions;
  private readonly areas: AreaInfo[]; // [city, ...wards]
  private readonly inside: Uint8Array; // 1 = cell centre inside the city
  private readonly ward: Uint8Array; // ward index + 1 per city cell, 0 = none
  private readonly rowSpans: Int32Array; // first and last city column of each row (first > last: none), to skip the rest
  private readonly covered: Uint8Array; // covered[class code]
  readonly coveredMinDbm: number;
  private readonly floorDbm: number; // predictions below this are 'none' whatever they are: discs are stamped to here
  private nowMs: number;

  private registry: RegistryEntry[] = [];
  private readonly registryIndex = new Map<AccessPointId, number>();
  private activeListings = new ListingsNear([], LEARN_RADIUS_M); // active APs with an SSID, at their listed places: the listing beside a find
  private ssidOnlyListings = new ListingsNear([], LEARN_RADIUS_M); // those of them that list no BSSID: they may claim a radio heard beside them
  private readonly calibrations = new Map<AccessPointId, Calibration>();
  /** Hotspots heard by several phones but not registered (by BSSID), and the BSSIDs planners rejected. */
  private discovered: DiscoveredHotspot[] = []; // heard by confirmDevices phones: drawn on the map
  private suggestedOnly: Discovery[] = []; // heard by fewer (suggestDevices): for planners to look at, not on the public map
  private apart: HeardApart[] = []; // named loudly in places no one hotspot spans: not placed, planners told
  private rejectedBssids = new Set<string>();
  private readonly emitters = new Interner<string>(0); // BSSIDs heard
  private readonly ssids = new Interner<string>(0); // SSIDs heard
  private emitterSamples: number[][] = []; // log indices of readings per BSSID
  private apKeySamples: number[][] = []; // log indices of readings the server matched to a registry id without a BSSID
  private apOfEmitter = new Map<number, number>(); // BSSID → registry index
  private learnedEmitters = new Map<number, number>(); // BSSID the registry does not list → registry index of the AP it was heard at (learnEmitters)
  private learnedByAp = new Map<number, number[]>(); // the same, per AP: its learned BSSIDs (each AP's refit looks up its own, not every one)
  private learnCache = new Map<number, { count: number; distrust: number; phones: number; near: RadioCandidates | null }>(); // per BSSID: its readings and whom to distrust when last placed, the phones naming it, the listings near it (null: none)
  private fewPhoneRadios = new Set<number>(); // radios taken as a listing's own that fewer than suggestDevices phones name: they fit nothing
  private discoveryCache = new Map<number, { key: string; found: DiscoveryVerdict }>(); // per unknown BSSID: placed once per change of its readings
  private citySsids = new Set<number>(); // SSIDs of the registry: readings of other networks say nothing about free Wi-Fi
  private ssidAps = new Map<number, number>(); // SSID → how many registered APs broadcast it
  private identified: Uint32Array; // per cell: readings that named a BSSID (for "probably down": others heard, not it)
  private dirtySamples = 0; // readings since the hotspots were last fitted
  private distrusted = new Set<number>(); // devices (cohorts) whose readings contradict other devices' where they overlap
  private refuted = new Uint8Array(0); // per sample: 1 = names an unknown BSSID where no one fixed hotspot of it could be heard so (discover)
  private refutedList: number[] = []; // the same samples, as discover listed them
  private apartFlag = new Uint8Array(0); // per BSSID (emitter id): 1 = heard in places no one hotspot spans, so its new readings are refuted too
  private refutedVersion = 0; // bumped when that changes: the evidence is read again
  private distrustVersion = 0; // bumped when whom to distrust changes: part of each fit's cache key
  private distrustedFlag = new Uint8Array(0); // the same by device id, for the per-reading checks (a Set lookup per reading cost 50 ms a refresh)
  private places: ResolvedPlace[] = [];
  private readonly placesByCell = new Map<number, number[]>();

  private readonly log = new EvidenceLog();
  private readonly devices = new Interner<string>(1); // 0 is UNKNOWN_DEVICE
  private readonly apKeys = new Interner<AccessPointId>(0);
  private readonly reportsByCell = new Map<number, number>(); // reports counted in their own city cell
  private readonly reportersByCell = new Map<number, Set<number>>(); // … and the devices that sent them (0: every report with no credential)
  private readonly levels: Float64Array;
  private readonly hearingRefutes: Uint8Array; // by kind code: reports that phones hearing a listed hotspot beside them refute
  private readonly ageWeight: (ageMs: number) => number;
  private fitCache = new Map<AccessPointId, { key: string; radio: string; count: number; fit: ApFit | null }>();
  private staleFits = false; // some fits lag their readings (lazy refresh): the next quiet refresh catches up
  private pCurve: Float64Array | null = null; // P(usable) as measured cells say the prediction's P turns out (p-calibration.ts)
  private wholeMapVersion = 0; // bumped when every cell was derived again (refuseAll, recalibrate), not by one reading
  private sharedSpreadCache: { version: number; up: Float64Array; down: Float64Array } | null = null;
  private pCurveExact = true; // the curve is the one the readings give, not one kept within CURVE_TOLERANCE of it
  private pCurveSamples = -1; // log length when it was learned: relearned only when readings came, never for a registry edit
  private pCurveLearntAt = 0; // log length at the last learn (pCurveSamples is also reset to force one)
  private readonly pCurveLearner = new PCurveLearner(); // keeps its (cohort, bin) tallies between learns: no garbage per refresh
  private scanLoudest = new Map<string, number>(); // scan key → log index of its loudest free network, this batch's and the last's
  private evidenceStale = false; // models moved since the evidence was last read: older readings' plausibility and weights lag them
  private settlePasses = 0; // evidence re-reads since the last new reading (bounded: a distrust that flips back and forth must not loop)
  /** Bulk-rebuild scratch, kept between rebuilds (fresh 10 MB arrays cost page faults every time). */
  private bulk = { weights: new Float64Array(0), levels: new Float64Array(0), cellOf: new Int32Array(0), order: new Int32Array(0), start: new Int32Array(0) };

  private readonly prediction: Prediction;
  private readonly ledger: Ledger;
  /**
   * The same evidence for judging whom to distrust: every reading about free Wi-Fi at full weight, plausible or not,
   * the judged phones' too. A function of the readings alone, so the verdict does not depend on the models or on
   * the verdict itself: judged on the evidence ledger (read under the models and the distrust of the moment), the
   * same 50,000 readings ended with one liar distrusted or none depending on when the refresh timer ran.
   */
  private readonly trustLedger: Ledger;
  private readonly trustTally: ContradictionTally; // its verdicts per cell, judged again where readings came
  private trustStale = true; // the clock, the registry's networks or a reading's scan rank changed: rebuild it
  private trustCount = 0; // readings of the log in the trust ledger (the first trustCount)
  private trustNetworks = ''; // the registry's SSIDs and BSSIDs it was built under (which readings are about free Wi-Fi)
  private readonly fused: Float32Array; // fused dBm per city cell (NaN outside)
  private readonly confidence: Float32Array;
  private readonly pUsable: Float32Array; // P(usable free Wi-Fi) per city cell
  private readonly sigma: Float32Array; // dB: spread of the fused level
  private readonly priorKind: Uint8Array; // PRIOR_* of the strongest prediction per cell
  private readonly namedOwner: Int32Array; // per cell: index in namedRadios of the loudest hotspot phones keep naming there (−1: none)
  private namedRadios: { x: number; y: number; model: LinkModel }[] = []; // the hotspots phones keep naming, as stamped
  private readonly namedMaxDbm: Float32Array; // the most it predicts anywhere in the cell: a quick bound before the exact test
  private readonly poolW: Float64Array; // Σ K·W over the neighbourhood: evidence weight pooled into each cell
  private readonly poolR: Float64Array; // Σ K·W·residual over the neighbourhood
  private readonly kernel: Float64Array;
  private readonly priorReadings: Float64Array; // by PRIOR_*: how many readings each kind of prior is worth
  private readonly priorSigmas: Float64Array; // by PRIOR_*: its spread, dB
  private poolScratch: Float64Array | null = null;
  private expectedCache: { version: number; areas: ExpectedArea[] } | null = null; // a scan of every city cell: once per version
  private readonly transmitterIndex: TransmitterIndex; // the physics check: how loud a reading may be in each cell
  private readonly loneLoud = new LoneLoudTally(); // each phone's readings well above the prediction that no other phone's back
  private lonely = new Set<number>(); // devices (cohorts) alone with loud readings far more often than an honest phone: their readings weigh little on the map
  private lonelyFlag = new Uint8Array(0); // the same by device id
  private readonly standoutPhones: [PhonesNear, PhonesNear]; // by side (QUIET, LOUD): where phones' readings that stand out so came
  private loudestNear: { across: Float32Array; near: Float32Array } | null = null; // tallyStandoutAll's max filter of the predictions (scratch)
  private heldAlone = new Uint8Array(0); // by log index: 1 + side of such a reading with no other phone's near (held back), 0 = not held
  private readonly heldHeads: [Int32Array, Int32Array]; // by side, by cell: the last held reading taken there (−1: none), released when another phone's comes near
  private heldNext = new Int32Array(0); // by log index: the held reading before it in the same cell (−1: none)
  private standoutScratch = new Int32Array(0); // tallyStandoutAll: the readings standing out and their standoutOf codes, in pairs
  private releasedHeld: number[] = []; // held readings another phone's has just backed: pooled when the batch that backed them is applied
  private readonly sampleBlocks = new Squares<number>(SAMPLE_BLOCK_M); // log indices of readings and reports ("probably down", what was set aside)
  private readonly poolMark: Uint8Array;
  private batchMark: Uint8Array | null = null; // scratch of applyObservationBatch: 1 = cell already to be refused
  private readonly cls: Uint8Array; // class code per cell (0 outside the city)
  private readonly gapIndex: GapIndex;
  private readonly gapDistrict: Int32Array | null; // gaps split where this changes (ward × tile), see gapDistricts
  private readonly counters: StatsCounters;
  /** Incremented by every change; derived results (gap summaries) are cached against it. */
  private changes = 0;
  private readonly spreadCells: number[] = [];
  private gapCache: { key: string; list: GapSummary[] } | null = null;
  private reportsVersion = 0; // bumped when a report is counted in a cell
  private placesVersion = 0;
  private readonly gapMask: Uint8Array; // scratch: 1 = gap cell, for full relabelling
  /** Scratch buffers, made on first use and reused: fresh big arrays cost page faults on every call. */
  private traceBuffers: TraceBuffers | null = null;
  private whatIfBuffers: WhatIfBuffers | null = null;

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
    this.hearingRefutes = reportsHearingRefutes();
    this.ageWeight = ageWeigher(o);

    const n = this.grid.cellCount;
    this.prediction = new Prediction(n);
    this.ledger = new Ledger(n, o.deviceCapWeight, this.coveredMinDbm);
    this.trustLedger = new Ledger(n, o.deviceCapWeight, this.coveredMinDbm);
    // Readings without a credential cannot be told apart, so no test of a phone can clear or catch them: they weigh
    // as a distrusted phone's, here and as the others honest phones are compared with (see sampleWeight).
    this.ledger.reduceCaps(ANONYMOUS, DISTRUSTED_WEIGHT);
    this.trustLedger.reduceCaps(ANONYMOUS, DISTRUSTED_WEIGHT);
    this.trustTally = new ContradictionTally(n);
    this.fused = new Float32Array(n).fill(NaN);
    this.confidence = new Float32Array(n);
    this.pUsable = new Float32Array(n);
    this.sigma = new Float32Array(n);
    this.priorKind = new Uint8Array(n);
    this.namedOwner = new Int32Array(n).fill(-1);
    this.namedMaxDbm = new Float32Array(n);
    this.poolW = new Float64Array(n);
    this.poolR = new Float64Array(n);
    this.poolMark = new Uint8Array(n);
    this.identified = new Uint32Array(n);
    this.transmitterIndex = new TransmitterIndex(this.grid);
    this.standoutPhones = [new PhonesNear(this.grid.cols, this.grid.rows, o.cellSizeM), new PhonesNear(this.grid.cols, this.grid.rows, o.cellSizeM)];
    this.heldHeads = [new Int32Array(this.grid.cellCount).fill(-1), new Int32Array(this.grid.cellCount).fill(-1)];
    this.kernel = kernel1d(o.cellSizeM, o.poolLengthM, o.poolRadiusCells);
    const ps = o.priorSigmaDb, rs2 = o.readingSigmaDb ** 2;
    this.priorSigmas = Float64Array.from([ps.none, ps.default, ps.fitted, ps.override]);
    this.priorReadings = Float64Array.from([o.noneWeight, ...[ps.default, ps.fitted, ps.override].map((sd) => rs2 / (sd * sd))]);
    this.cls = new Uint8Array(n);
    this.gapMask = new Uint8Array(n);
    this.gapDistrict = gapDistricts(this.grid, this.ward, o.gapTileM);
    this.gapIndex = new GapIndex(this.grid, this.ledger, this.gapDistrict);
    this.counters = new StatsCounters(this.grid, this.areas, this.ward);

    for (const b of init.rejectedBssids ?? []) this.rejectedBssids.add(b.toLowerCase());
    this.loadRegistry(init.accessPoints ?? []);
    this.loadPlaces(init.places ?? []);
    checkAll(init.observations ?? [], 'observations', checkObservation);
    checkAll(init.reports ?? [], 'reports', checkReport);
    this.appendObservations(init.observations ?? []);
    this.appendReports(init.reports ?? []);
    this.recompute();
    this.noteLonelyMoved(); // with reports alone no refit would: their phones are judged once the timer settles the evidence
  }

  get now(): number {
    return this.nowMs;
  }

  /** Incremented by every change; derived results (gap summaries, tiles, layers) are cached against it. */
  get version(): number {
    return this.changes;
  }

  private stateView(): CoverageState {
    const engine = this; // eslint-disable-line @typescript-eslint/no-this-alias -- the getters below read the engine's current fields
    return {
      get grid() { return engine.grid; },
      get options() { return engine.options; },
      get now() { return engine.nowMs; },
      get areas() { return engine.areas; },
      get inside() { return engine.inside; },
      get ward() { return engine.ward; },
      get covered() { return engine.covered; },
      get coveredMinDbm() { return engine.coveredMinDbm; },
      get floorDbm() { return engine.floorDbm; },
      get registry() { return engine.registry; },
      get registryIndex() { return engine.registryIndex; },
      get calibrations() { return engine.calibrations; },
      get discovered() { return engine.discovered; },
      get places() { return engine.places; },
      get reportsByCell() { return engine.reportsByCell; },
      get reportersByCell() { return engine.reportersByCell; },
      get log() { return engine.log; },
      get prediction() { return engine.prediction; },
      get ledger() { return engine.ledger; },
      get fused() { return engine.fused; },
      get confidence() { return engine.confidence; },
      get pUsable() { return engine.pUsable; },
      get sigma() { return engine.sigma; },
      get poolW() { return engine.poolW; },
      get cls() { return engine.cls; },
      get gapIndex() { return engine.gapIndex; },
      get gapDistrict() { return engine.gapDistrict; },
      get counters() { return engine.counters; },
      transmitters: () => engine.transmitters(),
      setAsideIn: (cell: number) => engine.setAsideIn(cell),
      priorDbm: (best) => engine.priorDbm(best),
    };
  }

  // ── Changes of the whole model ────────────────────────────────────────────────────────────────

  /** Re-derives everything: evidence weights from the log, calibrations, predictions, classes, gaps, stats. */
  recompute(): void {
    this.evidenceStale = false;
    this.fitHotspots();
    stampAll(this.grid, this.transmitters(), this.floorDbm, this.prediction);
    this.stampPriorKinds();
    this.stampNamedOwners();
    this.indexTransmitters();
    this.tallyStandoutAll(); // against the predictions just stamped, as the evidence below is weighed
    this.rebuildEvidence(); // after the stamp: a reading's plausibility depends on the prediction where it was taken
    if (this.log.length !== this.pCurveSamples) this.learnPCurve(CURVE_TOLERANCE);
    this.refuseAll();
  }

  /**
   * Refits the hotspots from the readings that came since the last refit (levels, exponents, positions,
   * "probably down", discoveries) and restamps only if a model changed enough to matter. Bounded: a fit
   * uses at most a few hundred readings per hotspot. Returns true when the map changed.
   */
  refreshHotspots(): boolean {
    const changed = this.refreshModels();
    // While readings stream in, the curve (a pass over every measured cell and its phones) is learned again once they
    // have grown by a twentieth, not at every refresh; once they pause it is learned exactly (below).
    const stale = this.log.length !== this.pCurveSamples;
    const due = stale && (!this.settling || this.log.length >= this.pCurveLearntAt + Math.max(CURVE_RELEARN_MIN, CURVE_RELEARN_SHARE * this.pCurveLearntAt));
    if (stale && !due) this.pCurveExact = false;
    const learnt = due && this.learnPCurve(CURVE_TOLERANCE);
    // Once settled, the curve is the one these readings give, not one kept within tolerance of an earlier moment's:
    // otherwise the settled P would depend on when the timer ran.
    const exact = !this.settling && !this.pCurveExact && this.learnPCurve(0);
    if (!learnt && !exact) return changed;
    this.recalibrate();
    return true;
  }

  private refreshModels(): boolean {
    if (this.dirtySamples === 0 && !this.staleFits) return this.settleEvidence();
    this.settlePasses = 0;
    const discoveredBefore = this.discovered.map((d) => d.bssid).join(), refutedBefore = this.refutedVersion;
    const changed = this.fitHotspots(this.dirtySamples > 0 ? 'streaming' : 'catch-up'); // lazy while readings arrive; a bounded catch-up once they pause
    const distrustMoved = this.judgeTrust();
    // Models the readings moved change the predictions the curve is learned against: learn it again (a registry
    // edit never comes this way), so the settled P does not depend on when the timer ran.
    if (changed) this.pCurveSamples = -1;
    if (this.discovered.map((d) => d.bssid).join() !== discoveredBefore) {
      this.pCurveSamples = -1;
      this.recompute(); // held readings near a discovered hotspot become plausible: re-read the evidence
      this.tallyLoudAll(); // against the predictions with it: the tally kept as readings came was against older ones
      this.noteLonelyMoved();
      return true;
    }
    // A liar's readings weigh little from now on, and its earlier ones once the stream pauses (settleEvidence):
    // re-reading the evidence at every batch cost 1.7-2.8 s a refresh where phones with Wi-Fi off, which contradict
    // the others in a third of their cells, joined or left the distrusted set with every batch (benchmark).
    if (distrustMoved) this.evidenceStale = true;
    // Readings refuted since (discover) likewise: a spoofer streaming a reading a second would otherwise cost a full
    // re-read a second. Meanwhile its new readings are held as they arrive once its BSSID is heard apart (plausible).
    if (this.refutedVersion !== refutedBefore) this.evidenceStale = true;
    this.noteLonelyMoved();
    if (changed) {
      this.restamp();
      this.evidenceStale = true; // cheap while readings stream; read again once they pause (settleEvidence)
    }
    return changed;
  }

  /**
   * Once the stream has paused and every fit caught up: if models moved since the evidence was last read, read
   * it again against them. Which readings were plausible, and how much a distrusted phone weighed, was decided
   * against the models of the moment they arrived; without this pass the settled map would depend on when the
   * refresh timer happened to run (measured: 1 ha of a 50k-reading city differed between two timings).
   */
  private settleEvidence(): boolean {
    if (!this.evidenceStale) {
      // After a clock move or a change of the registry's networks, whom to distrust is judged again here, once.
      if (!this.trustStale) return false;
      if (this.judgeTrust()) this.evidenceStale = true; // read the evidence again next time
      return false;
    }
    if (this.settlePasses >= MAX_SETTLE_PASSES) {
      this.evidenceStale = false;
      return false;
    }
    this.settlePasses++;
    this.pCurveSamples = -1; // the evidence is read again: so are the measured cells
    this.recompute();
    this.tallyLoudAll(); // against the predictions just stamped (77 ms with a million readings: here only, not in every recompute)
    const trustMoved = this.judgeTrust(), lonelyMoved = this.judgeLonely();
    if (trustMoved || lonelyMoved) this.evidenceStale = true; // their weights changed: once more
    return true;
  }

  /** True while the map would still change without new readings: fits lag them, or the evidence lags the fits. */
  get settling(): boolean {
    return this.staleFits || this.dirtySamples > 0 || this.evidenceStale;
  }

  /** A planner's decision on a discovered BSSID: rejected ones leave the map; accepted ones arrive through the registry. */
  setRejectedBssids(bssids: readonly string[]): void {
    this.rejectedBssids = new Set(bssids.map((b) => b.toLowerCase()));
    this.forgetPlacements();
    this.dirtySamples++;
    this.recompute();
  }

  /** Moves the clock (evidence ages, window, calibrations): a full recompute; daily is plenty at a 90-day half-life. */
  setNow(now: number): void {
    this.nowMs = checkedNow(now);
    this.forgetPlacements(); // which readings are in the window changed
    this.trustStale = true; // and what each weighs
    this.recompute();
  }

  /** Replaces the registry (all statuses; only active APs predict coverage), refits and restamps. */
  setAccessPoints(accessPoints: AccessPointInput[]): void {
    this.loadRegistry(accessPoints);
    this.recompute(); // which readings are plausible, and about which AP, depends on the registry
  }

  /** Replaces the priority places and transit stops. */
  setPlaces(places: PlaceInput[]): void {
    this.loadPlaces(places);
    this.countPlaces();
    this.placesVersion++;
    this.changes++;
  }

  /** Replaces all evidence (e.g. after reports were hidden or merged) and recomputes. */
  setEvidence(evidence: { observations?: ObservationInput[]; reports?: ReportInput[] }): void {
    const observations = evidence.observations ?? [], reports = evidence.reports ?? [];
    checkAll(observations, 'observations', checkObservation);
    checkAll(reports, 'reports', checkReport);
    this.log.clear();
    this.trustStale = true;
    this.pCurveSamples = -1;
    this.scanLoudest.clear();
    this.sampleBlocks.clear();
    this.loneLoud.clear();
    for (const list of this.emitterSamples) list.length = 0;
    this.apKeySamples = [];
    this.forgetPlacements();
    this.setRefuted([]); // its indices named the old readings; the next refresh finds the new ones
    this.apartFlag = new Uint8Array(0);
    this.appendObservations(observations);
    this.appendReports(reports);
    this.recompute();
    this.noteLonelyMoved();
  }

  // ── Incremental evidence ──────────────────────────────────────────────────────────────────────

  /** Adds one observation; returns the city cells it touched (their class, the gaps and stats are current). */
  addObservation(observation: ObservationInput): number[] {
    checkOne(observation, 'observation', checkObservation);
    const first = this.log.length;
    this.appendObservations([observation]);
    return this.applyArrived(first);
  }

  /** Adds one report; returns the city cells it touched. */
  addReport(report: ReportInput): number[] {
    checkOne(report, 'report', checkReport);
    const touched = this.applyArrived(this.appendReport(report));
    this.noteLonelyMoved(); // reports fit no hotspot: without this mark nothing would judge their phone again
    return touched;
  }

  /** Applies the one sample just appended at `first`, with the held readings it released; returns the city cells touched. */
  private applyArrived(first: number): number[] {
    const released = this.poolReleased(first);
    for (const cell of released) this.refuse(cell);
    return [...new Set([...released, ...this.applySample(first)])];
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
    this.noteLonelyMoved();
  }

  private applyBatch(first: number): void {
    const added = this.log.length - first;
    if (added >= BULK_MIN_SAMPLES && added >= 0.2 * this.log.length) {
      this.rebuildEvidence();
      this.refuseAll();
      return;
    }
    for (const cell of this.poolReleased(first)) this.refuse(cell);
    for (let i = first; i < this.log.length; i++) this.applySample(i);
  }

  // ── Batch apply (the server's ingest queue) ───────────────────────────────────────────────────

  /**
   * Adds a batch of observations (all checked first: nothing changes if one is bad) and refuses each city
   * cell the batch touched once, instead of once per reading: a street of readings shares its cells and
   * their pooled neighbours. The cells end as applying them one at a time leaves them; a batch that is a
   * large share of all evidence applies as one rebuild.
   */
  applyObservationBatch(observations: ObservationInput[]): void {
    checkAll(observations, 'observations', checkObservation);
    const first = this.log.length;
    this.appendObservations(observations);
    const added = this.log.length - first;
    if (added >= BULK_MIN_SAMPLES && added >= 0.2 * this.log.length) {
      this.rebuildEvidence();
      this.refuseAll();
      return;
    }
    const mark = (this.batchMark ??= new Uint8Array(this.grid.cellCount)), touched: number[] = [];
    const take = (cell: number) => {
      if (mark[cell]) return;
      mark[cell] = 1;
      touched.push(cell);
    };
    this.poolReleased(first).forEach(take);
    for (let i = first; i < this.log.length; i++) this.ingestLive(i).forEach(take);
    for (const cell of touched) {
      mark[cell] = 0;
      this.refuse(cell);
    }
    this.changes++;
  }

  // ── Reading ───────────────────────────────────────────────────────────────────────────────────

  /** Ranked gaps (tiny ones only with includeTiny, after the ranked ones). Cached until the next change. */
  gaps(query: { includeTiny?: boolean; limit?: number; wardId?: string } = {}): GapSummary[] {
    // Summaries depend on the gaps, the reports and the places only: most samples change none of them.
    const key = `${this.gapIndex.version}:${this.reportsVersion}:${this.placesVersion}`;
    if (this.gapCache?.key !== key) this.gapCache = { key, list: summariseGaps(this.state) };
    const list = this.gapCache.list.filter((g) => (query.includeTiny || !g.tiny) && (query.wardId === undefined || g.ward?.id === query.wardId));
    return list.slice(0, query.limit ?? list.length); // ranks stay the city's: ward 9's first gap may be #3
  }

  /** Outline of gap `id` (a GapSummary id) as one GeoJSON polygon; throws a RangeError for an unknown id. */
  gapGeometry(id: number): GeoJSON.Polygon {
    const rec = this.gapIndex.byId(id);
    if (!rec) throw new RangeError(`no gap has id ${id} (ids change when a gap's lowest cell gets covered)`);
    return gapGeometry(this.state, rec, (this.traceBuffers ??= new TraceBuffers(this.grid)));
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
    const expected = this.expectedAreas();
    const city = { ...this.counters.areaStats(0, this.covered), ...expected[0] };
    const places: CoverageStats['places'] = {};
    const expectedPlaces = new Map<string, number>();
    for (const p of this.places) if (p.inCity) expectedPlaces.set(p.input.kind, (expectedPlaces.get(p.input.kind) ?? 0) + this.pUsable[p.cell]);
    for (const [kind, c] of this.counters.placeKinds)
      places[kind] = { ...c, share: c.total ? Math.round((c.covered / c.total) * 1e4) / 1e4 : 0, expectedCovered: Math.round((expectedPlaces.get(kind) ?? 0) * 100) / 100 };
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
      wards: this.areas.slice(1).map((_, k) => ({ ...this.counters.areaStats(k + 1, this.covered), ...expected[k + 1] })),
      places,
      hotspots: {
        fitted: this.registry.filter((e) => e.fit?.fit).length,
        moved: this.registry.filter((e) => e.fit?.moved).length,
        probablyDown: this.registry.filter((e) => e.down?.down).length,
        discovered: this.discovered.length,
        suggested: this.suggestedOnly.length,
        distrustedDevices: this.distrusted.size + [...this.lonely].filter((d) => !this.distrusted.has(d)).length,
      },
      gaps: { count: ranked + tiny, ranked, tiny, areaM2: round2(areaM2), confirmed },
      cells: { inside: byClass.reduce((a, b) => a + b, 0), covered: byClass.reduce((a, n, cls) => a + (this.covered[cls] ? n : 0), 0), cellSizeM: this.grid.cellSizeM },
      evidence: evidenceAreas(this.grid, this.inside, this.ledger.samples, this.poolW),
    };
  }

  /** City cells (level 0) or 100 m / 400 m blocks (levels 1, 2) in `bbox`, as parallel arrays. */
  cells(bbox: BBox, level = 0): CellBatch {
    return cellsInBbox(this.state, bbox, level);
  }

  /** The same as GeoJSON polygons with properties { id, level, class, dbm, confidence, coveredShare }. */
  cellsGeoJSON(bbox: BBox, level = 0): GeoJSON.FeatureCollection<GeoJSON.Polygon> {
    return cellsToGeoJSON(this.state, cellsInBbox(this.state, bbox, level));
  }

  /** Why the cell at lon/lat has its class. */
  explainCell(lon: number, lat: number): CellExplanation {
    return explainCell(this.state, lon, lat);
  }

  /** Evaluates a scenario on an overlay; the engine itself does not change. */
  whatIf(scenario: Scenario): ScenarioResult {
    return whatIf(this.state, scenario, (this.whatIfBuffers ??= new WhatIfBuffers(this.state)));
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

  /** What the readings say about a registered AP: fitted radio and position, and whether it is probably down. */
  assessmentOf(id: AccessPointId) {
    const e = this.entry(id), fit = e.fit?.fit ?? null;
    const movedM = e.fit?.moved ? Math.hypot((e.x - this.grid.projection.x(e.input.position[0])) * this.grid.projection.eastScale(e.input.position[1]), e.y - this.grid.projection.y(e.input.position[1])) : 0;
    return {
      probablyDown: e.down?.down ?? false,
      readings: fit?.samples ?? 0,
      devices: e.fit?.devices ?? 0,
      fitted: fit ? { dbmAt1m: round1(fit.dbmAt1m), n: Math.round(fit.n * 100) / 100, sigmaDb: round1(fit.sigmaDb) } : null,
      estimatedPosition: e.fit?.moved ? [round6(this.grid.projection.lon(e.x)), round6(this.grid.projection.lat(e.y))] as [number, number] : null,
      movedM: Math.round(movedM),
      learnedBssids: (this.learnedByAp.get(e.index) ?? []).map((id) => this.emitters.keys[id]).sort(),
      nearby: e.down ? { pDown: e.down.pDown, devices: e.down.devices, heard: e.down.heard, othersHeard: e.down.othersHeard, shouldHaveWon: e.down.shouldHaveWon, nothingHeard: e.down.nothingHeard } : null,
    };
  }

  /** Whether `id` is in the registry the model uses (any status). */
  hasAccessPoint(id: AccessPointId): boolean {
    return this.registryIndex.has(id);
  }

  /**
   * Hotspots heard by several phones that nobody registered, placed in lon/lat: the best heard first (by phones, so
   * those on the public map lead, then by readings), so two phones naming thousands of made-up BSSIDs cannot bury a
   * real find.
   */
  discoveries() {
    const p = this.grid.projection;
    const listed = [...this.discovered.map((d) => ({ d, onPublicMap: true })), ...this.suggestedOnly.map((d) => ({ d, onPublicMap: false }))]
      .sort((a, b) => mostHeardFirst(a.d, b.d));
    return listed.map(({ d, onPublicMap }) => ({
      onPublicMap, bssid: d.bssid, ssid: d.ssid, lon: p.lon(d.x), lat: p.lat(d.y), readings: d.readings, devices: d.devices, strongestDbm: d.strongestDbm,
      reachM: modelReachM(d.model, this.coveredMinDbm), positionWithinM: d.positionWithinM, firstSeen: d.firstSeen, lastSeen: d.lastSeen,
      besideListing: this.listingBeside(d),
    }));
  }

  /**
   * The active listing of a find's SSID nearest it, within the distance a radio is still taken as a listing's own:
   * a planner may know the find is that AP's radio (its listing misplaced, or a radio its entry does not name).
   */
  private listingBeside(d: { ssid: string | null; x: number; y: number }): { id: AccessPointId; name: string | null; distanceM: number; listsBssids: boolean } | null {
    const ssid = d.ssid === null ? undefined : this.ssids.find(d.ssid);
    if (ssid === undefined) return null;
    let best: RegistryEntry | null = null, bestM = Infinity;
    for (const { index, distanceM } of this.activeListings.within(ssid, d.x, d.y, LEARN_RADIUS_M, this.grid.projection.eastScale(this.grid.projection.lat(d.y)))) {
      if (distanceM <= bestM) [best, bestM] = [this.registry[index], distanceM];
    }
    return best && { id: best.input.id, name: best.input.name ?? null, distanceM: bestM, listsBssids: (best.input.bssids?.length ?? 0) > 0 };
  }

  /**
   * BSSIDs on a City network phones named loudly in places no one hotspot spans (spoofed, or moving), not suggested:
   * the most phones first, then the most readings.
   */
  heardApart() {
    return [...this.apart]
      .sort(mostHeardFirst)
      .map((a) => ({ bssid: a.bssid, ssid: a.ssid, readings: a.readings, devices: a.devices, spanM: a.spanM, strongestDbm: a.strongestDbm, firstSeen: a.firstSeen, lastSeen: a.lastSeen }));
  }

  /** What the model says about a position: outside the city, or inside it covered or not, and the ward it lies in. */
  at(lon: number, lat: number): { insideCity: false } | { insideCity: true; covered: boolean; wardId: string | null } {
    const cell = this.grid.cellAt(lon, lat);
    if (cell < 0 || !this.inside[cell]) return { insideCity: false };
    return { insideCity: true, covered: this.covered[this.cls[cell]] === 1, wardId: this.ward[cell] ? this.areas[this.ward[cell]].id : null };
  }

  /** [west, south, east, north] of the grid: the area the model covers. */
  bbox(): BBox {
    return this.grid.bbox();
  }

  /** Side of a level-0 cell, m. */
  get cellSizeM(): number {
    return this.grid.cellSizeM;
  }

  /** Lon/lat ↔ the local metres the model works in (for siting and other geometry in metres). */
  get projection(): LocalProjection {
    return this.grid.projection;
  }

  private entry(id: AccessPointId): RegistryEntry {
    const index = this.registryIndex.get(id);
    if (index === undefined) throw new RangeError(`access point ${JSON.stringify(id)} is not in the registry`);
    return this.registry[index];
  }

  /** Projected metres of a lon/lat or x/y input. */
  private positionOf(p: Positioned): [number, number] {
    return p.x !== undefined ? [p.x, p.y!] : [this.grid.projection.x(p.lon!), this.grid.projection.y(p.lat!)];
  }

  /** Transmitters for the active access points, in registry order. */
  private transmitters(): Transmitter[] {
    const p = this.grid.projection;
    return [
      ...this.registry.filter((e) => e.active && !e.down?.down).map((e) => ({ index: e.index, x: e.x, y: e.y, lat: p.lat(e.y), model: e.model })),
      ...this.discovered.map((d) => ({ index: d.index, x: d.x, y: d.y, lat: p.lat(d.y), model: d.model })),
    ];
  }

  /** Prior dBm of a cell from its best prediction: the floor where nothing reaches. */
  private priorDbm(best: number): number {
    return best > this.options.noSignalDbm ? best : this.options.noSignalDbm;
  }

  // ── Internals ─────────────────────────────────────────────────────────────────────────────────

  private loadRegistry(accessPoints: AccessPointInput[]): void {
    const seen = new Set<unknown>();
    checkAll(accessPoints, 'accessPoints', (ap, path, issues) => checkAccessPoint(ap, path, issues, seen));
    const previous = new Map(this.registry.map((e) => [e.input.id, e]));
    this.registryIndex.clear();
    this.forgetPlacements();
    this.apOfEmitter.clear();
    this.citySsids.clear();
    this.ssidAps.clear();
    this.registry = accessPoints.map((input, index) => {
      this.registryIndex.set(input.id, index);
      for (const b of input.bssids ?? []) this.apOfEmitter.set(this.emitterId(b), index);
      if (input.ssid) {
        const ssid = this.ssids.id(input.ssid);
        this.citySsids.add(ssid);
        this.ssidAps.set(ssid, (this.ssidAps.get(ssid) ?? 0) + 1);
      }
      const x = this.grid.projection.x(input.position[0]), y = this.grid.projection.y(input.position[1]);
      const entry: RegistryEntry = { input, index, active: (input.status ?? 'active') === 'active', x, y, model: linkModel(input, this.coveredMinDbm), fit: null, down: null };
      // An AP whose radio and position did not change keeps what the readings made of it: an edit elsewhere changes nothing here.
      const before = previous.get(input.id);
      if (before && sameRadio(before.input, input)) Object.assign(entry, { x: before.x, y: before.y, model: before.model, fit: before.fit, down: before.down });
      return entry;
    });
    const listings = (withoutBssids: boolean) => new ListingsNear(this.registry
      .filter((e) => e.active && e.input.ssid && !(withoutBssids && e.input.bssids?.length))
      .map((e): SsidListing => ({ index: e.index, ssid: this.ssids.id(e.input.ssid!), x: this.grid.projection.x(e.input.position[0]), y: this.grid.projection.y(e.input.position[1]) })), LEARN_RADIUS_M);
    [this.activeListings, this.ssidOnlyListings] = [listings(false), listings(true)];
    const networks = `${[...this.apOfEmitter.keys()].sort((a, b) => a - b)}|${[...this.citySsids].sort((a, b) => a - b)}`;
    if (networks !== this.trustNetworks) [this.trustNetworks, this.trustStale] = [networks, true]; // an edit of power or place keeps it
    this.dirtySamples++;
  }

  private emitterId(bssid: string): number {
    const id = this.emitters.id(bssid.toLowerCase());
    while (this.emitterSamples.length <= id) this.emitterSamples.push([]);
    return id;
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
    if (list.length > 1) this.log.reserve(list.length); // one allocation for a batch; a single reading grows the log by doubling
    const before = this.scanLoudest;
    this.scanLoudest = new Map();
    for (const o of list) this.appendObservation(o, before);
  }
  private appendReports(list: ReportInput[]): void {
    this.log.reserve(list.length);
    for (const r of list) this.appendReport(r);
  }
  private appendObservation(o: ObservationInput, earlierScans: ReadonlyMap<string, number>): number {
    const [x, y] = this.positionOf(o);
    const emitter = o.bssid ? this.emitterId(o.bssid) : -1, apKey = this.apKeyId(o.accessPointId);
    const i = this.log.push(x, y, o.accuracyM ?? 0, o.time, o.signalDbm ?? NaN, OBSERVATION_KIND, this.deviceId(o.cohortKey ?? o.deviceKey), apKey, emitter, o.ssid ? this.ssids.id(o.ssid) : -1);
    if (o.scan != null && o.signalDbm != null && this.aboutFreeWifi(i)) this.rankInScan(i, o.scan, earlierScans);
    this.indexBlock(i);
    this.tallyLoud(i);
    this.tallyStandout(i);
    if (o.signalDbm != null) {
      if (emitter >= 0) this.emitterSamples[emitter].push(i);
      else if (apKey >= 0) (this.apKeySamples[apKey] ??= []).push(i);
    }
    this.dirtySamples++;
    return i;
  }
  /**
   * Of one scan's rows only the loudest free network is the place's level; the rest are marked quieter. A scan
   * split between two batches is joined through the previous batch's loudest rows; if a later row outshouts
   * one already applied, the evidence is read again once readings pause (settleEvidence).
   */
  private rankInScan(i: number, scan: string, earlierScans: ReadonlyMap<string, number>): void {
    const log = this.log, best = this.scanLoudest.get(scan) ?? earlierScans.get(scan);
    if (best === undefined || log.signalDbm[i] > log.signalDbm[best]) {
      if (best !== undefined) {
        log.quieter[best] = 1;
        this.evidenceStale = true;
        this.trustStale = true;
      }
      this.scanLoudest.set(scan, i);
    } else {
      log.quieter[i] = 1;
      this.scanLoudest.set(scan, best);
    }
  }

  private appendReport(r: ReportInput): number {
    const [x, y] = this.positionOf(r);
    const i = this.log.push(x, y, r.accuracyM ?? 0, r.time, NaN, reportKindCode(r.kind), this.deviceId(r.cohortKey ?? r.deviceKey), this.apKeyId(r.accessPointId));
    this.indexBlock(i); // so "why this colour?" can say one was set aside
    this.tallyLoud(i);
    this.tallyStandout(i);
    return i;
  }
  private indexBlock(i: number): void {
    this.sampleBlocks.add(this.log.x[i], this.log.y[i], i);
  }
  private deviceId(key: string | null | undefined): number {
    return key ? this.devices.id(key) : UNKNOWN_DEVICE;
  }
  private apKeyId(id: AccessPointId | null | undefined): number {
    return id == null ? -1 : this.apKeys.id(id);
  }

  /**
   * Phones newly alone with loud readings (or no longer), by the tally as readings arrived: the evidence is read again
   * once the stream pauses, and whose they are judged then, against the predictions of then (judgeLonely). Without
   * this mark a server whose fits did not move never re-read it: one phone's 24 readings stayed on the map.
   */
  private noteLonelyMoved(): void {
    if (!sameSet(this.lonelySuspects(), this.lonely)) this.evidenceStale = true;
  }

  private lonelySuspects(): Set<number> {
    const suspects = this.loneLoud.suspects();
    suspects.delete(UNKNOWN_DEVICE); // readings without a credential are many people's
    return suspects;
  }

  /** Judges whom to distrust from the readings so far; true when that changed. */
  private judgeTrust(): boolean {
    this.updateTrust();
    return this.setDistrusted(this.trustTally.judge(this.trustLedger, this.options));
  }

  /**
   * Whose loud readings stand alone far more often than an honest phone's (LoneLoudTally); true when that changed.
   * Judged only once the stream has paused, right after the evidence was read against settled predictions: judged
   * while predictions still caught up with a stream, honest phones stood alone more often, were judged so, and the
   * judgement outlived the settle passes.
   */
  private judgeLonely(): boolean {
    const lonely = this.lonelySuspects();
    if (sameSet(lonely, this.lonely)) return false;
    this.lonely = lonely;
    this.lonelyFlag = new Uint8Array(Math.max(-1, ...lonely) + 1);
    for (const d of lonely) this.lonelyFlag[d] = 1;
    return true;
  }

  /**
   * Tallies sample i for LoneLoudTally if it is a reading that counts (as for whom to distrust): loud when it sits
   * LOUD_MARGIN_DB or more above the prediction in its cell. Worked out as readings arrive, against the predictions
   * of the moment, and for every reading at each re-read after a pause. Those predictions rest on fits that leave out only
   * the phones the others contradict (not these: then a phone's own readings would leave the fits, the fits would
   * sink, its readings would stand out the more, and an honest one flipped in and out of the set pass after pass).
   */
  private tallyLoud(i: number): void {
    const log = this.log;
    // trustWeight(i) > 0 without its product: this runs for every reading of a million at each re-read
    if (log.accuracyM[i] > this.options.maxAccuracyM || log.quieter[i] || this.ageWeight(this.nowMs - log.time[i]) === 0 || !this.aboutFreeWifi(i)) return;
    this.loneLoud.countReading(log.device[i]);
    const cell = this.grid.cellAtXY(log.x[i], log.y[i]);
    // A "works here" report is a usable level told in words: until 2026-12-07 one phone's 40 of them, 200–600 m round
    // the Central Library, added 3.6 ha of covered area, where the same readings would have made it a lone-loud suspect.
    const level = log.kind[i] === OBSERVATION_KIND ? log.signalDbm[i] : this.levels[log.kind[i]];
    // Loud, and usable: only such a reading can paint a cell covered, and honest far quieter ones crowd the tally.
    if (cell < 0 || !(level >= this.coveredMinDbm && level - this.priorDbm(this.prediction.best(cell)) >= LOUD_MARGIN_DB)) return;
    this.loneLoud.add(log.device[i], log.x[i], log.y[i], this.grid.projection.eastScale(this.grid.projection.lat(log.y[i])), log.accuracyM[i] <= this.options.trustedAccuracyM);
  }

  private tallyLoudAll(): void {
    this.loneLoud.clear();
    for (let i = 0; i < this.log.length; i++) this.tallyLoud(i);
  }

  /**
   * A reading that stands out alone, either way. QUIET: it counts and sits QUIET_MARGIN_DB or more below a usable
   * prediction in the cells it is pooled into ("nothing heard" beside a listed hotspot). LOUD: usable, and
   * LOUD_HOLD_MARGIN_DB or more above the prediction in its own cell (any usable one where no hotspot is predicted):
   * its rise over that is what it spreads to the cells round it, whatever they are predicted. Either
   * counts on the map once another phone's of the same side lies within BACKED_WITHIN_M (PhonesNear), and is held
   * back until then (isHeld): when the second phone's comes, the first one's held readings near it are released, so
   * adding readings one at a time and reading them all again agree. Until 2026-12-07 only readings after another
   * phone's counted, and the first phone's stayed held for good (truth simulation, seed 2: 308 of 380 held readings at
   * 50,000 had another phone's near); and loud ones counted at once unless their phone stood alone in far more places
   * than an honest one (LoneLoudTally), which a phone whose lies were a twentieth of its readings passed.
   * Readings with no credential, and a distrusted or lone-loud phone's, back nobody (they weigh a hundredth anyway):
   * a liar's "nothing heard" beside a live hotspot made an honest phone's shadowed reading count (truth simulation,
   * seed 3, 50,000 readings, 0.06 ha). Until 2026-12-07 (night) a loud one was compared with the loudest prediction
   * near, as a quiet one is: one phone's nine readings of −68 dBm 150 m from the Forest Heights library, 17 dB over
   * its edge 50 m nearer, painted 1.0 ha where nothing is predicted. Returns cell × 2 + side for such a reading of
   * sample i, else −1. `loudestNear` gives what loudestPredictedNear would, precomputed.
   */
  private standoutOf(i: number, loudestNear: Float32Array | null): number {
    const log = this.log;
    if (log.quieter[i] || log.accuracyM[i] > this.options.maxAccuracyM) return -1;
    const device = log.device[i];
    if (device === UNKNOWN_DEVICE || this.isDistrusted(device) || (device < this.lonelyFlag.length && this.lonelyFlag[device] === 1)) return -1;
    const cell = this.grid.cellAtXY(log.x[i], log.y[i]);
    if (cell < 0) return -1;
    // A report is a level told in words: until 2026-12-07 one phone's one report of "no free Wi-Fi here" at the Central
    // Library's door turned its cell poor and the cells round it none (its reach is ~35 m).
    const side = this.sideStandingOut(this.sampleLevel(i), cell, loudestNear);
    if (side < 0) return -1;
    if (this.ageWeight(this.nowMs - log.time[i]) === 0 || !this.aboutFreeWifi(i)) return -1;
    return cell * 2 + side;
  }

  /** QUIET or LOUD when a reading at `level` stands out so in `cell` (standoutOf), else −1; `loudestNear` as there. */
  private sideStandingOut(level: number, cell: number, loudestNear: Float32Array | null): number {
    if (level < this.coveredMinDbm) {
      const loudest = loudestNear ? this.priorDbm(loudestNear[cell]) : this.loudestPredictedNear(cell);
      return loudest >= this.coveredMinDbm && loudest - level >= QUIET_MARGIN_DB ? QUIET : -1;
    }
    return level - this.priorDbm(this.prediction.best(cell)) >= LOUD_HOLD_MARGIN_DB ? LOUD : -1;
  }

  /** Tallies a new sample i (standoutOf): held back when no other phone's of its side is near, else counted, releasing other phones' held near it. */
  private tallyStandout(i: number): void {
    this.growHeld(i);
    this.heldAlone[i] = 0;
    const code = this.standoutOf(i, null);
    if (code < 0) return;
    const cell = code >> 1, side = code & 1, device = this.log.device[i], heads = this.heldHeads[side];
    if (!this.standoutPhones[side].add(device, cell)) return this.hold(i, cell, side);
    this.standoutPhones[side].forCellsNear(cell, (c) => {
      // Unlinks the other phones' held readings there; this phone's own stay held (it cannot back itself; another's may lie near this reading and not near them).
      let kept = -1;
      for (let r = heads[c], next; r >= 0; r = next) {
        next = this.heldNext[r];
        if (this.log.device[r] === device) [this.heldNext[r], kept] = [kept, r];
        else {
          this.heldAlone[r] = 0;
          this.releasedHeld.push(r);
        }
      }
      heads[c] = kept;
    });
  }

  private hold(i: number, cell: number, side: number): void {
    this.heldAlone[i] = 1 + side;
    this.heldNext[i] = this.heldHeads[side][cell];
    this.heldHeads[side][cell] = i;
  }

  /** Makes room for log index i in heldAlone and heldNext. */
  private growHeld(i: number): void {
    if (i < this.heldAlone.length) return;
    const size = Math.max(1024, 2 * i), alone = new Uint8Array(size), next = new Int32Array(size);
    alone.set(this.heldAlone);
    next.set(this.heldNext);
    [this.heldAlone, this.heldNext] = [alone, next];
  }

  /**
   * Pools the held readings another phone's has just released (tallyStandout) that were applied before `first`, the
   * first of the batch being applied (the batch's own are pooled as they are applied); returns the cells touched.
   */
  private poolReleased(first: number): number[] {
    const touched = new Set<number>();
    for (const r of this.releasedHeld) if (r < first) for (const c of this.ingestLive(r)) touched.add(c);
    this.releasedHeld.length = 0;
    return [...touched];
  }

  /** standoutOf for the whole log against the predictions of now: a max filter of them first, so each quiet reading looks up one cell, not 25. */
  private tallyStandoutAll(): void {
    const { cols, rows, cellCount } = this.grid, r = (this.kernel.length - 1) >> 1, best = this.prediction.bestDbm;
    const { across, near } = (this.loudestNear ??= { across: new Float32Array(cellCount), near: new Float32Array(cellCount) });
    for (let row = 0; row < rows; row++)
      for (let col = 0, c = row * cols; col < cols; col++, c++) {
        let m = -Infinity;
        for (let cc = Math.max(0, col - r); cc <= Math.min(cols - 1, col + r); cc++) m = Math.max(m, best[row * cols + cc]);
        across[c] = m;
      }
    for (let row = 0; row < rows; row++)
      for (let col = 0, c = row * cols; col < cols; col++, c++) {
        let m = -Infinity;
        for (let rr = Math.max(0, row - r); rr <= Math.min(rows - 1, row + r); rr++) m = Math.max(m, across[rr * cols + col]);
        near[c] = m;
      }
    for (const phones of this.standoutPhones) phones.clear();
    for (const heads of this.heldHeads) heads.fill(-1);
    this.releasedHeld.length = 0;
    this.growHeld(this.log.length);
    this.heldAlone.fill(0);
    if (this.standoutScratch.length < 2 * this.log.length) this.standoutScratch = new Int32Array(2 * this.log.length + 1024);
    const standing = this.standoutScratch, device = this.log.device;
    let n = 0;
    for (let i = 0; i < this.log.length; i++) {
      const code = this.standoutOf(i, near);
      if (code < 0) continue;
      this.standoutPhones[code & 1].add(device[i], code >> 1);
      standing[n++] = i;
      standing[n++] = code;
    }
    // Then each is held if no other phone's lies near, before it or after.
    for (let k = 0; k < n; k += 2) {
      const code = standing[k + 1];
      if (!this.standoutPhones[code & 1].backed(device[standing[k]], code >> 1)) this.hold(standing[k], code >> 1, code & 1);
    }
  }

  /**
   * The loudest prediction among the cells a reading in `cell` is pooled into: "nothing heard" 30 m past a hotspot's
   * usable reach pulls its edge down too (one phone's 577 round Victoria Park, held only where their own cell was
   * predicted usable, still took its ward's covered area from 32.2 to 22.9 ha).
   */
  private loudestPredictedNear(cell: number): number {
    const { cols, rows } = this.grid, r = (this.kernel.length - 1) >> 1, row = Math.floor(cell / cols), col = cell - row * cols;
    let loudest = -Infinity;
    for (let rr = Math.max(0, row - r); rr <= Math.min(rows - 1, row + r); rr++)
      for (let cc = Math.max(0, col - r), c = rr * cols + cc; cc <= Math.min(cols - 1, col + r); cc++, c++) loudest = Math.max(loudest, this.prediction.best(c));
    return this.priorDbm(loudest);
  }

  /** A reading standing out alone (standoutOf) with no other phone's of its side near (tallyStandout): held back from the map. */
  private isHeld(i: number): boolean {
    return i < this.heldAlone.length && this.heldAlone[i] !== 0;
  }

  /** Sets whom to distrust; true when that changed (then fits, and the evidence, must be read again). */
  private setDistrusted(devices: Set<number>): boolean {
    if (sameSet(devices, this.distrusted)) return false;
    this.distrusted = devices;
    this.distrustVersion++;
    let max = -1;
    for (const d of devices) max = Math.max(max, d);
    this.distrustedFlag = new Uint8Array(max + 1);
    for (const d of devices) this.distrustedFlag[d] = 1;
    return true;
  }

  /**
   * Readings taken in `cell` (their reported position) that count for nothing there, by why: those the physics checks
   * held back, in the window and precise enough to count otherwise. Distrusted phones' readings still count, a little.
   */
  setAsideIn(cell: number): SetAside {
    const out: SetAside = { spoofed: 0, implausible: 0, unconfirmed: 0, unbacked: 0 }, log = this.log, g = this.grid;
    const x = g.projection.x(g.centreLonLat(cell)[0]), y = g.projection.y(g.centreLonLat(cell)[1]);
    this.forSampleBlocksNear(x, y, g.cellSizeM, (i) => {
      if (g.cellAtXY(log.x[i], log.y[i]) !== cell || this.ageWeight(this.nowMs - log.time[i]) === 0) return;
      if (spreadWeight(log.accuracyM[i], this.options) === 0 || log.quieter[i] || !this.aboutFreeWifi(i)) return;
      if (this.plausible(i)) {
        if (this.isHeld(i)) {
          if (this.heldAlone[i] === 1 + QUIET) out.unconfirmed++;
          else out.unbacked++;
        }
        return;
      }
      if (this.isRefuted(i)) out.spoofed++;
      else out.implausible++;
    });
    return out;
  }

  private isRefuted(i: number): boolean {
    return (i < this.refuted.length && this.refuted[i] === 1) || (this.log.emitter[i] >= 0 && this.apartFlag[this.log.emitter[i]] === 1);
  }

  /** Readings of unknown BSSIDs no one fixed hotspot could give (discover): held back from every cell. */
  private setRefuted(samples: number[]): void {
    const before = this.refutedList; // in the same order each refresh (emitters, then each one's readings)
    if (samples.length === before.length && samples.every((i, k) => i === before[k])) return;
    this.refutedList = samples;
    this.refuted = new Uint8Array(this.log.length);
    for (const i of samples) this.refuted[i] = 1;
    this.refutedVersion++;
  }

  private isDistrusted(device: number): boolean {
    return device < this.distrustedFlag.length && this.distrustedFlag[device] === 1;
  }

  /** Weight of each cell's share of sample `i` (age × position accuracy); 0 = outside the window or too vague. */
  private sampleWeight(i: number): number {
    const spread = spreadWeight(this.log.accuracyM[i], this.options);
    if (spread === 0 || this.log.quieter[i] || !this.aboutFreeWifi(i) || !this.plausible(i) || this.isHeld(i)) return 0;
    const device = this.log.device[i];
    // Without a credential, a reading is anyone's: until 2026-12-06 one script's 1,000 readings at −70 dBm, one a cell,
    // painted 55 ha of empty map fair, as no test of one phone (contradiction, lone loud readings) applies to them.
    const trust = device === UNKNOWN_DEVICE || this.isDistrusted(device) || (device < this.lonelyFlag.length && this.lonelyFlag[device] === 1) ? DISTRUSTED_WEIGHT : 1;
    return this.ageWeight(this.nowMs - this.log.time[i]) * spread * trust;
  }

  /** Weight of sample `i` in the trust ledger: as sampleWeight, but neither the physics check nor distrust applies. */
  private trustWeight(i: number): number {
    const spread = spreadWeight(this.log.accuracyM[i], this.options);
    if (spread === 0 || this.log.quieter[i] || !this.aboutFreeWifi(i)) return 0;
    return this.ageWeight(this.nowMs - this.log.time[i]) * spread;
  }

  /** A reading of another network (a home router, a café) says nothing about the City's free Wi-Fi. */
  private aboutFreeWifi(i: number): boolean {
    const log = this.log;
    if (log.kind[i] !== OBSERVATION_KIND || Number.isNaN(log.signalDbm[i])) return true;
    if (log.emitter[i] >= 0 && this.apOfEmitter.has(log.emitter[i])) return true;
    if (log.ssid[i] >= 0) return this.citySsids.size === 0 || this.citySsids.has(log.ssid[i]);
    return log.emitter[i] < 0; // a level with no network named: the app asks about the free one
  }

  /**
   * Physics check: a reading far louder than anything known predicts there (−30 dBm 400 m from every AP) is
   * held back — a liar, or a hotspot nobody registered, which counts once several phones agree (discovered).
   */
  private plausible(i: number): boolean {
    const log = this.log;
    const cell = this.grid.cellAtXY(log.x[i], log.y[i]);
    if (cell < 0) return true; // outside the grid: it touches no cell anyway
    // A report says its class's level: "works here" (fair) a kilometre from every hotspot is no more possible than a
    // reading of it. Before, any one anonymous report painted its cell and its neighbours fair wherever it was sent.
    if (log.kind[i] !== OBSERVATION_KIND) {
      const level = this.levels[log.kind[i]];
      if (level > this.transmitterIndex.loudestPlausibleDbm(cell)) return false;
      // "No free Wi-Fi here" beside a hotspot phones keep hearing is "nothing heard" told as a report: before, eight
      // phones' reports blanked the cells round a live one where the same readings could not.
      return !(this.hearingRefutes[log.kind[i]] === 1 && this.tooQuietBesideNamed(i, cell, Math.max(level, HEAR_FLOOR_DBM)));
    }
    if (this.isRefuted(i)) return false;
    if (this.tooQuietBesideNamed(i, cell, Number.isNaN(log.signalDbm[i]) ? HEAR_FLOOR_DBM : log.signalDbm[i])) return false;
    if (Number.isNaN(log.signalDbm[i]) || log.signalDbm[i] <= QUIET_ENOUGH_DBM) return true; // plausible at any distance the index looks
    return log.signalDbm[i] <= this.transmitterIndex.loudestPlausibleDbm(cell);
  }

  /**
   * The reverse physics check: "nothing heard", or a level 20 dB quieter than predicted, beside a listed hotspot that several
   * phones keep naming (so it is up) is a phone that lies — however many phones repeat it, since the hotspot's own
   * fit rests on every phone that named it, near and far. Judged at the reading's distance plus its GPS error.
   * Such readings still count for "probably down", which judges that hotspot from them; once flagged, here too.
   */
  private tooQuietBesideNamed(i: number, cell: number, heard: number): boolean {
    const owner = this.namedOwner[cell];
    if (owner < 0) return false;
    const log = this.log;
    if (this.namedMaxDbm[cell] - heard <= QUIET_IMPLAUSIBLE_DB) return false; // nowhere in the cell: most readings stop here
    const e = this.namedRadios[owner], east = this.grid.projection.eastScale(this.grid.projection.lat(e.y));
    const farthest = Math.hypot((log.x[i] - e.x) * east, log.y[i] - e.y) + log.accuracyM[i];
    return predictDbm(e.model, farthest) - heard > QUIET_IMPLAUSIBLE_DB;
  }

  /** Which hotspot phones keep naming is loudest in each cell, where it could make a quiet reading implausible. */
  private stampNamedOwners(): void {
    const owner = this.namedOwner, level = this.namedMaxDbm, g = this.grid, corner = (g.cellSizeM * Math.SQRT2) / 2;
    owner.fill(-1);
    // Listed hotspots 3+ phones named 20+ times lately. Not discovered ones, however many phones name them: placed from
    // readings alone, one can sit 200 m off (all its readings on one side), and honest readings that contradict its fit
    // are the ones that matter (truth simulation: shielding them cost 0.1 point of usable accuracy).
    const confirm = this.options.confirmDevices;
    this.namedRadios = this.registry
      .filter((e) => e.active && !e.down?.down && e.fit?.fit && e.fit.fit.samples >= HEARD_IS_ALIVE && e.fit.devices >= confirm)
      .map((e) => ({ x: e.x, y: e.y, model: e.model }));
    this.namedRadios.forEach((e, index) => {
      const reach = modelReachM(e.model, HEAR_FLOOR_DBM + QUIET_IMPLAUSIBLE_DB) + corner; // a reading anywhere in the cell
      forCellsWithin(g, e.x, e.y, reach, g.projection.eastScale(g.projection.lat(e.y)), (cell, distanceM) => {
        const dbm = predictDbm(e.model, Math.max(0, distanceM - corner)); // at the cell's point nearest it
        if (owner[cell] < 0 || dbm > level[cell]) [owner[cell], level[cell]] = [index, dbm];
      });
    });
  }

  /** Indexes the transmitters the physics check knows (after the registry or discoveries change). */
  private indexTransmitters(): void {
    const positions: [number, number][] = [];
    // An active AP counts at its fitted position and at its listed one: a reading near either is no lie.
    for (const e of this.registry) if (e.active) positions.push([e.x, e.y], [this.grid.projection.x(e.input.position[0]), this.grid.projection.y(e.input.position[1])]);
    for (const d of this.discovered) positions.push([d.x, d.y]);
    this.transmitterIndex.rebuild(positions);
  }

  /**
   * A reading a hotspot fit may use: recent, precise, a level, about free Wi-Fi. `withinM`: the vaguest fix taken
   * (discovery takes any the map keeps: that a phone heard a BSSID does not depend on how well it knew where).
   */
  private fitUsable(i: number, withinM = this.options.trustedAccuracyM): boolean {
    const log = this.log;
    return log.kind[i] === OBSERVATION_KIND && !Number.isNaN(log.signalDbm[i]) && log.accuracyM[i] <= withinM &&
      this.ageWeight(this.nowMs - log.time[i]) > 0 && this.aboutFreeWifi(i) && !this.isDistrusted(log.device[i]); // a phone the others contradict fits no hotspot
  }

  private sampleLevel(i: number): number {
    const kind = this.log.kind[i];
    return kind === OBSERVATION_KIND ? observationLevel(this.log.signalDbm[i], this.options.noSignalDbm) : this.levels[kind];
  }

  /**
   * City cells sample `i` touches: its own and, for a vague fix, those within the spread radius where it would not
   * stand out (sideStandingOut: louder predictions only ever let more loud readings in and keep more quiet ones out,
   * so an added hotspot never takes coverage away). A vague fix says where the phone may have been, not that every cell there reads its level:
   * until 2026-12-07 one phone's reading of −50 dBm at an indoor hotspot's door, with a 150 m fix (common indoors),
   * painted 4.4 ha round it, and nine of "nothing heard" 400 m from an outdoor one took 1.25 ha off its edge.
   */
  private sampleCells(i: number): number[] {
    const cells = cellsInSpread(this.grid, this.log.x[i], this.log.y[i], spreadRadiusM(this.log.accuracyM[i], this.options), this.spreadCells);
    if (cells.length <= 1) return cells;
    const own = this.grid.cellAtXY(this.log.x[i], this.log.y[i]), level = this.sampleLevel(i);
    let kept = 0;
    const near = this.loudestNear?.near ?? null; // the last recompute's (the evidence is read again at settling)
    for (const cell of cells) if (cell === own || this.sideStandingOut(level, cell, near) < 0) cells[kept++] = cell;
    cells.length = kept;
    return cells;
  }

  private countReport(i: number): void {
    if (this.log.kind[i] === OBSERVATION_KIND) return;
    const own = this.grid.cellAtXY(this.log.x[i], this.log.y[i]);
    if (own >= 0 && this.inside[own]) {
      this.reportsByCell.set(own, (this.reportsByCell.get(own) ?? 0) + 1);
      const reporters = this.reportersByCell.get(own);
      if (reporters) reporters.add(this.log.device[i]);
      else this.reportersByCell.set(own, new Set([this.log.device[i]]));
      this.reportsVersion++;
    }
  }

  /** Adds sample `i` to the ledger as it arrives, telling the gaps about devices that turned "not covered". */
  private ingestLive(i: number): number[] {
    const touched: number[] = [];
    const weight = this.sampleWeight(i);
    if (weight === 0) return touched;
    const level = this.sampleLevel(i), device = this.log.device[i], time = this.log.time[i];
    const ledger = this.ledger, { cols, rows } = this.grid;
    this.countIdentified(i, 1);
    for (const cell of this.sampleCells(i)) {
      if (!this.inside[cell]) continue;
      const w0 = ledger.weight[cell], s0 = ledger.weightedDbm[cell];
      const change = ledger.add(cell, device, weight, level, time);
      if (change) this.gapIndex.deviceChanged(cell, device, change);
      // Pooled evidence around the cell moves by the change of its weight and weighted residual.
      const prior = this.priorDbm(this.prediction.bestDbm[cell]);
      const dW = ledger.weight[cell] - w0, dR = ledger.weightedDbm[cell] - s0 - dW * prior;
      spreadAround(cell, dW, cols, rows, this.kernel, this.poolW);
      spreadAround(cell, dR, cols, rows, this.kernel, this.poolR, (c) => {
        if (this.inside[c] && !this.poolMark[c]) { this.poolMark[c] = 1; touched.push(c); }
      });
    }
    for (const c of touched) this.poolMark[c] = 0;
    this.countReport(i);
    return touched;
  }

  /** Adds the readings that came since to the trust ledger. */
  private catchUpTrust(): void {
    const log = this.log, trust = this.trustLedger;
    for (let i = this.trustCount; i < log.length; i++) {
      const weight = this.trustWeight(i);
      if (weight === 0) continue;
      const level = this.sampleLevel(i);
      for (const cell of this.sampleCells(i)) {
        if (!this.inside[cell]) continue;
        trust.addQuietly(cell, log.device[i], weight, level, log.time[i]);
        this.trustTally.touch(cell);
      }
    }
    this.trustCount = log.length;
  }

  private countIdentified(i: number, by: number): void {
    if (this.log.emitter[i] < 0 || Number.isNaN(this.log.signalDbm[i])) return;
    const own = this.grid.cellAtXY(this.log.x[i], this.log.y[i]);
    if (own >= 0) this.identified[own] += by;
  }

  private applySample(i: number): number[] {
    const touched = this.ingestLive(i);
    for (const cell of touched) this.refuse(cell);
    this.changes++;
    return touched;
  }

  /**
   * Learns how the prediction's P(usable) turns out where phones measured a cell (p-calibration.ts); true when
   * the curve changed. Reads the cells' own ledgers and the predictions only: cheap next to a refit.
   */
  private learnPCurve(tolerance: number): boolean {
    this.pCurveSamples = this.pCurveLearntAt = this.log.length;
    const ledger = this.ledger, floor = this.options.floorSigmaDb, T = this.coveredMinDbm, { head, next, device, w: entryWeight } = ledger;
    const sigmaOf = Array.from(this.priorSigmas, (s) => Math.sqrt(s * s + floor * floor));
    // The measured cells as plain arrays for PCurveLearner: each one's prediction-only P and label, and its phones' capped weights.
    let count = 0, entries = 0;
    for (let cell = 0; cell < this.grid.cellCount; cell++) {
      if (ledger.weight[cell] < MEASURED_MIN_WEIGHT.early || !this.inside[cell]) continue;
      count++;
      for (let e = head[cell]; e >= 0; e = next[e]) entries++;
    }
    const m = {
      predicted: new Float64Array(count), cellWeight: new Float64Array(count), usable: new Uint8Array(count), predictionVar: new Float64Array(count),
      start: new Int32Array(count + 1), cohort: new Int32Array(entries), weight: new Float64Array(entries),
    };
    for (let cell = 0, i = 0, k = 0; cell < this.grid.cellCount; cell++) {
      const w = ledger.weight[cell];
      if (w < MEASURED_MIN_WEIGHT.early || !this.inside[cell]) continue;
      const sigma = sigmaOf[this.priorKind[cell]];
      m.predicted[i] = usableChance(this.priorDbm(this.prediction.best(cell)), sigma, T);
      m.cellWeight[i] = w;
      m.usable[i] = ledger.weightedDbm[cell] / w >= T ? 1 : 0;
      m.predictionVar[i] = sigma * sigma;
      for (let e = head[cell]; e >= 0; e = next[e], k++) {
        m.cohort[k] = device[e];
        m.weight[k] = Math.min(entryWeight[e], ledger.capOf(device[e]));
      }
      m.start[++i] = k;
    }
    const curve = this.pCurveLearner.learn(m, this.devices.keys.length + 1, this.options.readingSigmaDb ** 2); // cohort ids 0 (no credential) … keys.length
    const old = this.pCurve;
    const within = (d: number) => curve === old || (curve !== null && old !== null && curve.every((v, b) => Math.abs(v - old[b]) <= d));
    if (within(tolerance)) {
      this.pCurveExact = within(0);
      return false;
    }
    this.pCurve = curve;
    this.pCurveExact = true;
    return true;
  }

  /** Every city cell's P(usable) again after the curve changed (levels, classes and gaps stay as they are). */
  private recalibrate(): void {
    this.wholeMapVersion++;
    const pUsable = this.pUsable;
    for (let cell = 0; cell < this.grid.cellCount; cell++)
      if (this.inside[cell]) pUsable[cell] = this.storedP(cell);
    this.changes++;
  }

  /** A cell's P(usable) from its stored (float32) level, spread and pooled weight: every path computes it so, so P is one function of them. */
  private storedP(cell: number): number {
    return calibratedP(usableChance(this.fused[cell], this.sigma[cell], this.coveredMinDbm), this.poolW[cell], this.pCurve);
  }

  /** Refuses one city cell after its evidence changed, moving counters and gaps if its class changed. */
  private refuse(cell: number): void {
    const o = this.options;
    const k = this.priorKind[cell];
    const f = fuseCell(this.priorDbm(this.prediction.best(cell)), this.priorReadings[k], this.priorSigmas[k], this.poolW[cell], this.poolR[cell], o.readingSigmaDb, o.floorSigmaDb);
    this.fused[cell] = f.dbm;
    this.confidence[cell] = f.confidence;
    this.sigma[cell] = f.sigma;
    this.pUsable[cell] = this.storedP(cell);
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
   * Rebuilds the evidence ledger from the whole log.
   */
  private rebuildEvidence(): void {
    this.releasedHeld.length = 0; // everything is read again, released readings with it
    this.ledger.clear();
    this.ledger.reduceCaps(new Set([UNKNOWN_DEVICE, ...this.distrusted, ...this.lonely]), DISTRUSTED_WEIGHT); // the sets these weights are read under
    this.identified.fill(0);
    this.reportsByCell.clear();
    this.reportersByCell.clear();
    this.reportsVersion++;
    this.fillByCell(this.ledger, (i) => this.sampleWeight(i), (i) => {
      this.countReport(i);
      this.countIdentified(i, 1);
    });
  }

  /**
   * Brings the trust ledger up to the readings, before each judgement of whom to distrust. It depends on the readings,
   * the clock and the registry's networks only: rebuilt when one of those changed, else caught up — not with the
   * evidence (a settle pass or a discovery re-reads that, not whom to distrust), and not inside the full recompute a
   * clock move runs: 1M readings take 0.3–0.5 s more, paid at the next refresh instead (once a day).
   */
  private updateTrust(): void {
    if (!this.trustStale) return this.catchUpTrust();
    this.trustLedger.clear();
    this.trustTally.reset();
    this.fillByCell(this.trustLedger, (i) => this.trustWeight(i)); // one at a time, in log order, it took 1.9 s for 1M readings
    [this.trustCount, this.trustStale] = [this.log.length, false];
  }

  /**
   * Fills an empty ledger from the whole log, each sample at `weigh(i)` (0: left out); `counted(i)` for each one in.
   * Samples are grouped by cell first (a stable counting sort), so each cell's entries are built together and sit
   * side by side in memory; each cell still receives its samples in log order, so the result is bit-for-bit what
   * adding them one at a time gives.
   */
  private fillByCell(ledger: Ledger, weigh: (i: number) => number, counted?: (i: number) => void): void {
    const log = this.log, inside = this.inside, cellCount = this.grid.cellCount, n = log.length;
    const bulk = this.bulk;
    if (bulk.weights.length < n) bulk.weights = new Float64Array(n + (n >> 2));
    if (bulk.levels.length < n) bulk.levels = new Float64Array(n + (n >> 2)); // float64: the live path adds exactly these values
    if (bulk.start.length !== cellCount + 1) bulk.start = new Int32Array(cellCount + 1);
    if (bulk.cellOf.length < n) bulk.cellOf = new Int32Array(n + (n >> 2));
    const { weights, levels, start, cellOf } = bulk;
    start.fill(0);
    const trusted = this.options.trustedAccuracyM;
    for (let i = 0; i < n; i++) {
      const weight = (weights[i] = weigh(i));
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
      counted?.(i);
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
    const device = log.device, time = log.time;
    ledger.reserve(start[cellCount]); // at most one entry per (sample, cell) pair
    for (let cell = 0; cell < cellCount; cell++)
      for (let p = start[cell], end = start[cell + 1]; p < end; p++) {
        const i = order[p];
        ledger.addQuietly(cell, device[i], weights[i], levels[i], time[i]);
      }
  }


  /**
   * Fits every registered AP from the readings that named it (BSSID, or the server's match), decides which are
   * probably down, and places hotspots nobody registered. A fit is cached by its readings, so an AP nobody
   * heard since keeps its model. Returns true when any model or position changed (then the map is restamped).
   */
  private fitHotspots(mode: 'all' | 'streaming' | 'catch-up' = 'all'): boolean {
    this.learnEmitters();
    this.dirtySamples = 0;
    this.staleFits = false;
    let refits = 0;
    const view = this.hotspotView();
    let changed = false;
    this.calibrations.clear();
    for (const e of this.registry) {
      const samples = this.samplesOf(e);
      const i = e.input, radio = `${this.nowMs}:${i.position}:${i.eirpDbm}:${i.band}:${i.indoor}:${i.environment}:${i.rangeOverrideM}`;
      const key = `${samples.length}:${samples.length ? samples[samples.length - 1] : -1}:${radio}:${this.distrustVersion}`; // whom to distrust changes which readings a fit may use
      const base = linkModel(e.input, this.coveredMinDbm);
      const x0 = this.grid.projection.x(e.input.position[0]), y0 = this.grid.projection.y(e.input.position[1]);
      let fit = this.fitCache.get(e.input.id);
      // While readings stream in, an AP is refitted once its readings grew by a tenth (or 20); the rest catch up
      // when the stream pauses (staleFits), so the settled map is still a function of the readings alone.
      const sameRadio = fit !== undefined && fit.radio === radio;
      const wait = sameRadio && ((mode === 'streaming' && samples.length < fit!.count * REFIT_GROWTH + REFIT_MIN_NEW) || (mode === 'catch-up' && refits >= CATCH_UP_REFITS));
      if (fit?.key !== key && wait) this.staleFits = true;
      else if (fit?.key !== key) {
        refits++;
        this.fitCache.set(e.input.id, (fit = { key, radio, count: samples.length, fit: fitAccessPoint(view, e.input, x0, y0, samples, base) }));
      }
      const next = fit!.fit!;
      // Always the newest fit, so the map is a function of the readings, not of when refits happened to run.
      if (next.model.dbmAt1m !== e.model.dbmAt1m || next.model.n !== e.model.n || next.model.source !== e.model.source || next.model.heardWithinM !== e.model.heardWithinM || next.x !== e.x || next.y !== e.y) changed = true;
      e.model = next.model;
      e.x = next.x;
      e.y = next.y;
      e.fit = next;
      if (next.fit && e.model.source === 'calibrated')
        this.calibrations.set(e.input.id, { dbmAt1m: e.model.dbmAt1m, n: e.model.n, source: 'calibrated', samples: next.fit.samples, residualMadDb: next.fit.sigmaDb / 1.4826 });
      const wasDown = e.down?.down ?? false;
      e.down = e.active ? assessDown(view, e.input, e.model, e.x, e.y, this.identityOf(e), next.fit?.samples ?? 0, next.devices) : null;
      if ((e.down?.down ?? false) !== wasDown) changed = true;
    }
    this.discovered = [];
    this.suggestedOnly = [];
    this.apart = [];
    const refutedNow: number[] = [], apartNow = new Uint8Array(this.emitters.keys.length);
    this.emitters.keys.forEach((bssid, id) => {
      if (this.apOfEmitter.has(id) || this.learnedEmitters.has(id) || this.rejectedBssids.has(bssid)) return;
      const samples = this.emitterSamples[id];
      if (samples.length < this.options.discoveryMinSamples) return;
      const ssidId = this.log.ssid[samples[0]];
      if (ssidId < 0 || !this.citySsids.has(ssidId)) return; // only the City's own network names
      // Placed again only when its readings or whom to distrust changed: a refresh costs what changed, not every
      // BSSID ever heard (two phones naming 5,000 made-up ones cost 140 ms a refresh before).
      const key = `${samples.length}:${samples[samples.length - 1]}:${this.distrustVersion}`;
      let cached = this.discoveryCache.get(id);
      if (cached?.key !== key) this.discoveryCache.set(id, (cached = { key, found: discover(view, bssid, this.ssids.key(ssidId), samples) }));
      const { found, apart, refuted } = cached.found;
      for (const i of refuted) refutedNow.push(i);
      // Two phones' find is a lead for a planner; "several independent devices" (three) before it changes the public map
      // or lets loud readings near it count, so two phones cannot paint coverage where there is none.
      if (found && found.devices >= this.options.confirmDevices) this.discovered.push({ ...found, index: -1 - this.discovered.length });
      else if (found) this.suggestedOnly.push(found);
      else if (apart) {
        this.apart.push(apart);
        apartNow[id] = 1;
      }
    });
    this.setRefuted(refutedNow);
    this.apartFlag = apartNow;
    return changed;
  }

  /**
   * Registries often list an AP's SSID but not its BSSIDs (Kitchener's lists none). Phones and surveys name the
   * BSSID they hear; without this, the AP's own radio would be "an unknown BSSID": suggested as a new hotspot on top
   * of it, its readings kept from its fit, and every one of them a phone near it that "heard another, not it".
   * So a BSSID no AP lists, on the SSID of an AP that lists none, whose readings centre (weighted by power) within
   * LEARN_RADIUS_M of that AP's listing, may be taken as that AP's radio: nearest pairs first, one radio per AP
   * and a second only beside the first (emitter-claims.ts), so a hotspot beside a listed one stays to discover.
   */
  private learnEmitters(): void {
    this.learnEmitterPlaces();
    this.learnedByAp.clear();
    for (const [id, index] of this.learnedEmitters) {
      const list = this.learnedByAp.get(index);
      if (list) list.push(id);
      else this.learnedByAp.set(index, [id]);
    }
  }

  /** Where unknown BSSIDs stand is worked out again: the registry, the clock or the readings were replaced. */
  private forgetPlacements(): void {
    this.learnCache.clear();
    this.discoveryCache.clear();
  }

  private learnEmitterPlaces(): void {
    this.learnedEmitters.clear();
    this.fewPhoneRadios.clear();
    if (this.ssidOnlyListings.size === 0) return;
    const log = this.log, candidates: RadioCandidates[] = [];
    this.emitters.keys.forEach((bssid, id) => {
      if (this.apOfEmitter.has(id) || this.rejectedBssids.has(bssid)) return; // a planner said it is not the City's
      const samples = this.emitterSamples[id], cached = this.learnCache.get(id);
      if (cached && cached.count === samples.length && cached.distrust === this.distrustVersion) { // placed as before (bounded cost per refresh)
        if (cached.near) candidates.push(cached.near);
        if (cached.near && cached.phones < this.options.suggestDevices) this.fewPhoneRadios.add(id);
        return;
      }
      this.learnCache.set(id, { count: samples.length, distrust: this.distrustVersion, phones: 0, near: null });
      let sw = 0, sx = 0, sy = 0;
      const phones = new Set<number>();
      for (const i of samples) {
        if (!this.fitUsable(i)) continue;
        const w = 10 ** ((log.signalDbm[i] + 60) / 10); // mW relative to −60 dBm: the loudest readings stand nearest the radio
        sw += w; sx += w * log.x[i]; sy += w * log.y[i];
        if (log.device[i] !== UNKNOWN_DEVICE) phones.add(log.device[i]);
      }
      if (sw === 0) return;
      const radio = { id, ssid: log.ssid[samples[0]], x: sx / sw, y: sy / sw };
      const near = { radio, listings: this.ssidOnlyListings.within(radio.ssid, radio.x, radio.y, LEARN_RADIUS_M, this.grid.projection.eastScale(this.grid.projection.lat(radio.y))) };
      if (near.listings.length === 0) return;
      this.learnCache.set(id, { count: samples.length, distrust: this.distrustVersion, phones: phones.size, near });
      candidates.push(near);
      if (phones.size < this.options.suggestDevices) this.fewPhoneRadios.add(id);
    });
    for (const [id, index] of claimRadios(candidates, this.grid.projection.eastScale(this.grid.projection.lat0))) this.learnedEmitters.set(id, index);
  }

  private identityOf(e: RegistryEntry): ApIdentity {
    const emitters = new Set<number>();
    for (const b of e.input.bssids ?? []) {
      const id = this.emitters.find(b.toLowerCase());
      if (id !== undefined) emitters.add(id);
    }
    for (const id of this.learnedByAp.get(e.index) ?? []) emitters.add(id);
    const ssid = e.input.ssid ? this.ssids.find(e.input.ssid) : undefined;
    return { emitters, ssid: ssid ?? -1 };
  }

  /** Log indices of the readings that heard a registered AP: by one of its BSSIDs, or matched to it by the server. */
  private samplesOf(e: RegistryEntry): number[] {
    const lists: number[][] = [];
    for (const b of e.input.bssids ?? []) {
      const id = this.emitters.find(b.toLowerCase());
      if (id !== undefined && this.emitterSamples[id].length) lists.push(this.emitterSamples[id]);
    }
    // A radio taken as its own that one phone alone names still counts as the AP heard, but fits nothing: one phone's
    // made-up BSSID beside a listing would make its fake readings that AP's fit (truth simulation, registry without
    // BSSIDs, seed 2 at 10k: 1.31 ha flipped). Leaving such radios unclaimed instead let listings whose weak radio one
    // phone heard take a neighbour's (seed 2 at 50k: a find lost, 3 more false alarms).
    for (const id of this.learnedByAp.get(e.index) ?? []) if (this.emitterSamples[id].length && !this.fewPhoneRadios.has(id)) lists.push(this.emitterSamples[id]);
    const key = this.apKeys.find(e.input.id);
    // Matched by SSID alone: only when no other AP broadcasts that SSID (the City's shared name could be any of them).
    if (key !== undefined && this.apKeySamples[key]?.length) lists.push(this.apKeySamples[key].filter((i) => this.log.ssid[i] < 0 || (this.ssidAps.get(this.log.ssid[i]) ?? 0) <= 1));
    return lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a - b);
  }

  /** Every observation in the 100 m squares around (x, y) out to r (east–west with room for the map's scale). */
  private forSampleBlocksNear(x: number, y: number, r: number, fn: (i: number) => void): void {
    this.sampleBlocks.forEachNear(x, y, r * 1.5, r, fn);
  }

  private hotspotView(): HotspotView {
    return {
      grid: this.grid, options: this.options, log: this.log, ledger: this.ledger, inside: this.inside, identified: this.identified, now: this.nowMs,
      sampleUsable: (i) => this.fitUsable(i),
      sightingUsable: (i) => this.fitUsable(i, this.options.maxAccuracyM),
      // A distrusted phone neither keeps a hotspot up nor says it is down (a liar naming dead hotspots at full strength).
      forSamplesNear: (x, y, r, fn) => this.forSampleBlocksNear(x, y, r, (i) => { if (!this.isDistrusted(this.log.device[i])) fn(i); }),
    };
  }

  /** Which kind of prediction (none, registry default, fitted, override) is each cell's strongest. */
  private stampPriorKinds(): void {
    const kinds = this.priorKind, best = this.prediction.bestDbm;
    kinds.fill(PRIOR_NONE);
    const txs = this.transmitters().map((t) => ({ t, code: SOURCE_CODE[t.model.source] })).sort((a, b) => a.code - b.code);
    // Cells where every transmitter has the same kind need no per-cell work (the usual case: all default).
    for (const { t, code } of txs) {
      const reach = modelReachM(t.model, this.floorDbm);
      if (reach <= 0) continue;
      const east = this.grid.projection.eastScale(t.lat), cs = this.grid.cellSizeM, g = this.grid;
      const c0 = Math.max(0, Math.floor((t.x - reach / east - g.originX) / cs)), c1 = Math.min(g.cols - 1, Math.floor((t.x + reach / east - g.originX) / cs));
      const r0 = Math.max(0, Math.floor((t.y - reach - g.originY) / cs)), r1 = Math.min(g.rows - 1, Math.floor((t.y + reach - g.originY) / cs));
      for (let r = r0; r <= r1; r++)
        for (let c = c0, cell = r * g.cols + c0; c <= c1; c++, cell++)
          if (best[cell] > -Infinity && kinds[cell] < code) {
            const dx = (g.originX + (c + 0.5) * cs - t.x) * east, dy = g.originY + (r + 0.5) * cs - t.y;
            if (dx * dx + dy * dy <= reach * reach) kinds[cell] = code;
          }
    }
  }

  private restamp(): void {
    stampAll(this.grid, this.transmitters(), this.floorDbm, this.prediction);
    this.stampPriorKinds();
    this.stampNamedOwners();
    this.refuseAll();
  }

  /** Pools every cell's evidence from scratch (residuals against the current prediction, then the kernel). */
  private poolAll(): void {
    const n = this.grid.cellCount, weight = this.ledger.weight, weighted = this.ledger.weightedDbm, best = this.prediction.bestDbm;
    const residual = (this.poolScratch ??= new Float64Array(n));
    const scratch = new Float64Array(n);
    const noSignal = this.options.noSignalDbm;
    for (let c = 0; c < n; c++) {
      const w = weight[c];
      residual[c] = w === 0 ? 0 : weighted[c] - w * (best[c] > noSignal ? best[c] : noSignal);
    }
    convolve(residual, this.grid.cols, this.grid.rows, this.kernel, this.poolR, scratch);
    convolve(weight, this.grid.cols, this.grid.rows, this.kernel, this.poolW, scratch);
  }

  /** Fuses every city cell from scratch, then rebuilds counters and gaps. */
  private refuseAll(): void {
    this.wholeMapVersion++;
    this.poolAll();
    const o = this.options, inside = this.inside, covered = this.covered, isGap = this.gapMask;
    const bestDbm = this.prediction.bestDbm, kinds = this.priorKind, lambda = this.priorReadings, sigmas = this.priorSigmas;
    const poolW = this.poolW, poolR = this.poolR;
    const fused = this.fused, confidence = this.confidence, cls = this.cls, pUsable = this.pUsable, sigma = this.sigma;
    const noSignal = o.noSignalDbm, readingSigma = o.readingSigmaDb, floorSigma = o.floorSigmaDb;
    const { good, fair, poor } = o.thresholdsDbm;
    const { cols, rows } = this.grid;
    const ward = this.ward, counts = this.counters.counts, perArea = CLASS_NAMES.length * rows; // StatsCounters' layout
    counts.fill(0);
    for (let row = 0; row < rows; row++) {
      // Cells outside the city never change: their isGap stays 0 from construction.
      for (let cell = row * cols + this.rowSpans[2 * row], end = row * cols + this.rowSpans[2 * row + 1]; cell <= end; cell++) {
        if (!inside[cell]) continue;
        const best = bestDbm[cell];
        const k = kinds[cell];
        const f = fuseCell(best > noSignal ? best : noSignal, lambda[k], sigmas[k], poolW[cell], poolR[cell], readingSigma, floorSigma); // the same function refuse() calls
        const dbm = Math.fround(f.dbm);
        fused[cell] = dbm;
        confidence[cell] = f.confidence;
        sigma[cell] = f.sigma;
        pUsable[cell] = this.storedP(cell);
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
    this.changes++;
  }

  /**
   * Expected covered area per area (city, wards): Σ P(usable) × cell area, with a 95 % interval. Cells are not
   * independent — pooled evidence ties neighbours together — so the variance counts each cell as a block of
   * its kernel's effective size. The interval also spans the class-based area (each cell at its middle level):
   * over a skewed field the mean and the middle differ, and which is nearer the truth depends on how well P is
   * calibrated there — measured in the truth simulation, Σ P ± its spread alone missed the true area on every
   * seed (seed 1: 654–692 ha against 603 ha); spanning both held it on all three (567–692 ha).
   */
  private expectedAreas(): ExpectedArea[] {
    if (this.expectedCache?.version === this.changes) return this.expectedCache.areas;
    const areas = this.areas.length, mean = new Float64Array(areas), variance = new Float64Array(areas);
    let kernelSum = 0;
    for (const a of this.kernel) kernelSum += a;
    const block = kernelSum * kernelSum; // cells moving together
    const { cols, rows } = this.grid;
    for (let row = 0; row < rows; row++) {
      const a = this.grid.rowAreaM2[row];
      for (let cell = row * cols + this.rowSpans[2 * row], end = row * cols + this.rowSpans[2 * row + 1]; cell <= end; cell++) {
        if (!this.inside[cell]) continue;
        const p = this.pUsable[cell], v = p * (1 - p) * a * a * block;
        mean[0] += p * a;
        variance[0] += v;
        const w = this.ward[cell];
        if (w) { mean[w] += p * a; variance[w] += v; }
      }
    }
    const shared = this.sharedSpread();
    const result = Array.from(mean, (m, k) => {
      const { areaM2: whole, coveredAreaM2: byClass } = this.counters.areaStats(k, this.covered); // the class-based area, as /coverage/stats gives it
      const cells = Z95 * Z95 * variance[k];
      const below = Math.sqrt(cells + shared.down[k]), above = Math.sqrt(cells + shared.up[k]);
      // A level error scales both estimates alike (the class contour moves with the hotspot's curve too): each side
      // is a share of Σ P, applied to the nearer estimate — so a skewed area is never said to reach 0 m² for nothing.
      // …and never beyond the area itself: a small ward beside a loud hotspot could otherwise be "covered" twice over.
      const interval: [number, number] = m > 0
        ? [round2(Math.min(m, byClass) * Math.max(0, 1 - below / m)), round2(Math.min(whole, Math.max(m, byClass) * (1 + above / m)))]
        : [0, round2(Math.min(whole, byClass + above))];
      return { expectedCoveredAreaM2: round2(m), expectedCoveredIntervalM2: interval };
    });
    this.expectedCache = { version: this.changes, areas: result };
    return result;
  }

  /**
   * The part of the area's spread that cells do not average away: each hotspot's curve may be off as a whole
   * (sharedLevelSigmaDb), moving P in every cell it predicts together. Per hotspot, the area it would gain and
   * lose with its curve 1.96 σ higher and lower, squared and summed over hotspots (each side on its own): the
   * interval is asymmetric because a hotspot's area grows exponentially with its level (a symmetric, linear form
   * said 0 m² where a few hotspots on their defaults were all there was). Measured in the truth simulation:
   * without the term, the interval missed the true area on 2 of 3 seeds at 2,000 readings (now 1: there the
   * fits' over-reach biases the map itself, which no spread of theirs describes).
   */
  private sharedSpread(): { up: Float64Array; down: Float64Array } {
    // Recomputed when the whole map was (a refit, a restamp, a new curve), not for each reading: one reading moves
    // a few cells' prior share a little, and this pass visits every hotspot's disc (it would double "one new reading").
    if (this.sharedSpreadCache?.version !== this.wholeMapVersion) this.sharedSpreadCache = { version: this.wholeMapVersion, ...this.hotspotLevelSpread() };
    return this.sharedSpreadCache;
  }

  private hotspotLevelSpread(): { up: Float64Array; down: Float64Array } {
    const areas = this.areas.length, up = new Float64Array(areas), down = new Float64Array(areas);
    const felt = new Float64Array(areas), full = new Float64Array(areas); // m² per dB: through the prior's share of each level, and one for one
    const g = this.grid, T = this.coveredMinDbm, best = this.prediction.bestDbm, overrideSigma = this.options.priorSigmaDb.override;
    const p = (cell: number, dbm: number) => calibratedP(usableChance(dbm, this.sigma[cell], T), this.poolW[cell], this.pCurve);
    for (const t of this.transmitters()) {
      const reach = modelReachM(t.model, this.floorDbm);
      if (reach <= 0) continue;
      const devices = t.index >= 0 ? (this.registry[t.index].fit?.devices ?? 0) : this.discovered[-1 - t.index].devices; // discovered: −1, −2, …
      const sigma = sharedLevelSigmaDb(t.model.source, devices, overrideSigma);
      felt.fill(0);
      full.fill(0);
      forCellsWithin(g, t.x, t.y, reach, g.projection.eastScale(t.lat), (cell, distanceM) => {
        if (!this.inside[cell] || best[cell] === -Infinity) return; // beyond every stamp: no hotspot's level moves it
        if (Math.abs(this.fused[cell] - T) >= FLAT_SIGMAS * this.sigma[cell]) return; // P is flat there: 0 or 1 whatever the curve's level
        if (predictDbm(t.model, distanceM) < best[cell] - OWNER_TOLERANCE_DB) return; // another hotspot sets this cell
        const k = this.priorKind[cell], w = this.priorReadings[k] / (this.priorReadings[k] + this.poolW[cell]); // the prior's share of the fused level
        if (!(w > 0)) return;
        const a = g.rowAreaM2[g.row(cell)], f = this.fused[cell];
        const slope = (a * (p(cell, f + 1) - p(cell, f - 1))) / 2; // m² per dB of the cell's level
        full[0] += slope;
        felt[0] += w * slope;
        if (this.ward[cell]) { full[this.ward[cell]] += slope; felt[this.ward[cell]] += w * slope; }
      });
      // Moved by s dB, a log-distance curve's contours move out by 10^(s / 10n): the area they hold, A, grows by
      // 10^(s / 5n), and its slope is A·ln10 / 5n — so A = slope / rate. The shift a cell feels is the prior's share of it.
      // Above, no hotspot is louder than the legal limit allows (a registry default near it cannot be 16 dB low).
      const rate = Math.LN10 / (5 * t.model.n), above = Math.min(Z95 * sigma, Math.max(0, LOUDEST_DBM_AT_1M - t.model.dbmAt1m)), below = Z95 * sigma;
      for (let k = 0; k < areas; k++) {
        if (!(full[k] > 0)) continue;
        const area = full[k] / rate, perDb = (felt[k] / full[k]) * rate; // growth per dB of the curve, as the cells feel it
        up[k] += (area * Math.expm1(perDb * above)) ** 2;
        down[k] += (area * -Math.expm1(-perDb * below)) ** 2;
      }
    }
    return { up, down };
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

/** Same radio and position: what the readings made of an AP still applies after an unrelated edit. */
function sameRadio(a: AccessPointInput, b: AccessPointInput): boolean {
  return a.position[0] === b.position[0] && a.position[1] === b.position[1] && a.eirpDbm === b.eirpDbm && a.band === b.band &&
    a.indoor === b.indoor && a.environment === b.environment && a.rangeOverrideM === b.rangeOverrideM && a.status === b.status &&
    a.verifiedAt === b.verifiedAt && (a.bssids ?? []).join() === (b.bssids ?? []).join();
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

function checkedNow(now: number): number {
  if (!Number.isFinite(now)) throw new RangeError(`now ${now} must be a time in ms since the epoch`);
  return now;
}

/** Planners' lists: the most phones first, then the most readings, then by BSSID (so thousands of made-up ones cannot bury a real find). */
function mostHeardFirst(a: { devices: number; readings: number; bssid: string }, b: { devices: number; readings: number; bssid: string }): number {
  return b.devices - a.devices || b.readings - a.readings || (a.bssid < b.bssid ? -1 : a.bssid > b.bssid ? 1 : 0);
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((v) => b.has(v));
}
