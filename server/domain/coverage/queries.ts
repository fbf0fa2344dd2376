// Reading cells: everything in a bbox at a fine or coarse level (compact arrays or GeoJSON), and the
// explanation of one cell.
import type { CoverageState } from './state';
import { CLASS_NAMES } from './classes';
import { levelFactor } from './grid';
import { round6 } from '../geo';
import { contributorsAt } from './stamp';
import type { BBox, CellBatch, CellExplanation } from './types';
import { DAY_MS } from './evidence';

/** City cells (level 0) or blocks (levels 1, 2) meeting `bbox`, as parallel arrays. */
export function cellsInBbox(engine: CoverageState, bbox: BBox, level = 0): CellBatch {
  const { grid, inside, cls, fused, confidence, covered, pUsable } = engine;
  const f = levelFactor(level);
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (!(minLon <= maxLon && minLat <= maxLat)) throw new RangeError(`bbox [${bbox.join(', ')}] must be [minLon, minLat, maxLon, maxLat]`);
  const p = grid.projection, cs = grid.cellSizeM;
  const batch: CellBatch = { level, cellSizeM: cs * f, classes: CLASS_NAMES, ids: [], centres: [], cls: [], dbm: [], confidence: [], coveredShare: [], pUsable: [] };
  const cMin = Math.floor((p.x(minLon) - grid.originX) / cs), cMax = Math.floor((p.x(maxLon) - grid.originX) / cs);
  const rMin = Math.floor((p.y(minLat) - grid.originY) / cs), rMax = Math.floor((p.y(maxLat) - grid.originY) / cs);
  if (cMax < 0 || rMax < 0 || cMin >= grid.cols || rMin >= grid.rows) return batch; // misses the grid
  const c0 = clamp(cMin, grid.cols), c1 = clamp(cMax, grid.cols), r0 = clamp(rMin, grid.rows), r1 = clamp(rMax, grid.rows);
  const bc0 = Math.floor(c0 / f), bc1 = Math.floor(c1 / f), br0 = Math.floor(r0 / f), br1 = Math.floor(r1 / f);
  const blocks = (bc1 - bc0 + 1) * (br1 - br0 + 1);
  if (blocks > engine.options.maxCellsPerQuery)
    throw new RangeError(`bbox covers ${blocks} cells at level ${level}, over the limit of ${engine.options.maxCellsPerQuery}: use a coarser level`);
  const blockCols = Math.ceil(grid.cols / f);
  const count = [0, 0, 0, 0];
  for (let br = br0; br <= br1; br++)
    for (let bc = bc0; bc <= bc1; bc++) {
      if (f === 1) {
        const id = br * grid.cols + bc;
        if (!inside[id]) continue;
        push(batch, id, grid.centreLonLat(id), cls[id], fused[id], confidence[id], covered[cls[id]], pUsable[id]);
        continue;
      }
      let n = 0, nCovered = 0, sumDbm = 0, sumConfidence = 0, sumP = 0;
      count.fill(0);
      for (let r = br * f; r < Math.min((br + 1) * f, grid.rows); r++)
        for (let c = bc * f, id = r * grid.cols + c; c < Math.min((bc + 1) * f, grid.cols); c++, id++) {
          if (!inside[id]) continue;
          n++;
          count[cls[id]]++;
          nCovered += covered[cls[id]];
          sumDbm += fused[id];
          sumConfidence += confidence[id];
          sumP += pUsable[id];
        }
      if (!n) continue;
      let dominant = 0;
      for (let k = 1; k < count.length; k++) if (count[k] > count[dominant]) dominant = k; // ties go to the worse class
      const centre: [number, number] = [p.lon(grid.originX + ((bc * f + Math.min((bc + 1) * f, grid.cols)) / 2) * cs), p.lat(grid.originY + ((br * f + Math.min((br + 1) * f, grid.rows)) / 2) * cs)];
      push(batch, br * blockCols + bc, centre, dominant, sumDbm / n, sumConfidence / n, nCovered / n, sumP / n);
    }
  return batch;
}

