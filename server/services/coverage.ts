// The coverage model kept in memory and current: built once from the store at start, then fed each
// new observation, report and registry change, so requests never wait for a city-wide recompute.
import { createCoverageEngine, reachM as modelReach, type AccessPointInput, type CoverageEngine } from '../domain/coverage';
import type { AccessPoint, Area, Observation, Report } from '../domain/types';
import type { Store } from '../store';

const toEngineAp = (ap: AccessPoint): AccessPointInput => ({
  id: ap.id, position: ap.position, status: ap.status, eirpDbm: ap.eirpDbm, band: ap.band, indoor: ap.indoor,
  venue: ap.venue, rangeOverrideM: ap.rangeOverrideM,
});

export function createCoverage(store: Store, now: () => Date) {
  const areas = store.reference.areas();
  const city = areas.find((a) => a.kind === 'city') as Area;
  const engine: CoverageEngine = createCoverageEngine({
    boundary: city.geometry,
    wards: areas.filter((a) => a.kind === 'ward').map((w) => ({ id: w.id, name: w.name, geometry: w.geometry })),
    accessPoints: store.accessPoints.list().map(toEngineAp),
    places: store.reference.places().map((p) => ({ id: p.id, kind: p.kind, demand: p.demand, position: p.position, name: p.name })),
    observations: [...store.evidence.observations()],
    reports: [...store.evidence.reports()],
    now: now().getTime(),
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
      engine.setEvidence({ observations: [...store.evidence.observations()], reports: [...store.evidence.reports()] });
    },
  };
}

export type Coverage = ReturnType<typeof createCoverage>;
