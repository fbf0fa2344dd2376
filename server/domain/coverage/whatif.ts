// What-if: a scenario (add, move, remove or switch on access points) evaluated on an overlay — a copy of the
// class array patched where the changed discs reach — leaving the engine untouched.
import type { CoverageState } from './state';
import { classify } from './classes';
import { GapIndex } from './components';
import { linkModel } from './propagation';
import { discWindow, stampDisc, type CellWindow, type Transmitter } from './stamp';
import { summariseGaps } from './gaps';
import { round2, round6 } from '../geo';
import { checkAccessPoint, CoverageInputError, type Issue } from './validate';
import type { Scenario, ScenarioResult, GapTotals, AccessPointId } from './types';

const TOP_GAPS = 10; // gaps listed after the scenario: the planner's first page

/** The overlay's arrays, made once per engine (which keeps them) and left clean after each scenario. */
export class WhatIfBuffers {
  readonly best: Float32Array; // scenario prediction for affected cells, -Infinity elsewhere
  readonly mark: Uint8Array; // 1 = affected city cell
  readonly cls: Uint8Array; // overlay classes
  readonly isGap: Uint8Array;
  readonly gaps: GapIndex;
  constructor(engine: CoverageState) {
    const n = engine.grid.cellCount;
    this.best = new Float32Array(n).fill(-Infinity);
    this.mark = new Uint8Array(n);
    this.cls = new Uint8Array(n);
    this.isGap = new Uint8Array(n);
    this.gaps = new GapIndex(engine.grid, engine.ledger, engine.gapDistrict);
  }
}

export function whatIf(engine: CoverageState, scenario: Scenario, buffers: WhatIfBuffers): ScenarioResult {
  const { grid, options, inside, covered } = engine;
  const { before, after } = changedTransmitters(engine, scenario);

  // Cells the change can reach, and the prediction there with the scenario's transmitters.
  const changedWindows = [...before.changed, ...after.changed].map((t) => discWindow(grid, t, engine.floorDbm)).filter((w): w is CellWindow => w !== null);
  const { best, mark, cls, isGap } = buffers;
  const affected: number[] = [];
  for (const w of changedWindows)
    for (let r = w.row0; r <= w.row1; r++)
      for (let c = w.col0, id = r * grid.cols + c; c <= w.col1; c++, id++)
        if (inside[id] && !mark[id]) { mark[id] = 1; affected.push(id); }
  const windowsOf = after.all.map((t) => discWindow(grid, t, engine.floorDbm));
  for (const w of changedWindows)
    after.all.forEach((t, k) => {
      const tw = windowsOf[k];
      if (!tw || tw.col1 < w.col0 || tw.col0 > w.col1 || tw.row1 < w.row0 || tw.row0 > w.row1) return;
      stampDisc(grid, t, engine.floorDbm, (cell, dbm) => { if (mark[cell] && dbm > best[cell]) best[cell] = dbm; }, w);
    });

  // Overlay: the engine's classes with the affected cells refused.
  cls.set(engine.cls);
  const areaDelta = new Float64Array(engine.areas.length);
  let changedCells = 0;
  for (const cell of affected) {
    // Today's evidence is about today's transmitters: where the scenario changes the strongest prediction, the
    // cell is what that prediction says; elsewhere it keeps its fused level.
    const dbm = best[cell] === engine.prediction.bestDbm[cell] ? engine.fused[cell] : Math.fround(engine.priorDbm(best[cell]));
    const to = classify(dbm, options.thresholdsDbm);
    if (to === cls[cell]) continue;
    changedCells++;
    const change = covered[to] - covered[cls[cell]];
    cls[cell] = to;
    if (!change) continue;
    const m2 = change * grid.rowAreaM2[grid.row(cell)];
    areaDelta[0] += m2;
    if (engine.ward[cell]) areaDelta[engine.ward[cell]] += m2;
  }

  const statsBefore = engine.areas.map((_, k) => engine.counters.areaStats(k, covered));
  const share = (k: number, delta: number) => (statsBefore[k].areaM2 ? round6((statsBefore[k].coveredAreaM2 + delta) / statsBefore[k].areaM2) : 0);
  const demand = (classes: Uint8Array) => engine.places.reduce((sum, p) => sum + (p.inCity && covered[classes[p.cell]] ? p.demand : 0), 0);
  const gained: (number | string)[] = [], lost: (number | string)[] = [];
  for (const p of engine.places) {
    if (!p.inCity) continue;
    const was = covered[engine.cls[p.cell]], is = covered[cls[p.cell]];
    if (is && !was) gained.push(p.input.id);
    if (was && !is) lost.push(p.input.id);
  }

  for (const cell of affected) { best[cell] = -Infinity; mark[cell] = 0; } // clean for the next scenario
  for (let cell = 0; cell < grid.cellCount; cell++) isGap[cell] = inside[cell] && !covered[cls[cell]] ? 1 : 0;
  const gapsAfter = buffers.gaps;
  gapsAfter.build(isGap);
  const demandBefore = demand(engine.cls), demandAfter = demand(cls);
  return {
    changedCells,
    coveredAreaM2: { before: statsBefore[0].coveredAreaM2, after: round2(statsBefore[0].coveredAreaM2 + areaDelta[0]), change: round2(areaDelta[0]) },
    coveredShare: { before: statsBefore[0].coveredShare, after: share(0, areaDelta[0]) },
    wards: engine.areas.slice(1).map((a, k) => ({ id: a.id, coveredShareBefore: statsBefore[k + 1].coveredShare, coveredShareAfter: share(k + 1, areaDelta[k + 1]) })),
    demandCovered: { before: round2(demandBefore), after: round2(demandAfter), change: round2(demandAfter - demandBefore), newlyCoveredPlaceIds: gained, lostPlaceIds: lost },
    gaps: { before: totals(engine, engine.gapIndex), after: totals(engine, gapsAfter), top: summariseGaps(engine, gapsAfter).filter((g) => !g.tiny).slice(0, TOP_GAPS) },
  };
}