function push(batch: CellBatch, id: number, centre: [number, number], cls: number, dbm: number, confidence: number, coveredShare: number, pUsable: number): void {
  batch.ids.push(id);
  batch.centres.push(round6(centre[0]), round6(centre[1]));
  batch.cls.push(cls);
  batch.dbm.push(Math.round(dbm * 10) / 10);
  batch.confidence.push(Math.round(confidence * 100) / 100);
  batch.coveredShare.push(Math.round(coveredShare * 1000) / 1000);
  batch.pUsable.push(Math.round(pUsable * 100) / 100);
}

/** The same cells as GeoJSON polygons (for high zooms and GIS). */
export function cellsToGeoJSON(engine: CoverageState, batch: CellBatch): GeoJSON.FeatureCollection<GeoJSON.Polygon> {
  return {
    type: 'FeatureCollection',
    features: batch.ids.map((id, k) => ({
      type: 'Feature',
      id,
      geometry: engine.grid.cellPolygon(id, batch.level),
      properties: { id, level: batch.level, class: CLASS_NAMES[batch.cls[k]], dbm: batch.dbm[k], confidence: batch.confidence[k], coveredShare: batch.coveredShare[k], pUsable: batch.pUsable[k] },
    })),
  };
}

/** Why a cell has its class: the predictions, the evidence and their fusion. */
export function explainCell(engine: CoverageState, lon: number, lat: number): CellExplanation {
  const { grid, prediction, ledger } = engine;
  const cell = grid.cellAt(lon, lat);
  if (cell < 0) throw new RangeError(`[${lon}, ${lat}] is outside the coverage grid ${JSON.stringify(grid.bbox())}`);
  const inCity = engine.inside[cell] === 1;
  const contributors: CellExplanation['contributors'] = contributorsAt(grid, engine.transmitters(), engine.floorDbm, cell, engine.options.topContributors).map(({ tx, dbm, distanceM }) => ({
    accessPointId: tx.index >= 0 ? engine.registry[tx.index].input.id : null,
    ...(tx.index < 0 ? { discoveredBssid: engine.discovered[-1 - tx.index].bssid } : {}),
    distanceM: Math.round(distanceM * 10) / 10,
    predictedDbm: Math.round(dbm * 10) / 10,
    model: tx.model.source,
  }));
  const best = prediction.best(cell);
  const devices = ledger.knownDevices(cell);
  // Anyone may ask about any cell: a reading's time is told to the day, and only where two phones measured,
  // so asking cell after cell cannot date one phone's path.
  const newest = devices >= 2 ? ledger.newest[cell] : -Infinity;
  const ward = engine.ward[cell];
  const explanation: Omit<CellExplanation, 'summary'> = {
    cellId: cell,
    centre: grid.centreLonLat(cell).map(round6) as [number, number],
    insideCity: inCity,
    wardId: ward ? engine.areas[ward].id : null,
    predictedDbm: best > -Infinity ? Math.round(best * 10) / 10 : null,
    contributors,
    evidence: {
      weight: Math.round(ledger.weight[cell] * 1000) / 1000,
      samples: ledger.samples[cell],
      devices,
      reports: engine.reportsByCell.get(cell) ?? 0,
      newestAt: newest > -Infinity ? Math.floor(newest / DAY_MS) * DAY_MS : null,
      ageDays: newest > -Infinity ? Math.floor((engine.now - newest) / DAY_MS) : null,
      setAside: engine.setAsideIn(cell),
    },
    fusedDbm: inCity ? Math.round(engine.fused[cell] * 10) / 10 : null,
    class: inCity ? CLASS_NAMES[engine.cls[cell]] : null,
    covered: inCity && engine.covered[engine.cls[cell]] === 1,
    confidence: inCity ? Math.round(engine.confidence[cell] * 1000) / 1000 : 0,
    pUsable: inCity ? Math.round(engine.pUsable[cell] * 100) / 100 : null,
    uncertaintyDb: inCity ? Math.round(engine.sigma[cell] * 10) / 10 : null,
    pooled: { weight: Math.round(engine.poolW[cell] * 100) / 100, residualDb: Math.round(((engine.fused[cell] - engine.priorDbm(best)) || 0) * 10) / 10 },
    gapId: engine.gapIndex.label[cell] >= 0 ? engine.gapIndex.anchorOf(engine.gapIndex.records.get(engine.gapIndex.label[cell])!) : null,
  };
  return { ...explanation, summary: summarise(engine, explanation) };
}

