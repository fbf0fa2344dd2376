// The coverage model kept in memory and current: built once from the store at start, then fed each
// new observation, report and registry change, so requests never wait for a city-wide recompute.
// Two things it cannot hear about, caught up by a timer (main.ts): observations other processes write
// to the same file (the WiGLE command), and the passing of time (evidence ages, the 365-day window).
import { createCoverageEngine, reachM as modelReach, type AccessPointInput, type BBox, type CoverageEngine, type CoverageOptions, type GapSummary, type ObservationInput as EngineObservation } from '../domain/coverage';
import { recommendSites, type CandidateKind } from './siting';
import { round6 } from '../domain/geo';
import { NotFound } from '../domain/errors';
import { registryMatcher, type RegistryMatcher } from '../domain/registry-match';
import { scanKeyOf } from '../domain/survey-scan';
import { radioEnvironment } from '../domain/ap-environment';
import type { WhatIfInput } from '../domain/schemas';
import type { AccessPoint, Area, Observation, Report } from '../domain/types';
import type { Store } from '../store';
import type { ObservationRow } from '../store/observations';
import { publicPosition } from '../domain/service-area';
import { INGEST_QUEUE_MAX, PUBLIC_CELL_M } from '../domain/limits';
import { clockMoveDue } from '../domain/clock-move';

const MARGINAL_SITES_MAX = 20; // new sites in a what-if whose own contribution is computed: each costs one more what-if (~ms), and a planner places a handful

const toEngineAp = (ap: AccessPoint, verifiedAt: ReadonlyMap<number, number> = new Map()): AccessPointInput => ({
  id: ap.id, position: ap.position, status: ap.status, eirpDbm: ap.eirpDbm, band: ap.band,
  ...radioEnvironment(ap.environment), rangeOverrideM: ap.rangeOverrideM, ssid: ap.ssid, bssids: ap.bssids, verifiedAt: verifiedAt.get(ap.id) ?? null, name: ap.name,
});

/** A what-if's hypothetical access point as the engine takes it; ids new-1, new-2, … follow the request's order. */
export const hypotheticalAp = (a: WhatIfInput['add'][number], i: number): AccessPointInput & { position: readonly [number, number] } => ({
  id: `new-${i + 1}`, position: [a.lon, a.lat] as const, status: 'active', eirpDbm: a.eirpDbm, band: a.band,
  ...radioEnvironment(a.environment), rangeOverrideM: a.rangeOverrideM,
});

/** Planners' decisions as the engine takes them: when each AP was confirmed working, which BSSIDs were rejected. */
function readDecisions(store: Store) {
  const verifiedAt = new Map<number, number>(), rejected: string[] = [];
  for (const d of store.hotspotDecisions.latest()) {
    if (d.decision === 'works' && d.accessPointId !== null) verifiedAt.set(d.accessPointId, Date.parse(d.decidedAt));
    if (d.decision === 'rejected' && d.subject.startsWith('bssid:')) rejected.push(d.subject.slice(6));
  }
  return { verifiedAt, rejected };
}

const REFRESH_AFTER_MS = 250; // ms: hotspot fits follow new readings this soon (the readings themselves show at once)
const REFRESH_EVERY_MS = 1_000; // ms: at most one refit a second, however fast readings arrive (bounded cost)

/**
 * The cohort independence is counted by: the credential's; for rows without one (written before device
 * credentials, or a WiGLE uploader's key) the device key stands alone, as store/evidence.ts reads them back.
 * A legacy write (no credential) has neither: an unknown device.
 */
const cohortOf = (deviceKey: string | null, cohortKey: string | null | undefined): string | null => cohortKey ?? deviceKey;

/**
 * Reports enter the model at the centre of their public cell, as the public map shows them: then nothing the
 * model answers anonymously (explain, gaps, their report counts) can place a report finer than that cell.
 * A report is a claim about a spot; ≤ 18 m of shift is within a phone's usual fix.
 */
function atPublicCell<T extends { lon: number; lat: number }>(r: T): T {
  const [lon, lat] = publicPosition([r.lon, r.lat], PUBLIC_CELL_M);
  return { ...r, lon, lat };
}