function totals(engine: CoverageState, index: GapIndex): GapTotals {
  let ranked = 0, areaM2 = 0;
  for (const rec of index.records.values()) {
    if (rec.cells >= engine.options.minGapCells) ranked++;
    areaM2 += rec.areaM2;
  }
  return { count: index.records.size, ranked, areaM2: round2(areaM2) };
}

/** The scenario's transmitters: those that change (before and after) and the full set after. */
function changedTransmitters(engine: CoverageState, scenario: Scenario) {
  const issues: Issue[] = [];
  const known = (id: AccessPointId, path: string) => {
    if (!engine.registryIndex.has(id)) issues.push({ path, message: `access point ${JSON.stringify(id)} is not in the registry` });
  };
  (scenario.remove ?? []).forEach((id, i) => known(id, `remove[${i}]`));
  (scenario.activate ?? []).forEach((id, i) => known(id, `activate[${i}]`));
  (scenario.move ?? []).forEach((m, i) => {
    known(m.id, `move[${i}].id`);
    if (!(Array.isArray(m.position) && Math.abs(m.position[0]) <= 180 && Math.abs(m.position[1]) <= 90))
      issues.push({ path: `move[${i}].position`, message: `${JSON.stringify(m.position)} must be [lon, lat]` });
  });
  const seen = new Set<unknown>(engine.registryIndex.keys());
  (scenario.add ?? []).forEach((ap, i) => checkAccessPoint(ap, `add[${i}]`, issues, seen));
  if (issues.length) throw new CoverageInputError(issues);

  const { grid } = engine;
  const toTransmitter = (index: number, lon: number, lat: number, model: Transmitter['model']): Transmitter => ({ index, x: grid.projection.x(lon), y: grid.projection.y(lat), lat, model });
  const removed = new Set<number>([...(scenario.remove ?? []), ...(scenario.move ?? []).map((m) => m.id)].map((id) => engine.registryIndex.get(id)!));
  const activated = new Set((scenario.activate ?? []).map((id) => engine.registryIndex.get(id)!));
  const beforeChanged = engine.transmitters().filter((t) => removed.has(t.index));
  const afterChanged: Transmitter[] = [
    ...(scenario.move ?? []).flatMap((m) => {
      const e = engine.registry[engine.registryIndex.get(m.id)!];
      return e.active || activated.has(e.index) ? [toTransmitter(e.index, m.position[0], m.position[1], e.model)] : [];
    }),
    ...[...activated].filter((i) => !removed.has(i) && !engine.registry[i].active).map((i) => {
      const e = engine.registry[i];
      return toTransmitter(i, e.input.position[0], e.input.position[1], e.model);
    }),
    ...(scenario.add ?? []).map((ap, k) => toTransmitter(engine.registry.length + k, ap.position[0], ap.position[1], linkModel(ap, engine.coveredMinDbm))),
  ];
  const kept = engine.transmitters().filter((t) => !removed.has(t.index));
  return { before: { changed: beforeChanged }, after: { changed: afterChanged, all: [...kept, ...afterChanged] } };
}