/** The explanation in plain words: prediction, evidence, uncertainty — what a resident or planner reads. */
export function summarise(engine: CoverageState, e: Omit<CellExplanation, 'summary'>): string {
  if (!e.insideCity || e.class === null) return 'Outside Kitchener: not mapped.';
  const parts: string[] = [];
  const top = e.contributors[0];
  if (!top) parts.push('No known free hotspot reaches this spot');
  else {
    const who = top.accessPointId !== null ? engine.registry[engine.registryIndex.get(top.accessPointId)!]?.input.name ?? `access point ${top.accessPointId}` : 'a hotspot phones found that is not in the registry yet';
    const how = top.model === 'calibrated' ? 'fitted to readings' : top.model === 'override' ? 'reach measured by City staff' : 'estimated from its registry entry';
    parts.push(`Predicted ${dbmWords(e.predictedDbm!)} from ${who}, ${Math.round(top.distanceM)} m away (${how})`);
  }
  const ev = e.evidence, aside = setAsideWords(ev.setAside, ev.samples > 0);
  if (ev.samples > 0) {
    const phones = ev.devices === 1 ? '1 phone' : `${ev.devices} phones`;
    parts.push(`${ev.samples} reading${ev.samples === 1 ? '' : 's'} here${ev.devices ? ` from ${phones}` : ''}${ev.ageDays !== null ? `, newest ${ev.ageDays < 1 ? 'today' : `${Math.round(ev.ageDays)} days ago`}` : ''}`, ...aside);
  } else if (e.pooled.weight >= 0.5) parts.push(aside.length ? `no readings in this cell that count (${aside.join('; ')}), but readings nearby inform it` : 'no readings in this cell, but readings nearby inform it');
  else parts.push(aside.length ? `no readings here that count (${aside.join('; ')})` : 'no readings here yet');
  if (Math.abs(e.pooled.residualDb) >= 3) parts.push(`measurements put it ${Math.abs(e.pooled.residualDb)} dB ${e.pooled.residualDb > 0 ? 'stronger' : 'weaker'} than predicted`);
  const chance = Math.round((e.pUsable ?? 0) * 100);
  const sure = e.uncertaintyDb === null ? '' : e.uncertaintyDb <= 3 ? 'fairly sure' : e.uncertaintyDb <= 6 ? 'somewhat sure' : 'unsure';
  // The class is the level's middle estimate; the chance also carries how such predictions turned out where phones
  // measured (p-calibration.ts), so the two can disagree: say why, rather than leave "fair, 30 %" unexplained.
  const covered = engine.covered[CLASS_NAMES.indexOf(e.class)] === 1;
  const record = covered && chance < 50 ? ' (where phones checked predictions like this one, they were often weaker)'
    : !covered && chance >= 50 ? ' (where phones checked predictions like this one, they were often stronger)' : '';
  return `${parts.join('; ')}. So: ${e.class} (${dbmWords(e.fusedDbm!)}), a ${chance} % chance of usable free Wi-Fi${record} — ${sure} (± ${Math.round(e.uncertaintyDb ?? 0)} dB).`;
}

/** "4 set aside: they name a hotspot …", "1 more set aside as impossible …": readings taken here that count for nothing. */
function setAsideWords({ spoofed, implausible, unconfirmed, unbacked }: CellExplanation['evidence']['setAside'], more: boolean): string[] {
  const n = (count: number) => `${count}${more ? ' more' : ''} set aside`;
  return [
    ...(spoofed > 0 ? [`${n(spoofed)}: ${spoofed === 1 ? 'it names' : 'they name'} a hotspot phones heard in places too far apart to be one`] : []),
    ...(implausible > 0 ? [`${n(implausible)} as impossible from the hotspots known here`] : []),
    ...(unconfirmed > 0 ? [`${n(unconfirmed)} as far weaker than predicted until another phone's reading nearby backs ${unconfirmed === 1 ? 'it' : 'them'}`] : []),
    ...(unbacked > 0 ? [`${n(unbacked)} as far stronger than predicted until another phone's reading nearby backs ${unbacked === 1 ? 'it' : 'them'}`] : []),
  ];
}

/** −72 dBm, with a true minus sign and no false precision. */
function dbmWords(dbm: number): string {
  const r = Math.round(dbm);
  return `${r < 0 ? '−' : ''}${Math.abs(r)} dBm`;
}

function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}
