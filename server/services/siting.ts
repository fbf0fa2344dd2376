// Recommending new access-point sites from the live coverage: demand that is not covered today,
// candidate sites of the chosen kind, greedy maximal covering with the marginal gain of each site.
import { reachM as modelReach, type CoverageEngine } from '../domain/coverage';
import { round2, round6 } from '../domain/geo';
import { greedySiting, type Candidate, type DemandPoint } from '../domain/siting';
import { radioEnvironment } from '../domain/ap-environment';
import { DEFAULT_AP_ENVIRONMENT, SITE_CANDIDATES, SITING_DEMAND_KINDS } from '../domain/types';
import type { Store } from '../store';

export const CANDIDATE_KINDS = SITE_CANDIDATES;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

const CITY_OWNED = new Set(['library', 'community_centre', 'city_facility', 'park']); // the City can mount hardware there
const REPORT_DEMAND = 1; // weight of each open "no free Wi-Fi" report, like one transit stop
const CELL_CANDIDATE_LEVEL = 1; // 100 m blocks: fine enough to site a pole, few enough to scan quickly

// A new access point as the City would install it: 20 dBm EIRP, 2.4 GHz, in the one default environment
// (inside the facility; a planner tries other settings in the what-if).
export const NEW_SITE = { eirpDbm: 20, band: '2.4', environment: DEFAULT_AP_ENVIRONMENT } as const;
/** How far NEW_SITE reaches at the covered threshold, m. */
export const newSiteReachM = (): number => modelReach({ eirpDbm: NEW_SITE.eirpDbm, band: NEW_SITE.band, ...radioEnvironment(NEW_SITE.environment) });

/** What siting reads of the model: called by the coverage service, the one that holds the engine. */
export type SitingModel = Pick<CoverageEngine, 'at' | 'cells' | 'bbox' | 'projection'>;

export function recommendSites(store: Store, model: SitingModel, k: number, kind: CandidateKind) {
  const p = model.projection;
  const isCovered = (lon: number, lat: number) => {
    const here = model.at(lon, lat);
    return here.insideCity && here.covered;
  };
  const insideCity = (lon: number, lat: number) => model.at(lon, lat).insideCity;

  const places = store.reference.places();
  const openReports = store.reports.list({ status: ['open', 'acknowledged', 'planned'], kind: SITING_DEMAND_KINDS, radiusM: 50 });
  const demand: DemandPoint[] = [
    ...places.map((pl) => ({ id: `place-${pl.id}`, lon: pl.position[0], lat: pl.position[1], weight: pl.demand })),
    ...openReports.map((r) => ({ id: `report-${r.id}`, lon: r.position[0], lat: r.position[1], weight: REPORT_DEMAND + r.confirmations })),
  ]
    .filter((d) => insideCity(d.lon, d.lat) && !isCovered(d.lon, d.lat))
    .map((d) => ({ id: d.id, x: p.x(d.lon), y: p.y(d.lat), weight: d.weight }));

  const reach = newSiteReachM();
  const site = (id: string, lon: number, lat: number, label: string): Candidate => ({ id, x: p.x(lon), y: p.y(lat), reachM: reach, label });
  let candidates: Candidate[];
  if (kind === 'cells') {
    const batch = model.cells(model.bbox(), CELL_CANDIDATE_LEVEL);
    candidates = batch.ids
      .map((id, i) => ({ id, lon: batch.centres[2 * i], lat: batch.centres[2 * i + 1], share: batch.coveredShare[i] }))
      .filter((b) => b.share < 1)
      .map((b) => site(`cell-${b.id}`, b.lon, b.lat, `100 m block at ${b.lat.toFixed(5)}, ${b.lon.toFixed(5)}`));
  } else {
    const wanted = (kindOfPlace: string) => (kind === 'transit' ? kindOfPlace === 'transit' || kindOfPlace === 'transit_stop' : CITY_OWNED.has(kindOfPlace));
    candidates = places
      .filter((pl) => wanted(pl.kind) && insideCity(pl.position[0], pl.position[1]))
      .map((pl) => site(`place-${pl.id}`, pl.position[0], pl.position[1], pl.name));
  }

  const picks = greedySiting(demand, candidates, k);
  const uncoveredDemand = demand.reduce((sum, d) => sum + d.weight, 0);
  return {
    k,
    candidateKind: kind,
    candidates: candidates.length,
    newSiteReachM: Math.round(reach),
    uncoveredDemand,
    sites: picks.map((pick, i) => ({
      rank: i + 1,
      id: pick.candidate.id,
      label: pick.candidate.label ?? pick.candidate.id,
      position: [round6(p.lon(pick.candidate.x)), round6(p.lat(pick.candidate.y))] as [number, number],
      gain: round2(pick.gain),
      cumulative: round2(pick.cumulative),
      cumulativeShare: uncoveredDemand ? round2(pick.cumulative / uncoveredDemand) : 0,
      covers: pick.covers,
    })),
  };
}