const APPLY_AFTER_MS = 100; // ms: stored readings wait this long to reach the model, so one apply takes many requests' worth (target: within 1 s)
const APPLY_SLICE = 2_000; // readings per turn of the event loop (a few ms; below the engine's one-rebuild size): reads run between slices

/** An observation as stored, for the model: only readings that say something about free Wi-Fi, never simulated ones. */
const evidenceOf = (o: {
  lon: number; lat: number; accuracyM: number | null; observedAt: string; signalDbm: number | null; noFreeNetwork: boolean | 0 | 1;
  source: string; accessPointId: number | null; ssid: string | null; bssid: string | null; deviceKey: string | null; cohortKey?: string | null;
}): EngineObservation | null => {
  if ((o.signalDbm === null && !o.noFreeNetwork) || o.source === 'simulated') return null;
  const time = Date.parse(o.observedAt);
  return { lon: o.lon, lat: o.lat, accuracyM: o.accuracyM, time, signalDbm: o.signalDbm, deviceKey: o.deviceKey, cohortKey: cohortOf(o.deviceKey, o.cohortKey),
    accessPointId: o.accessPointId, ssid: o.ssid, bssid: o.bssid, scan: scanKeyOf({ source: o.source, time, lon: o.lon, lat: o.lat, deviceKey: o.deviceKey, bssid: o.bssid }) };
};

/** Room for readings in the ingest queue, taken before they are stored; give it back if storing fails. */
export interface IngestTicket {
  /** The rows were stored: their readings join the queue to the model (ids already read from the database are skipped). */
  stored(rows: readonly { id: number; created: boolean; row: ObservationRow }[]): void;
  /** Storing failed: nothing joins the queue. */
  cancel(): void;
}

