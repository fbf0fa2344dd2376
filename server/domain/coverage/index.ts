// Wi-Fi Reach coverage engine: predicted and measured free Wi-Fi per 25 m cell of the city, the gaps
// between, and statistics — pure code (no I/O), kept current one sample at a time.
//
// Build:   createCoverageEngine({ boundary, wards?, accessPoints?, places?, observations?, reports?, now, options? })
// Change:  setAccessPoints(list) · setPlaces(list) · setEvidence({ observations?, reports? }) · setNow(ms) · recompute()
//          addObservation(o) · addReport(r) → touched cell ids (ms or less; cells, gaps and stats stay current)
//          addObservations(list) · addReports(list) (all checked first; big batches apply as one rebuild)
// Read:    cells(bbox, level) · cellsGeoJSON(bbox, level) · explainCell(lon, lat)
//          gaps({ includeTiny?, limit? }) · gapGeometry(id) · gapsGeoJSON({ includeTiny?, limit? })
//          statistics() · whatIf({ add?, move?, remove?, activate? }) · reachOf(apId, dBm?) · modelOf(apId)
//          assessmentOf(apId) · hasAccessPoint(apId) · discoveries() · at(lon, lat) · bbox() · version · now
//          state: the model's arrays and registry, read-only (for queries, gaps, what-if and tests)
// Errors:  CoverageInputError (a RangeError) lists every bad input field as { path, message };
//          a plain RangeError names an unknown id, a bad level or a bbox too big for its level.
// Positions are lon/lat (WGS84) or x/y metres in engine.projection; times are ms since the epoch.
//
// The pipeline, one module per stage (engine.ts drives them):
//   projection → grid (cells, levels, scanline masks) → propagation (+ calibration) → stamp (prediction per cell)
//   evidence (decision table, weights, spread) → log (raw samples) → ledger (per cell and device, capped)
//   fusion (prior + evidence) → classes → stats (counters) and components (gaps, kept current) → trace (outlines)
//   gaps (demand, confirmation, rank) · queries (cells, explain) · whatif (overlay) · validate · random (seeded)
// Queries, gaps and what-if read the engine's state through a read-only view (state.ts), never the engine.

export { CoverageEngine, type CoverageEngineInit } from './engine'; // state, incremental updates, queries
export { DEFAULT_OPTIONS, type CoverageOptions } from './options'; // every tunable, with unit and reason
export { Grid, LEVEL_FACTORS } from './grid'; // 25 m square grid in local metres; 100 m / 400 m levels
export { LocalProjection, EARTH_RADIUS_M } from './projection'; // lon/lat ↔ local metres
export { reachM, predictDbm, linkModel, modelReachM, environmentOf, type LinkModel, type RadioAccessPoint } from './propagation'; // log-distance path loss
export { classify, CLASS_NAMES, type ClassName } from './classes'; // good / fair / poor / none
export { REPORT_KINDS, REPORT_EVIDENCE, type ReportKind } from './evidence'; // what each report says, weights, spread
export { type Calibration } from './calibration'; // what a fitted AP's model says about its fit
export { fitHotspot, type HotspotFit } from './hotspot-fit'; // per-hotspot robust fit of level, exponent and position, with priors
export { CoverageInputError, type Issue } from './validate'; // every bad input with its path
export { mulberry32, gaussian, type Random } from './random'; // seeded randomness (tests, bench, simulation)
export type * from './types'; // inputs and results

import { CoverageEngine, type CoverageEngineInit } from './engine';

/** Builds the engine and computes everything once (≈ 0.1–1 s for the city, depending on evidence). */
export function createCoverageEngine(init: CoverageEngineInit): CoverageEngine {
  return new CoverageEngine(init);
}
