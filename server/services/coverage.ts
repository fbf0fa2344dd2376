// The coverage model kept in memory and current: built once from the store at start, then fed each
// new observation, report and registry change, so requests never wait for a city-wide recompute.
// Two things it cannot hear about, caught up by a timer (main.ts): observations other processes write
// to the same file (the WiGLE command), and the passing of time (evidence ages, the 365-day window).
import { createCoverageEngine, reachM as modelReach, type AccessPointInput, type CoverageEngine, type CoverageOptions } from '../domain/coverage';
import { radioEnvironment } from '../domain/ap-environment';
import type { WhatIfInput } from '../domain/schemas';
import type { AccessPoint, Area, Observation, Report } from '../domain/types';
import type { Store } from '../store';

const toEngineAp = (ap: AccessPoint): AccessPointInput => ({
  id: ap.id, position: ap.position, status: ap.status, eirpDbm: ap.eirpDbm, band: ap.band,
  ...radioEnvironment(ap.environment), rangeOverrideM: ap.rangeOverrideM,
});

/** A what-if's hypothetical access point as the engine takes it; ids new-1, new-2, … follow the request's order. */
export const hypotheticalAp = (a: WhatIfInput['add'][number], i: number): AccessPointInput & { position: readonly [number, number] } => ({
  id: `new-${i + 1}`, position: [a.lon, a.lat] as const, status: 'active', eirpDbm: a.eirpDbm, band: a.band,
  ...radioEnvironment(a.environment), rangeOverrideM: a.rangeOverrideM,
});

const CLOCK_STEP_MS = 86_400_000; // move the model's clock daily: a full recompute, and a day is little at a 90-day half-life

export function createCoverage(store: Store, now: () => Date, options: Partial<CoverageOptions> = {}) {
  const initial = store.evidence.observationsSince(0);
  // Observations up to `seenUpTo` are in the model; above it, `fedAbove` holds the ids this process fed in itself.
  let seenUpTo = initial.lastId;
  const fedAbove = new Set<number>();
  const areas = store.reference.areas();
  const city = areas.find((a) => a.kind === 'city') as Area;
  const engine: CoverageEngine = createCoverageEngine({
    boundary: city.geometry,
    wards: areas.filter((a) => a.kind === 'ward').map((w) => ({ id: w.id, name: w.name, geometry: w.geometry })),
    accessPoints: store.accessPoints.list().map(toEngineAp),
    places: store.reference.places().map((p) => ({ id: p.id, kind: p.kind, demand: p.demand, position: p.position, name: p.name })),
    observations: initial.rows,
    reports: [...store.evidence.reports()],
    now: now().getTime(),
    options,
  });

  return {
    engine,
    /** Reach drawn on the map: the engine's (calibrated where evidence allows) for registered APs. */
    reachM(ap: AccessPoint): number {
      return engine.registryIndex.has(ap.id) ? engine.reachOf(ap.id) : modelReach(toEngineAp(ap));
    },
    /** The ward number (1–10) a position lies in, from the grid's ward raster; null outside the city. */
    wardOf([lon, lat]: readonly [number, number]): number | null {
      const cell = engine.grid.cellAt(lon, lat);
      const index = cell >= 0 ? engine.ward[cell] : 0;
      if (!index) return null;
      const match = /(\d+)$/.exec(engine.areas[index].id);
      return match ? Number(match[1]) : null;
    },
    registryChanged(): void {
      engine.setAccessPoints(store.accessPoints.list().map(toEngineAp));
    },
    observationsAdded(added: { observation: Observation; deviceKey: string | null }[]): void {
      for (const { observation } of added) if (observation.id > seenUpTo) fedAbove.add(observation.id);
      const evidence = added
        .filter(({ observation: o }) => o.signalDbm !== null || o.noFreeNetwork)
        .map(({ observation: o, deviceKey }) => ({
          lon: o.position[0], lat: o.position[1], accuracyM: o.accuracyM, time: Date.parse(o.observedAt), signalDbm: o.signalDbm,
          deviceKey, accessPointId: o.accessPointId,
        }));
      if (evidence.length === 1) engine.addObservation(evidence[0]);
      else if (evidence.length > 1) engine.addObservations(evidence);
    },
    /** A new report, or a "me too" by another device at the same place. */
    reportAdded(report: Report, deviceKey: string | null = report.deviceKey, at = Date.parse(report.observedAt)): void {
      engine.addReport({ lon: report.position[0], lat: report.position[1], accuracyM: report.accuracyM, time: at, kind: report.kind, deviceKey, accessPointId: report.accessPointId });
    },
    /** Reports hidden, merged or restored: evidence is re-read from the store. */
    evidenceChanged(): void {
      const all = store.evidence.observationsSince(0);
      seenUpTo = all.lastId;
      fedAbove.clear();
      engine.setEvidence({ observations: all.rows, reports: [...store.evidence.reports()] });
    },
    /** Feeds in observations that other processes stored since (the WiGLE command); returns how many. */
    catchUp(): number {
      const { rows, lastId } = store.evidence.observationsSince(seenUpTo);
      const fresh = rows.filter((r) => !fedAbove.has(r.id));
      seenUpTo = Math.max(seenUpTo, lastId);
      for (const id of fedAbove) if (id <= seenUpTo) fedAbove.delete(id);
      if (fresh.length === 1) engine.addObservation(fresh[0]);
      else if (fresh.length > 1) engine.addObservations(fresh);
      return fresh.length;
    },
    /** Moves the model's clock to now once it is a day behind (evidence ages and the window move with it). */
    keepTime(): boolean {
      const at = now().getTime();
      if (at - engine.now < CLOCK_STEP_MS) return false;
      engine.setNow(at);
      return true;
    },
  };
}

export type Coverage = ReturnType<typeof createCoverage>;