export function createCoverage(store: Store, now: () => Date, options: Partial<CoverageOptions> = {}, queueMax = INGEST_QUEUE_MAX) {
  const initial = store.evidence.observationsSince(0);
  let modelObservations = initial.rows.length; // observations the model holds
  // Readings stored and waiting for the model, oldest first; `reserved` are being stored (admitted, not yet committed).
  let queue: { at: number; evidence: EngineObservation[] }[] = [];
  let queued = 0, reserved = 0;
  let applying = false; // an apply is scheduled
  // Observations up to `seenUpTo` are in the model; above it, `fedAbove` holds the ids this process fed in itself.
  let seenUpTo = initial.lastId;
  const fedAbove = new Set<number>();
  const areas = store.reference.areas();
  let match: RegistryMatcher = registryMatcher(store.accessPoints.list());
  let lastRefresh = 0;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const city = areas.find((a) => a.kind === 'city') as Area;
  let decisions = readDecisions(store);
  const engine: CoverageEngine = createCoverageEngine({
    boundary: city.geometry,
    wards: areas.filter((a) => a.kind === 'ward').map((w) => ({ id: w.id, name: w.name, geometry: w.geometry })),
    accessPoints: store.accessPoints.list().map((ap) => toEngineAp(ap, decisions.verifiedAt)),
    rejectedBssids: decisions.rejected,
    places: store.reference.places().map((p) => ({ id: p.id, kind: p.kind, demand: p.demand, position: p.position, name: p.name })),
    observations: initial.rows,
    reports: [...store.evidence.reports()].map(atPublicCell),
    now: now().getTime(),
    options,
  });

  /** Refits hotspots if readings came since; at most once a second. */
  const refresh = (force = false): boolean => {
    const at = Date.now();
    if (!force && at - lastRefresh < REFRESH_EVERY_MS) return false;
    lastRefresh = at;
    return engine.refreshHotspots();
  };
  const scheduleRefresh = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = null;
      refresh();
      if (engine.settling) scheduleRefresh(); // too soon after the last one, or fits still catching up: again shortly
    }, REFRESH_AFTER_MS);
    pending.unref?.();
  };
  // The stored readings are settled once at start — whom to distrust among them too — not at the first new one.
  scheduleRefresh();

  /** All evidence read again from the store; queued readings are stored, so the re-read has them. */
  const reread = () => {
    const all = store.evidence.observationsSince(0);
    seenUpTo = all.lastId;
    fedAbove.clear();
    queue = [];
    queued = 0;
    modelObservations = all.rows.length;
    engine.setEvidence({ observations: all.rows, reports: [...store.evidence.reports()].map(atPublicCell) });
    scheduleRefresh(); // settled again, and whom to distrust judged again, without waiting for a new reading
  };
  /**
   * Stored readings join the queue; ids at or below `seenUpTo` were already read from the database (a catch-up
   * or a re-read ran between their commit and now) and are in the model.
   */
  const enqueue = (rows: { id: number; evidence: EngineObservation | null }[]) => {
    const evidence: EngineObservation[] = [];
    for (const { id, evidence: e } of rows) {
      if (id <= seenUpTo) continue;
      fedAbove.add(id); // catchUp must not add it a second time
      if (e) evidence.push(e);
    }
    if (!evidence.length) return;
    queue.push({ at: Date.now(), evidence });
    queued += evidence.length;
    if (!applying) {
      applying = true;
      setTimeout(apply, APPLY_AFTER_MS).unref(); // the readings are stored: a process that exits now rebuilds them at start
    }
  };
  /** Applies queued readings in slices, yielding to other requests between them, until the queue is empty. */
  const apply = () => {
    applying = false;
    const slice: EngineObservation[] = [];
    while (queue.length && slice.length < APPLY_SLICE) {
      const head = queue[0], room = APPLY_SLICE - slice.length;
      const take = head.evidence.length <= room ? head.evidence : head.evidence.splice(0, room);
      if (take === head.evidence) queue.shift();
      for (const e of take) slice.push(e);
    }
    if (slice.length) {
      queued -= slice.length;
      try {
        engine.applyObservationBatch(slice);
        modelObservations += slice.length;
      } catch (err) {
        // Validated at the edge, so this is a bug; the readings are stored, so the model re-reads them all.
        console.error(`coverage model: a queued batch failed (${(err as Error).message}); re-reading the evidence`);
        reread();
      }
      scheduleRefresh();
    }
    if (queue.length) {
      applying = true;
      setImmediate(apply).unref();
    }
  };

  /** The request's what-if as the engine takes it, leaving out ids the registry does not hold. */
  const scenarioOf = (input: WhatIfInput) => ({
    add: input.add.map(hypotheticalAp),
    move: input.move.filter((m) => engine.hasAccessPoint(m.id)).map((m) => ({ id: m.id, position: [m.lon, m.lat] as const })),
    remove: input.remove.filter((id) => engine.hasAccessPoint(id)),
    activate: input.activate.filter((id) => engine.hasAccessPoint(id)),
  });

  const service = {
    /** The registered AP a reading heard, decided here (BSSID; SSID nearby; a client's claim only when plausible). */
    match: (reading: Parameters<RegistryMatcher>[0]) => match(reading),
    /** Brings hotspot fits up to date before a read (no-op when nothing new, or within a second of the last). */
    refresh,
    /** Incremented by every change of the model: anything derived from it is cached against this. */
    get version(): number {
      return engine.version;
    },
    /** The model's clock, ms since the epoch (moved daily by keepTime). */
    get now(): number {
      return engine.now;
    },
    /** dBm from which a level counts as usable free Wi-Fi. */
    get usableDbm(): number {
      return engine.coveredMinDbm;
    },
    /** Side of a level-0 cell, m. */
    get cellSizeM(): number {
      return engine.cellSizeM;
    },
    /** [west, south, east, north]: the area the model covers. */
    bbox: (): BBox => engine.bbox(),
    cells: (bbox: BBox, level: number) => engine.cells(bbox, level),
    cellsGeoJSON: (bbox: BBox, level: number) => engine.cellsGeoJSON(bbox, level),
    gaps: (query?: Parameters<CoverageEngine['gaps']>[0]) => engine.gaps(query),
    gapsGeoJSON: (query?: Parameters<CoverageEngine['gaps']>[0]) => engine.gapsGeoJSON(query),
    gapGeometry: (id: number) => engine.gapGeometry(id),
    /** One gap (tiny ones too) with the places in it named; NotFound for an unknown id. */
    gap(id: number): { summary: GapSummary; geometry: GeoJSON.Polygon; places: { id: number; name: string; kind: string }[] } {
      const summary = engine.gaps({ includeTiny: true }).find((g) => g.id === id);
      if (!summary) throw new NotFound('gap', id);
      const ids = new Set(summary.placeIds.map(Number));
      return { summary, geometry: engine.gapGeometry(id), places: store.reference.places().filter((p) => ids.has(p.id)).map((p) => ({ id: p.id, name: p.name, kind: p.kind })) };
    },
    statistics: () => engine.statistics(),
    explain: (lon: number, lat: number) => engine.explainCell(lon, lat),
    /** Whether the model's registry holds `id` (what-if moves, removals and switch-ons must name one). */
    hasAccessPoint: (id: number) => engine.hasAccessPoint(id),
    /** A what-if on today's model (unknown ids left out), with the reach of each hypothetical AP as the map draws it. */
    whatIf(input: WhatIfInput) {
      const scenario = scenarioOf(input);
      const result = engine.whatIf(scenario);
      // Each new site's own contribution: the scenario's covered area with it, less without it (a site
      // inside another's reach, or where coverage already is, adds ≈ 0 — the planner is warned).
      // One more evaluation per site, so only for scenarios of up to MARGINAL_SITES_MAX new sites (null beyond).
      const addsCoveredAreaM2 = (i: number): number | null =>
        scenario.add.length === 1 && !scenario.move?.length && !scenario.remove?.length && !scenario.activate?.length
          ? result.coveredAreaM2.change
          : scenario.add.length > MARGINAL_SITES_MAX
            ? null
            : Math.round((result.coveredAreaM2.change - engine.whatIf({ ...scenario, add: scenario.add.filter((_, j) => j !== i) }).coveredAreaM2.change) * 100) / 100;
      return { result, added: scenario.add.map((a, i) => ({ id: a.id, position: a.position, reachM: Math.round(modelReach(a)), addsCoveredAreaM2: addsCoveredAreaM2(i) })) };
    },
    /** New access-point sites by greedy maximal covering of today's uncovered demand. */
    recommendSites: (k: number, kind: CandidateKind) => recommendSites(store, engine, k, kind),
    /** Readings and reports the model holds (each stored one fed in once). */
    samplesInModel: () => engine.state.log.length,
    /** Reach drawn on the map: the engine's (calibrated where evidence allows) for registered APs. */
    reachM(ap: AccessPoint): number {
      return engine.hasAccessPoint(ap.id) ? engine.reachOf(ap.id) : modelReach(toEngineAp(ap));
    },
    /** What the readings say about a registered AP (fitted radio, position, probably down); null if unknown. */
    assessment(ap: AccessPoint) {
      return engine.hasAccessPoint(ap.id) ? engine.assessmentOf(ap.id) : null;
    },
    /** Hotspots heard by several phones that nobody registered, as planners see them. */
    discoveries() {
      return engine.discoveries().map((d) => ({
        id: d.bssid, bssid: d.bssid, ssid: d.ssid,
        position: [round6(d.lon), round6(d.lat)] as [number, number],
        readings: d.readings, devices: d.devices, strongestDbm: Math.round(d.strongestDbm * 10) / 10,
        estimatedReachM: Math.round(d.reachM), positionWithinM: Math.round(d.positionWithinM),
        firstSeen: new Date(d.firstSeen).toISOString(), lastSeen: new Date(d.lastSeen).toISOString(), status: 'pending' as const, onPublicMap: d.onPublicMap,
        besideListing: d.besideListing && { ...d.besideListing, id: Number(d.besideListing.id), distanceM: Math.round(d.besideListing.distanceM) }, // the store's ids are numbers
      }));
    },
    /** BSSIDs on a City network heard loudly in places no one hotspot spans (spoofed or moving): not suggested. */
    heardApart() {
      return engine.heardApart().map((a) => ({
        bssid: a.bssid, ssid: a.ssid, readings: a.readings, devices: a.devices, spanM: Math.round(a.spanM), strongestDbm: Math.round(a.strongestDbm * 10) / 10,
        firstSeen: new Date(a.firstSeen).toISOString(), lastSeen: new Date(a.lastSeen).toISOString(),
      }));
    },
    /** A planner decided about a hotspot: re-read the decisions. */
    decisionsChanged(): void {
      decisions = readDecisions(store);
      engine.setRejectedBssids(decisions.rejected);
      const list = store.accessPoints.list();
      engine.setAccessPoints(list.map((ap) => toEngineAp(ap, decisions.verifiedAt))); // checks every entry before it changes anything
      match = registryMatcher(list);
    },
    /** The ward number (1–10) a position lies in, from the grid's ward raster; null outside the city. */
    wardOf([lon, lat]: readonly [number, number]): number | null {
      const here = engine.at(lon, lat);
      const match = here.insideCity && here.wardId ? /(\d+)$/.exec(here.wardId) : null;
      return match ? Number(match[1]) : null;
    },
    registryChanged(): void {
      const list = store.accessPoints.list();
      engine.setAccessPoints(list.map((ap) => toEngineAp(ap, decisions.verifiedAt))); // checks every entry before it changes anything
      match = registryMatcher(list);
    },
    /** Observations stored by a WiGLE upload: they join the queue to the model like the API's. */
    observationsAdded(added: { observation: Observation; deviceKey: string | null; cohortKey?: string | null }[]): void {
      enqueue(added.map(({ observation: o, deviceKey, cohortKey }) => ({
        id: o.id,
        evidence: evidenceOf({ ...o, lon: o.position[0], lat: o.position[1], deviceKey, cohortKey }),
      })));
    },
    /**
     * Room for `n` readings on their way to the model, or null when the queue is full (answer 503: the client
     * retries later and nothing is stored meanwhile). Admitted readings are acknowledged only once stored.
     */
    admit(n: number): IngestTicket | null {
      if (queued + reserved + n > queueMax) return null;
      reserved += n;
      let open = true;
      const release = () => {
        if (open) reserved -= n;
        open = false;
      };
      return {
        stored(rows) {
          release();
          enqueue(rows.filter((r) => r.created).map(({ id, row }) => ({ id, evidence: evidenceOf(row) })));
        },
        cancel: release,
      };
    },
    /** How far the model lags behind what was acknowledged: readings admitted or queued, and the oldest one's wait. */
    ingestState(): { modelObservations: number; pending: number; lagMs: number; settling: boolean } {
      return {
        modelObservations, pending: queued + reserved, lagMs: queue.length ? Date.now() - queue[0].at : 0,
        settling: queued + reserved > 0 || pending !== null || engine.settling, // readings queued, a refresh due, or fits still catching up
      };
    },
    /** A new report, or a counted "me too" by another device (`by`) at the same place. */
    reportAdded(report: Report, by: { deviceKey: string | null; cohortKey: string | null } = report, at = Date.parse(report.observedAt)): void {
      engine.addReport(atPublicCell({
        lon: report.position[0], lat: report.position[1], accuracyM: report.accuracyM, time: at, kind: report.kind,
        deviceKey: by.deviceKey, cohortKey: cohortOf(by.deviceKey, by.cohortKey), accessPointId: report.accessPointId,
      }));
    },
    /** Reports hidden, merged or restored: evidence is re-read from the store. */
    evidenceChanged: () => reread(),
    /** Feeds in observations that other processes stored since (the WiGLE command); returns how many. */
    catchUp(): number {
      while (fedAbove.delete(seenUpTo + 1)) seenUpTo++; // this process's own rows, mostly one run of ids: not read back
      const { rows, lastId } = store.evidence.observationsSince(seenUpTo);
      const fresh = rows.filter((r) => !fedAbove.has(r.id));
      seenUpTo = Math.max(seenUpTo, lastId);
      for (const id of fedAbove) if (id <= seenUpTo) fedAbove.delete(id);
      if (fresh.length === 1) engine.addObservation(fresh[0]);
      else if (fresh.length > 1) engine.addObservations(fresh);
      modelObservations += fresh.length;
      if (fresh.length) scheduleRefresh();
      return fresh.length;
    },
    /** Moves the model's clock to now once a day, in the City's quiet hour when it can (evidence ages and the window move with it). */
    keepTime(): boolean {
      const at = now().getTime();
      if (!clockMoveDue(engine.now, at)) return false;
      engine.setNow(at);
      scheduleRefresh(); // every reading re-weighed: whom to distrust is judged again at the next refresh
      return true;
    },
  };
  return service;
}

export type Coverage = ReturnType<typeof createCoverage>;
