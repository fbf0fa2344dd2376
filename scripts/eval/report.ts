// The results as markdown: one table per seed, the targets, and a summary over seeds.
import { REVEAL, SCORED_WITHIN_M, type CheckpointResult, type SeedResult } from './run';

export const TARGETS = {
  usableAccuracy: 0.95, // share of scored area whose usable/not is right
  iou: 0.7, // usable area intersection over union
  areaErrorAbs: 0.05, // |covered-area error|
  deadFlagged: 0.9, // share of dead registered hotspots marked probably down
  unregisteredFound: 0.8, // share of unregistered hotspots among the discoveries
  liarsFlipHa: 1, // ha of usable/not flipped by the liars at the last checkpoint (the table shows every checkpoint's)
};

export const TARGETS_LINE =
  `Targets at the last checkpoint: usable acc ≥ ${TARGETS.usableAccuracy * 100} %, IoU ≥ ${TARGETS.iou.toFixed(2)}, area error within ±${TARGETS.areaErrorAbs * 100} %, ` +
  `dead flagged ≥ ${TARGETS.deadFlagged * 100} %, unregistered found ≥ ${TARGETS.unregisteredFound * 100} %, liars' flip ≤ ${TARGETS.liarsFlipHa} ha.`;

const pct = (v: number | null) => (v === null || Number.isNaN(v) ? '–' : `${(v * 100).toFixed(1)} %`);
const signedPct = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)} %`;
const fixed = (v: number | null, d = 3) => (v === null || Number.isNaN(v) ? '–' : v.toFixed(d));
const count = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

const HEAD = ['readings', '4-class acc', 'usable acc', 'IoU', 'area error', 'expected-area error', 'its 95 % interval holds the truth', 'Brier', 'dead flagged', 'live flagged (false alarms)', 'unregistered found', "liars' flip (ha)", 'registry-only usable acc', 'registry-only IoU', 'obs-else-registry usable acc', 'obs-else-registry IoU'];

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function row(c: CheckpointResult): string[] {
  return [
    count(c.readings) + (c.settled ? '' : ' (unsettled)'), pct(c.accuracy4), pct(c.usableAccuracy), fixed(c.iou), signedPct(c.areaError), c.expectedAreaError === null ? '' : signedPct(c.expectedAreaError), holds(c), fixed(c.brier),
    pct(c.deadFlagged), String(c.liveFlagged ?? '–'), pct(c.unregisteredFound), c.liarsFlipHa === null ? '' : c.liarsFlipHa.toFixed(2),
    pct(c.registryOnly.usableAccuracy), fixed(c.registryOnly.iou), pct(c.observationsElseRegistry.usableAccuracy), fixed(c.observationsElseRegistry.iou),
  ];
}

/** "✓ 569–638 ha" or "✗ …": the server's interval for the expected area, and whether the true area lies in it. */
function holds(c: CheckpointResult): string {
  if (c.expectedIntervalM2 === null || c.intervalHoldsTruth === null) return '';
  const [lo, hi] = c.expectedIntervalM2.map((m2) => (m2 / 10_000).toFixed(0));
  return `${c.intervalHoldsTruth ? '✓' : '✗'} ${lo}–${hi} ha`;
}

export function seedMarkdown(r: SeedResult): string {
  return [
    `### Seed ${r.seed}`,
    '',
    `${r.hotspots} true hotspots (${r.registered} registered, of which ${r.dead} dead and ${r.misplaced} misplaced by 60–150 m; ${r.unregistered} unregistered); ` +
      `${r.scoredCells} scored cells, ${pct(r.scoredUsableShare)} of their area truly usable; true covered area ${r.trueCoveredHa.toFixed(1)} ha (${r.trueUsableBeyondScoredHa.toFixed(1)} ha of it beyond ${SCORED_WITHIN_M} m of every hotspot); ` +
      `${r.liarReadings} liar readings; device credentials: ${r.deviceCredentials}; ${r.seconds.toFixed(0)} s.`,
    '',
    table(HEAD, r.checkpoints.map(row)),
    '',
    coveredLine(r.checkpoints.at(-1)!),
    `Unregistered hotspots the readings could reveal at ${count(r.checkpoints.at(-1)!.readings)} (≥ ${REVEAL.readings} readings naming the BSSID by ≥ ${REVEAL.phones} phones): ${r.checkpoints.at(-1)!.unregisteredObservable} of ${r.unregistered}. ` +
      `Dead hotspots with readings near them (≥ 6 honest readings within 120 m by ≥ 2 phones; a louder neighbour can still hide that it is silent): ${r.checkpoints.at(-1)!.deadJudgeable} of ${r.dead}.`,
    `Ceiling: the true radios without their shadowing (every power, exponent, wall, position and dead hotspot known) score ${pct(r.ceilingUsableAccuracy)} usable accuracy; ` +
      `${pct(r.nearThresholdShare)} of the scored area lies within 3 dB of the usable threshold, where a reading's own noise (σ ≈ 4–5 dB) decides.`,
  ].join('\n');
}

