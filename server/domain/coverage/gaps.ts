// Gaps as the planner sees them: demand inside each (places, transit stops, reports), independent
// devices, confirmation, a rank, and the outline as GeoJSON.
//
// Score = demand + areaScorePerHa × hectares, where demand = Σ place demand weights (1–5) + Σ transit stop
// weights (1 each) + 1 per report inside. People first; area breaks ties between empty gaps.
import type { CoverageState, ResolvedPlace } from './state';
import type { GapIndex, GapRecord } from './components';
import { traceGap, type TraceBuffers } from './trace';
import type { GapSummary } from './types';
import { round2 } from '../geo';

const TRANSIT_STOP_KIND = 'transit_stop'; // places of this kind count as transit-stop demand
const REPORT_DEMAND = 1; // demand points per reporting device: one resident who needed Wi-Fi there

/** Every gap with its demand and evidence, ranked best-first; tiny gaps (rank null) come last, largest first. */
export function summariseGaps(engine: CoverageState, index: GapIndex = engine.gapIndex): GapSummary[] {
  const o = engine.options;
  type Tally = { places: number; transitStops: number; reports: number; reporters: Set<number>; placeIds: (number | string)[]; landmark: ResolvedPlace | null };
  const acc = new Map<number, Tally>();
  const of = (label: number) => {
    let a = acc.get(label);
    if (!a) acc.set(label, (a = { places: 0, transitStops: 0, reports: 0, reporters: new Set(), placeIds: [], landmark: null }));
    return a;
  };
  for (const p of engine.places) {
    if (p.cell < 0 || index.label[p.cell] < 0) continue;
    const a = of(index.label[p.cell]);
    if (p.input.kind === TRANSIT_STOP_KIND) a.transitStops += p.demand;
    else a.places += p.demand;
    a.placeIds.push(p.input.id);
    if (p.input.name && isBetterLandmark(p, a.landmark)) a.landmark = p;
  }
  for (const [cell, count] of engine.reportsByCell) if (index.label[cell] >= 0) of(index.label[cell]).reports += count;
  // Demand counts residents, not reports: one device (cohort) is one voice in a gap however often it reports there,
  // and reports with no credential are one voice together. Until 2026-12-06 one client's 20 reports lifted a gap
  // from rank 150 to 82 in the public ranking of where to add Wi-Fi next.
  for (const [cell, reporters] of engine.reportersByCell) if (index.label[cell] >= 0) for (const d of reporters) of(index.label[cell]).reporters.add(d);

  const summaries: GapSummary[] = [];
  for (const rec of index.records.values()) {
    const a = acc.get(rec.label) ?? { places: 0, transitStops: 0, reports: 0, reporters: new Set<number>(), placeIds: [], landmark: null };
    const total = a.places + a.transitStops + a.reporters.size * REPORT_DEMAND;
    const devices = rec.devices.size, anchor = index.anchorOf(rec), ward = engine.ward[anchor];
    summaries.push({
      id: anchor,
      rank: null,
      tiny: rec.cells < o.minGapCells,
      cells: rec.cells,
      areaM2: round2(rec.areaM2),
      ward: ward ? { ...engine.areas[ward] } : null,
      landmark: a.landmark?.input.name ?? null,
      demand: { total: round2(total), places: round2(a.places), transitStops: round2(a.transitStops), reports: a.reporters.size * REPORT_DEMAND },
      placeIds: a.placeIds,
      reportCount: a.reports,
      devices,
      confirmed: devices >= o.confirmDevices,
      confirmationsNeeded: Math.max(0, o.confirmDevices - devices),
      score: round2(total + (o.areaScorePerHa * rec.areaM2) / 10_000),
      bbox: bboxOf(engine, rec),
    });
  }
  summaries.sort((a, b) => Number(a.tiny) - Number(b.tiny) || b.score - a.score || b.areaM2 - a.areaM2 || a.id - b.id);
  let rank = 0;
  for (const s of summaries) if (!s.tiny) s.rank = ++rank;
  return summaries;
}

/** A gap is named after the place in it people would know: a place before a transit stop, then the most demand. */
function isBetterLandmark(p: ResolvedPlace, than: ResolvedPlace | null): boolean {
  if (!than) return true;
  const stop = (x: ResolvedPlace) => (x.input.kind === TRANSIT_STOP_KIND ? 1 : 0);
  return stop(p) < stop(than) || (stop(p) === stop(than) && p.demand > than.demand);
}

/** The gap's outline: one polygon (outer ring counter-clockwise, holes clockwise), traced once per change. */
export function gapGeometry(engine: CoverageState, rec: GapRecord, buffers: TraceBuffers): GeoJSON.Polygon {
  return (rec.geometry ??= traceGap(engine.grid, engine.gapIndex.label, rec, buffers));
}

function bboxOf(engine: CoverageState, rec: GapRecord): [number, number, number, number] {
  const [w, s] = engine.grid.vertexLonLat(rec.col0, rec.row0);
  const [e, n] = engine.grid.vertexLonLat(rec.col1 + 1, rec.row1 + 1);
  return [w, s, e, n];
}