/** Where the area error comes from: the map's covered area city-wide and near the hotspots, against the truth. */
function coveredLine(c: CheckpointResult): string {
  const ha = (m2: number) => `${(m2 / 10_000).toFixed(1)} ha`;
  return `At ${count(c.readings)}: map covered ${ha(c.mapCoveredM2)} city-wide (class-based), ` +
    `expected Σ P(usable) ${ha(c.regionMapCoveredM2)} within 1 km of the square; truly covered ${ha(c.trueCoveredM2)}.`;
}

/** "2 of 3": on how many seeds the interval held the truth. */
function heldCount(cs: CheckpointResult[]): string {
  const known = cs.filter((c) => c.intervalHoldsTruth !== null);
  return known.length ? `${known.filter((c) => c.intervalHoldsTruth).length} of ${known.length}` : '–';
}

/** Mean and worst over seeds, per checkpoint (worst: lowest for shares, largest |error| and flip). */
export function summaryMarkdown(results: SeedResult[]): string {
  const rows = results[0].checkpoints.map((_, k) => {
    const cs = results.map((r) => r.checkpoints[k]);
    const stat = (get: (c: CheckpointResult) => number | null, fmt: (v: number) => string, worst: 'min' | 'max' | 'absmax' = 'min') => {
      const vs = cs.map(get).filter((v): v is number => v !== null && !Number.isNaN(v));
      if (!vs.length) return '–';
      const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
      const w = worst === 'min' ? Math.min(...vs) : worst === 'max' ? Math.max(...vs) : vs.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
      return `${fmt(mean)} / ${fmt(w)}`;
    };
    return [
      count(cs[0].readings), stat((c) => c.accuracy4, pct), stat((c) => c.usableAccuracy, pct), stat((c) => c.iou, fixed), stat((c) => c.areaError, signedPct, 'absmax'), stat((c) => c.expectedAreaError, signedPct, 'absmax'),
      heldCount(cs), stat((c) => c.brier, fixed, 'max'), stat((c) => c.deadFlagged, pct), stat((c) => c.liveFlagged, (v) => v.toFixed(1), 'max'), stat((c) => c.unregisteredFound, pct), stat((c) => c.liarsFlipHa, (v) => v.toFixed(2), 'max'),
      stat((c) => c.registryOnly.usableAccuracy, pct), stat((c) => c.registryOnly.iou, fixed),
      stat((c) => c.observationsElseRegistry.usableAccuracy, pct), stat((c) => c.observationsElseRegistry.iou, fixed),
    ];
  });
  return [`### Summary over seeds ${results.map((r) => r.seed).join(', ')} (mean / worst)`, '', table(HEAD, rows)].join('\n');
}

export function fullMarkdown(results: SeedResult[], context: string): string {
  return ['## Truth simulation results', '', context, '', TARGETS_LINE, '', ...results.flatMap((r) => [seedMarkdown(r), '']), summaryMarkdown(results), ''].join('\n');
}
