// In-process diagnosis for tuning the model (not the published figures: those go through HTTP, eval-truth.ts).
// Same world and readings as the truth simulation, fed straight to the engine; prints usable accuracy by the
// kind of hotspot nearest each scored cell, split by whether the cell has evidence nearby.
//   node --import tsx scripts/eval/diagnose.ts [seed] [readings]
//   env: REFRESH_EVERY=k (refresh after every k batches, as a timer would), RESIDUALS=1 (truth − fused by band),
//   WORLD=json (world options, e.g. the gentle world), OFFSETS=1 (fitted vs true levels at 30 m), SHIFT=dB [SPREAD=dB] (little-evidence cells moved, offline), OPTS=json,
//   AP=id (one registered AP: prior, fit, truth and every reading matched to it, by distance),
//   BASELINE=1 (where the yardstick "a reading nearby, else the registry" is right and the map is not), CURVE=1 (fitted minus true level by distance), LEVELFIX=1 (offline: the prior corrected per level band by what measured cells say; LEVELFIX_W, LEVELFIX_MEAN, LEVELFIX_WIN, LEVELFIX_KIND),
//   PSPLIT=1 (by pooled weight: P before the learned curve, fused − truth and σ, beside Σ P − truth, which is always printed),
//   HELD=1 (quiet readings held back at the end, and how many have another phone's within 100 m: should be none),
//   FLOOR=1 (Brier by the floor under measured cells' spread, against what leaving each phone out says; FLOOR_MINW),
//   RECOMPUTE_END=1 (a full recompute after settling), ORDER_SEED=k (the same readings in another arrival order), REACH=1 (fitted reach to −75 dBm against the true mean curve's, per fitted live AP)
import { readFileSync } from 'node:fs';
import { createCoverageEngine, type ObservationInput } from '../../server/domain/coverage';
import { registryMatcher } from '../../server/domain/registry-match';
import { scanKeyOf } from '../../server/domain/survey-scan';
import { buildWorld, trueSignal, nearestHotspotM, shuffle } from './world';
import { mulberry32 } from '../../server/domain/coverage/random';
import { simulateReadings } from './readings';
import { usableChance } from '../../server/domain/coverage/fusion';
import { classOf, isUsable } from './score';
import { insidePolygon } from './geo';
import { REPO } from './server';
import { observable, REVEAL } from './run';

const seed = Number(process.argv[2] ?? 1), total = Number(process.argv[3] ?? 50_000);
const city = JSON.parse(readFileSync(`${REPO}data/kitchener-boundary.geojson`, 'utf8')).features[0].geometry;
const world = buildWorld(seed, JSON.parse(process.env.WORLD ?? '{}')); // WORLD='{"shadowSigmaDb":4,"shadowCorrelationM":80}': the gentle world
const simulated = simulateReadings(world, seed, Number(process.env.SIM_TOTAL ?? total), JSON.parse(process.env.READINGS ?? '{}')).readings; // READINGS='{"scanLists":true}' // SIM_TOTAL: the first `total` of a longer simulation, as the HTTP run's checkpoints
// ORDER_SEED=k: the same readings arriving in another order (all are dated alike here), to see whether the map depends on it.
const readings = process.env.ORDER_SEED ? shuffle(mulberry32(Number(process.env.ORDER_SEED)), simulated.slice(0, total)) : simulated;
const now = Date.now();
const aps = world.registry.map((r, k) => ({
  id: k + 1, position: [r.lon, r.lat] as [number, number], status: 'active' as const, eirpDbm: r.eirpDbm, band: r.band, indoor: r.indoor,
  ssid: world.options.ssid, bssids: process.env.NO_BSSIDS ? [] : r.bssids, name: r.name, // NO_BSSIDS=1: SSIDs only, as Kitchener's registry
}));
const match = registryMatcher(aps.map((a) => ({ id: a.id, ssid: a.ssid, bssids: a.bssids, position: a.position, status: a.status })));
const t0 = Date.now();
const engine = createCoverageEngine({ boundary: city, accessPoints: aps, now, options: JSON.parse(process.env.OPTS ?? "{}") });
// REAL_TIMES=1: each reading dated as the HTTP run dates it (spread over 29 days), not all ten days ago.
const timeOf = (r: (typeof readings)[number]) => (process.env.REAL_TIMES ? now - r.agoMs : now - 86_400_000 * 10);
const observations: ObservationInput[] = readings.slice(0, total).map((r) => ({
  lon: r.lon, lat: r.lat, accuracyM: r.accuracyM, time: timeOf(r), signalDbm: r.noFreeNetwork ? null : r.signalDbm!,
  deviceKey: `d${r.device}`, ssid: r.ssid ?? null, bssid: r.bssid ?? null,
  scan: scanKeyOf({ source: r.source, time: timeOf(r), lon: r.lon, lat: r.lat, deviceKey: `d${r.device}`, bssid: r.bssid ?? null }),
  accessPointId: match({ position: [r.lon, r.lat], ssid: r.ssid, bssid: r.bssid }),
}));
for (let i = 0; i < observations.length; i += 1000) { engine.addObservations(observations.slice(i, i + 1000)); if (process.env.REFRESH_EVERY && (i / 1000) % Number(process.env.REFRESH_EVERY) === 0) engine.refreshHotspots(); }
// As the server's timer does once the stream pauses (SERVER_LIKE=1: exactly so, once and then only while settling).
const alwaysRefreshes = process.env.SERVER_LIKE ? 1 : 2;
for (let k = 0; k < 20 && (k < alwaysRefreshes || engine.settling); k++) engine.refreshHotspots();
if (process.env.RECOMPUTE_END) { console.log(`settling after the stream: ${engine.settling}`); engine.recompute(); for (let k = 0; k < 20 && (k < 2 || engine.settling); k++) engine.refreshHotspots(); }
console.log(`engine: ${Date.now() - t0} ms`);

/** Metres between a discovered hotspot's fitted position and its true site. */
const offsetFromTruth = (d: { x: number; y: number }, h: { x: number; y: number }) => {
  const p = engine.state.grid.projection;
  return Math.hypot(world.frame.x(p.lon(d.x)) - h.x, world.frame.y(p.lat(d.y)) - h.y);
};
const kindOf = (h: (typeof world.hotspots)[number]) => (!h.registered ? 'unregistered' : !h.alive ? 'dead' : world.registry.find((r) => r.hotspotId === h.id)!.misplaced ? 'misplaced' : 'normal');
const stats = new Map<string, { n: number; ok: number; falseCov: number; falseUnc: number }>();
let trueArea = 0, mapArea = 0, expArea = 0, pOk = 0, pArea = 0;
const g = engine.state.grid;

/** Calls fn for every city cell of the scored square and its 1.2 km margin, with its frame metres. */
function eachRegionCell(fn: (cell: number, x: number, y: number, lon: number, lat: number) => void): void {
  for (let cell = 0; cell < g.cellCount; cell++) {
    if (!engine.state.inside[cell]) continue;
    const [lon, lat] = g.centreLonLat(cell);
    const x = world.frame.x(lon), y = world.frame.y(lat);
    if (Math.abs(x) > world.halfM + 1200 || Math.abs(y) > world.halfM + 1200) continue;
    fn(cell, x, y, lon, lat);
  }
}

/** Calls fn for every scored cell (a city cell within 400 m of a true hotspot), with whether it is truly usable. */
function eachScoredCell(fn: (cell: number, x: number, y: number, truth: boolean) => void): void {
  for (let cell = 0; cell < g.cellCount; cell++) {
    if (!engine.state.inside[cell]) continue;
    const [lon, lat] = g.centreLonLat(cell);
    const x = world.frame.x(lon), y = world.frame.y(lat);
    if (nearestHotspotM(world, x, y) > 400 || !insidePolygon(city, [lon, lat])) continue;
    fn(cell, x, y, isUsable(classOf(trueSignal(world, x, y).dbm)));
  }
}
for (let cell = 0; cell < g.cellCount; cell++) {
  if (!engine.state.inside[cell]) continue;
  const [lon, lat] = g.centreLonLat(cell);
  const x = world.frame.x(lon), y = world.frame.y(lat);
  if (Math.abs(x) > world.halfM + 1200 || Math.abs(y) > world.halfM + 1200) continue;
  const truth = isUsable(classOf(trueSignal(world, x, y).dbm));
  const area = g.rowAreaM2[g.row(cell)];
  if (truth) trueArea += area;
  const pred = engine.state.covered[engine.state.cls[cell]] === 1;
  if (pred) mapArea += area;
  expArea += engine.state.pUsable[cell] * area;
  if (engine.state.pUsable[cell] >= 0.5) pArea += area;
  if (nearestHotspotM(world, x, y) > 400 || !insidePolygon(city, [lon, lat])) continue;
  let best = Infinity, near = world.hotspots[0];
  for (const h of world.hotspots) { const d = Math.hypot(h.x - x, h.y - y); if (d < best) [best, near] = [d, h]; }
  const key = `${kindOf(near)} / ${engine.state.poolW[cell] >= 0.5 ? 'evidence' : 'no evidence'}`;
  const s = stats.get(key) ?? { n: 0, ok: 0, falseCov: 0, falseUnc: 0 };
  s.n++;
  if (pred === truth) s.ok++;
  if ((engine.state.pUsable[cell] >= 0.5) === truth) pOk++;
  else if (pred) s.falseCov++;
  else s.falseUnc++;
  stats.set(key, s);
}
let n = 0, ok = 0;
for (const [k, s] of [...stats].sort()) {
  n += s.n; ok += s.ok;
  console.log(`${k.padEnd(32)} cells ${String(s.n).padStart(6)}  acc ${(100 * s.ok / s.n).toFixed(1)} %  false covered ${s.falseCov}  false uncovered ${s.falseUnc}`);
}
console.log(`usable acc ${(100 * ok / n).toFixed(1)} %; area: true ${(trueArea / 1e4).toFixed(0)} ha, map ${(mapArea / 1e4).toFixed(0)} ha, expected ${(expArea / 1e4).toFixed(0)} ha`);
{
  let covered = 0, sum = 0;
  for (let cell = 0; cell < g.cellCount; cell++) if (engine.state.inside[cell] && engine.state.covered[engine.state.cls[cell]] === 1) { covered++; sum = (sum * 31 + cell) % 1_000_000_007; }
  console.log(`map fingerprint: ${covered} covered cells, checksum ${sum}`);
}
console.log(`by P(usable) ≥ 0.5 instead of the class: usable acc ${(100 * pOk / n).toFixed(1)} %, area ${(pArea / 1e4).toFixed(0)} ha`);
const s = engine.statistics();
console.log('hotspots', s.hotspots);
const deadList = world.registry.map((r, k) => ({ r, k })).filter(({ r }) => !world.hotspots[r.hotspotId].alive);
console.log('dead flagged', deadList.filter(({ k }) => engine.assessmentOf(k + 1).probablyDown).length, '/', deadList.length);
console.log("dead verdicts", deadList.map(({ k }) => JSON.stringify(engine.assessmentOf(k + 1).nearby)).join(' '));
const alive = world.registry.map((r, k) => ({ r, k })).filter(({ r }) => world.hotspots[r.hotspotId].alive);
console.log('P(off): dead', deadList.map(({ k }) => engine.assessmentOf(k + 1).nearby?.pDown ?? 0).sort((a, b) => b - a).map((p) => p.toFixed(2)).join(' '),
  '| live (top 12)', world.registry.map((r, k) => ({ r, k })).filter(({ r }) => world.hotspots[r.hotspotId].alive).map(({ k }) => engine.assessmentOf(k + 1).nearby?.pDown ?? 0).sort((a, b) => b - a).slice(0, 12).map((p) => p.toFixed(2)).join(' '));
console.log('alive flagged', alive.filter(({ k }) => engine.assessmentOf(k + 1).probablyDown).length, '/', alive.length);
{
  const found = engine.discoveries(), unreg = world.hotspots.filter((h) => !h.registered);
  const named = unreg.filter((h) => found.some((d) => d.bssid === h.bssid)).length;
  const revealed = observable(world, readings.slice(0, total).filter((r) => !r.liar));
  console.log(`unregistered found ${named} of ${unreg.length} (named by ≥ ${REVEAL.readings} readings from ≥ ${REVEAL.phones} phones: ${revealed}); discoveries ${found.length}, ${found.length - named} of them no unregistered hotspot`);
  const apart = engine.heardApart(), honestApart = apart.filter((a) => world.hotspots.some((h) => h.bssid === a.bssid));
  console.log(`heard too far apart (not suggested): ${apart.length}, of them real hotspots ${honestApart.length}${apart.length ? ` — spans ${apart.map((a) => `${(a.spanM / 1000).toFixed(1)} km by ${a.devices}`).join(', ')}` : ''}`);
  console.log('discovered: m from the true site (readings, phones, m from the square edge)', engine.state.discovered.map((d) => {
    const h = world.hotspots.find((t) => t.bssid === d.bssid);
    if (!h) return 'no hotspot';
    return `${offsetFromTruth(d, h).toFixed(0)} (${d.readings}, ${d.devices}, ${(world.halfM - Math.max(Math.abs(h.x), Math.abs(h.y))).toFixed(0)})`;
  }).join(' '));
}
for (const { r, k } of alive.filter(({ k }) => engine.assessmentOf(k + 1).probablyDown)) {
  const h = world.hotspots[r.hotspotId];
  console.log(`  false alarm: misplaced ${r.misplaced} offset ${Math.round(r.offsetM)} m, true ${h.eirpDbm} dBm ${h.band} GHz n ${h.exponent.toFixed(2)} wall ${h.wallLossDb.toFixed(0)} indoor ${h.indoor}; registry ${r.eirpDbm} dBm indoor ${r.indoor}`, JSON.stringify(engine.assessmentOf(k + 1).nearby));
}
const moved = world.registry.map((r, k) => ({ r, k, a: engine.assessmentOf(k + 1) })).filter(({ r }) => r.misplaced);
console.log("misplaced: offset → moved (readings, devices, fit moved)", moved.map(({ r, k, a }) => `${Math.round(r.offsetM)}→${a.movedM} (${a.readings}, ${a.devices}, ${Math.round(engine.state.registry[k].fit?.fit?.movedM ?? -1)})`).join(" "));
{
  // Ceiling checks: the true radio of every live hotspot without its shadowing; and the truth's own share near the threshold.
  const { meanDbm } = await import('./world');
  let n = 0, okMean = 0, near3 = 0;
  for (let cell = 0; cell < g.cellCount; cell++) {
    if (!engine.state.inside[cell]) continue;
    const [lon, lat] = g.centreLonLat(cell);
    const x = world.frame.x(lon), y = world.frame.y(lat);
    if (nearestHotspotM(world, x, y) > 400 || !insidePolygon(city, [lon, lat])) continue;
    const t = trueSignal(world, x, y).dbm;
    let m = -Infinity;
    for (const h of world.hotspots) if (h.alive) m = Math.max(m, meanDbm(h, Math.hypot(h.x - x, h.y - y)));
    n++;
    if (isUsable(classOf(m)) === isUsable(classOf(t))) okMean++;
    if (Math.abs(t + 75) < 3) near3++;
  }
  console.log(`oracle radio without shadowing: ${(100 * okMean / n).toFixed(1)} %; cells within 3 dB of −75: ${(100 * near3 / n).toFixed(1)} %`);
}
{
  // Where the errors are: the truth's distance from the covered threshold, and the fused level's error.
  const bins = [1, 2, 3, 5, 8, 12, 99], wrong = new Array(bins.length).fill(0), all = new Array(bins.length).fill(0);
  let se = 0, bias = 0, m = 0;
  for (let cell = 0; cell < g.cellCount; cell++) {
    if (!engine.state.inside[cell] || engine.state.poolW[cell] < 0.5) continue;
    const [lon, lat] = g.centreLonLat(cell);
    const x = world.frame.x(lon), y = world.frame.y(lat);
    if (nearestHotspotM(world, x, y) > 400) continue;
    const t = Math.max(trueSignal(world, x, y).dbm, -95);
    const b = bins.findIndex((v) => Math.abs(t + 75) < v);
    all[b]++;
    if (isUsable(classOf(t)) !== (engine.state.covered[engine.state.cls[cell]] === 1)) wrong[b]++;
    const e = engine.state.fused[cell] - t;
    se += e * e; bias += e; m++;
  }
  console.log('cells with evidence: |truth − threshold| < dB → error rate', bins.map((v, k) => `${v}: ${(100 * wrong[k] / Math.max(1, all[k])).toFixed(0)} % of ${all[k]}`).join(', '));
  console.log(`fused − truth: RMSE ${Math.sqrt(se / m).toFixed(1)} dB, bias ${(bias / m).toFixed(1)} dB`);
}
{
  // Reliability of P(usable): in bins of P, the share truly usable (all cells near hotspots; region margin 1.2 km).
  const edges = [0, 0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98, 1.01], n = new Array(8).fill(0), yes = new Array(8).fill(0), sumP = new Array(8).fill(0);
  const nEv = new Array(8).fill(0);
  // Σ (P − truth) area by how much evidence the cell has (pooled weight), ha: where the expected area's bias comes from.
  const wEdges = [0, 0.1, 0.5, 1, 2, 4, 1e9], excess = new Array(6).fill(0), cellsW = new Array(6).fill(0), pW = new Array(6).fill(0), yesW = new Array(6).fill(0);
  const rawW = new Array(6).fill(0), errW = new Array(6).fill(0), errN = new Array(6).fill(0), sigW = new Array(6).fill(0); // PSPLIT=1: P before the curve, fused − truth, σ
  let brier = 0, scored = 0;
  for (let cell = 0; cell < g.cellCount; cell++) {
    if (!engine.state.inside[cell]) continue;
    const [lon, lat] = g.centreLonLat(cell);
    const x = world.frame.x(lon), y = world.frame.y(lat);
    if (Math.abs(x) > world.halfM + 1200 || Math.abs(y) > world.halfM + 1200) continue;
    const p = engine.state.pUsable[cell], b = edges.findIndex((e, k) => p >= e && p < edges[k + 1]);
    n[b]++; sumP[b] += p; if (engine.state.poolW[cell] >= 0.5) nEv[b]++;
    const usable = isUsable(classOf(trueSignal(world, x, y).dbm));
    if (usable) yes[b]++;
    const wb = wEdges.findIndex((e, k) => engine.state.poolW[cell] >= e && engine.state.poolW[cell] < wEdges[k + 1]);
    excess[wb] += (p - (usable ? 1 : 0)) * g.rowAreaM2[g.row(cell)] / 1e4; cellsW[wb]++; pW[wb] += p; if (usable) yesW[wb]++;
    if (process.env.PSPLIT) { const raw = usableChance(engine.state.fused[cell], engine.state.sigma[cell], engine.state.coveredMinDbm); const t = trueSignal(world, x, y).dbm; rawW[wb] += raw; if (Number.isFinite(t) && t > -100) { errW[wb] += engine.state.fused[cell] - t; errN[wb]++; } sigW[wb] += engine.state.sigma[cell]; }
    if (nearestHotspotM(world, x, y) <= 400 && insidePolygon(city, [g.centreLonLat(cell)[0], g.centreLonLat(cell)[1]])) { brier += (p - (usable ? 1 : 0)) ** 2; scored++; }
  }
  console.log(`Brier (scored cells) ${(brier / scored).toFixed(4)}`);
  if (process.env.PSPLIT) console.log('PSPLIT by pooled weight: raw P (no curve), fused − truth (finite truth), mean σ:', wEdges.slice(0, -1).map((e, k) => `w ≥ ${e}: ${(rawW[k] / Math.max(1, cellsW[k])).toFixed(3)}, ${(errW[k] / Math.max(1, errN[k])).toFixed(2)} dB, σ ${(sigW[k] / Math.max(1, cellsW[k])).toFixed(2)}`).join(' | '));
  console.log('Σ P − truth by pooled weight (ha; cells, mean P → share usable):', wEdges.slice(0, -1).map((e, k) => `w ≥ ${e}: ${excess[k] >= 0 ? '+' : ''}${excess[k].toFixed(1)} (${cellsW[k]}, ${(pW[k] / Math.max(1, cellsW[k])).toFixed(3)} → ${(yesW[k] / Math.max(1, cellsW[k])).toFixed(3)})`).join(' | '));
  console.log('P bins: mean P → truly usable (cells, with evidence)', edges.slice(0, -1).map((e, k) => `${(sumP[k] / Math.max(1, n[k])).toFixed(2)}→${(yes[k] / Math.max(1, n[k])).toFixed(2)} (${n[k]}, ${nEv[k]})`).join(' | '));
}
{
  // Liars: the same honest readings without them; the usable/not map's difference, in hectares.
  const clean = createCoverageEngine({ boundary: city, accessPoints: aps, now, options: JSON.parse(process.env.OPTS ?? '{}') });
  const honest = observations.filter((_, k) => !readings[k].liar);
  for (let i = 0; i < honest.length; i += 1000) clean.addObservations(honest.slice(i, i + 1000));
  for (let k = 0; k < 20 && (k < alwaysRefreshes || clean.settling); k++) clean.refreshHotspots();
  let flipped = 0;
  for (let cell = 0; cell < g.cellCount; cell++) if (engine.state.inside[cell] && engine.state.covered[engine.state.cls[cell]] !== clean.state.covered[clean.state.cls[cell]]) flipped += g.rowAreaM2[g.row(cell)];
  console.log(`liars flip ${(flipped / 1e4).toFixed(2)} ha`);
  if (process.env.FLIPS) for (const [name, en] of [['with liars', engine], ['without', clean]] as const) { const p = en as unknown as { distrusted: Set<number>; lonely: Set<number>; devices: { key(id: number): string } }; console.log(`  ${name}: distrusted ${[...p.distrusted].map((d) => p.devices.key(d)).join(' ')} lonely ${[...p.lonely].map((d) => p.devices.key(d)).join(' ')}`); }
  if (process.env.FLIPS) {
    // FLIPS=1: the flipped area by the true hotspot nearest each flipped cell (its kind, its distance, which way).
    const by = new Map<string, { ha: number; lost: number; far: number }>();
    eachRegionCell((cell, x, y) => {
      const was = clean.state.covered[clean.state.cls[cell]], is = engine.state.covered[engine.state.cls[cell]];
      if (was === is) return;
      let near = 0, d = Infinity;
      world.hotspots.forEach((h, k) => { const dk = Math.hypot(x - h.x, y - h.y); if (dk < d) { d = dk; near = k; } });
      const key = `hotspot ${near} (${kindOf(world.hotspots[near])})`;
      const e = by.get(key) ?? { ha: 0, lost: 0, far: 0 };
      e.ha += g.rowAreaM2[g.row(cell)] / 1e4; if (was) e.lost += g.rowAreaM2[g.row(cell)] / 1e4; e.far = Math.max(e.far, d);
      by.set(key, e);
      if (process.env.FLIPS === '2') {
        let best = Infinity, kind = '', dev = -1;
        readings.slice(0, total).forEach((r) => { if (!r.liar) return; const dd = Math.hypot(world.frame.x(r.lon) - x, world.frame.y(r.lat) - y); if (dd < best) { best = dd; kind = r.liar; dev = r.device; } });
        console.log(`   cell ${cell} ${was ? 'covered→not' : 'not→covered'} fused ${clean.state.fused[cell].toFixed(1)}→${engine.state.fused[cell].toFixed(1)} w ${clean.state.ledger.weight[cell].toFixed(2)}→${engine.state.ledger.weight[cell].toFixed(2)} pool ${clean.state.poolW[cell].toFixed(2)}→${engine.state.poolW[cell].toFixed(2)} prior ${clean.state.prediction.best(cell)}→${engine.state.prediction.best(cell)} nearest liar ${kind} ${dev} ${best.toFixed(0)} m`);
      }
    });
    const discoveredVerdict = (en: typeof engine, h: (typeof world.hotspots)[number]) => {
      const d = en.state.discovered.find((found) => found.bssid === h.bssid);
      if (!d) return 'not discovered';
      return `discovered ${offsetFromTruth(d, h).toFixed(0)} m from its true site, ${d.readings} readings by ${d.devices} phones, ${d.model.dbmAt1m.toFixed(1)} dBm at 1 m, n ${d.model.n.toFixed(2)}, heard within ${d.model.heardWithinM?.toFixed(0)} m`;
    };
    for (const [k, e] of [...by].sort((a, b) => b[1].ha - a[1].ha)) {
      const id = world.registry.findIndex((r) => r.hotspotId === Number(k.split(' ')[1])) + 1;
      const h = world.hotspots[Number(k.split(' ')[1])];
      const verdict = (en: typeof engine) => (id ? JSON.stringify({ down: en.assessmentOf(id).probablyDown, ...en.assessmentOf(id).nearby, model: en.modelOf(id), fitDevices: en.assessmentOf(id).devices, learnedBssids: en.assessmentOf(id).learnedBssids, trueBssid: h.bssid }) : discoveredVerdict(en, h));
      console.log(`  ${k}: ${e.ha.toFixed(2)} ha (${e.lost.toFixed(2)} ha covered → not), farthest ${e.far.toFixed(0)} m\n    with liars ${verdict(engine)}\n    without    ${verdict(clean)}`);
    }
  }
}
if (process.env.RESIDUALS) {
  // Truth − fused level by fused band, for cells with little evidence and with some: bias and spread of the prior.
  const bands = [-95, -90, -85, -80, -75, -70, -65, -55, 0];
  for (const withEv of [false, true]) {
    const n = new Array(bands.length).fill(0), sum = new Array(bands.length).fill(0), sq = new Array(bands.length).fill(0), sig = new Array(bands.length).fill(0);
    eachRegionCell((cell, x, y) => {
      if ((engine.state.poolW[cell] >= 0.5) !== withEv) return;
      const f = engine.state.fused[cell], t = Math.max(trueSignal(world, x, y).dbm, -100);
      const b = bands.findIndex((v) => f < v);
      if (b < 0) return;
      n[b]++; sum[b] += t - f; sq[b] += (t - f) ** 2; sig[b] += engine.state.sigma[cell];
    });
    console.log(withEv ? 'with evidence' : 'little evidence', bands.map((v, k) => `<${v}: n ${n[k]} bias ${(sum[k] / Math.max(1, n[k])).toFixed(1)} sd ${Math.sqrt(Math.max(0, sq[k] / Math.max(1, n[k]) - (sum[k] / Math.max(1, n[k])) ** 2)).toFixed(1)} σ ${(sig[k] / Math.max(1, n[k])).toFixed(1)}`).join(' | '));
  }
}
if (process.env.SHIFT) {
  // What if little-evidence cells' level moved by SHIFT dB and P used spread SPREAD (offline, scored cells only)?
  const shift = Number(process.env.SHIFT), spread = Number(process.env.SPREAD ?? 0);
  const { normalCdf } = await import('../../server/domain/coverage/fusion');
  let n = 0, ok = 0, okShift = 0, expA = 0, expB = 0, trueA = 0, mapA = 0, mapB = 0;
  eachRegionCell((cell, x, y, lon, lat) => {
    const truth = isUsable(classOf(trueSignal(world, x, y).dbm));
    const little = engine.state.poolW[cell] < 0.5, f = engine.state.fused[cell];
    const moved = little ? f + shift : f;
    const s = spread && little ? spread : engine.state.sigma[cell];
    trueA += truth ? 1 : 0; expA += engine.state.pUsable[cell]; expB += normalCdf((moved + 75) / s);
    mapA += f >= -75 ? 1 : 0; mapB += moved >= -75 ? 1 : 0;
    if (nearestHotspotM(world, x, y) > 400 || !insidePolygon(city, [lon, lat])) return;
    n++;
    if ((f >= -75) === truth) ok++;
    if ((moved >= -75) === truth) okShift++;
  });
  console.log(`shift ${shift} dB: usable acc ${(100 * ok / n).toFixed(1)} → ${(100 * okShift / n).toFixed(1)} % (fused ≥ −75 as the class); expected area ${(100 * (expA / trueA - 1)).toFixed(0)} % → ${(100 * (expB / trueA - 1)).toFixed(0)} % vs truth; covered (class) ${(100 * (mapA / trueA - 1)).toFixed(0)} % → ${(100 * (mapB / trueA - 1)).toFixed(0)} % (cells)`);
}
if (process.env.OFFSETS) {
  // Fitted APs' level at 30 m against their registry default, and the truth's for the unfitted ones.
  const { linkModel, predictDbm } = await import('../../server/domain/coverage/propagation');
  const { meanDbm } = await import('./world');
  const rows: string[] = [];
  const fitted: number[] = [], trueUnfitted: number[] = [], trueFitted: number[] = [];
  world.registry.forEach((r, k) => {
    const e = engine.state.registry[k], base = linkModel(aps[k]), h = world.hotspots[r.hotspotId];
    const trueOff = h.alive ? meanDbm(h, 30) - predictDbm(base, 30) : NaN;
    if (e.fit?.fit) { fitted.push(predictDbm(e.model, 30) - predictDbm(base, 30)); if (h.alive) trueFitted.push(trueOff); }
    else if (h.alive) trueUnfitted.push(trueOff);
  });
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  console.log(`offsets at 30 m vs registry default: fitted APs (n ${fitted.length}) median ${med(fitted).toFixed(1)} dB (their truth ${med(trueFitted).toFixed(1)}); unfitted live APs (n ${trueUnfitted.length}) truth median ${med(trueUnfitted).toFixed(1)} dB`);
  void rows;
}
if (process.env.EXCESS) {
  // Where Σ P(usable) exceeds the truly usable area: by the kind of the cell's strongest transmitter and its evidence.
  const { predictDbm } = await import('../../server/domain/coverage/propagation');
  const txs = engine.state.transmitters();
  const rows = new Map<string, { cells: number; sumP: number; usable: number; mapCov: number }>();
  eachRegionCell((cell, x, y) => {
    let best = -Infinity, kind = 'none';
    for (const t of txs) {
      const east = g.projection.eastScale(t.lat), d = Math.hypot((t.x - g.colCentreX(g.col(cell))) * east, t.y - g.rowCentreY(g.row(cell)));
      const v = predictDbm(t.model, Math.max(d, 1));
      if (v > best) { best = v; kind = t.index < 0 ? 'discovered' : engine.state.registry[t.index].fit?.fit ? 'fitted' : 'unfitted'; }
    }
    if (best < -85) kind = 'none';
    const key = `${kind} / ${engine.state.poolW[cell] >= 0.5 ? 'evidence' : 'little'}`;
    const r = rows.get(key) ?? { cells: 0, sumP: 0, usable: 0, mapCov: 0 };
    r.cells++; r.sumP += engine.state.pUsable[cell]; r.usable += isUsable(classOf(trueSignal(world, x, y).dbm)) ? 1 : 0; r.mapCov += engine.state.covered[engine.state.cls[cell]];
    rows.set(key, r);
  });
  for (const [k, r] of [...rows].sort()) console.log(`${k.padEnd(24)} cells ${String(r.cells).padStart(6)}  ΣP ${r.sumP.toFixed(0).padStart(6)}  usable ${String(r.usable).padStart(6)}  map covered ${String(r.mapCov).padStart(6)}  excess ${(r.sumP - r.usable).toFixed(0)}`);
}
if (process.env.CALIB) {
  // Offline: learn P(measured usable | prior-only P) from cells with their own readings, apply it to cells with little evidence.
  const { normalCdf } = await import('../../server/domain/coverage/fusion');
  const e = engine as unknown as { priorKind: Uint8Array; priorSigmas: Float64Array; priorDbm(b: number): number; ledger: { weight: Float64Array; weightedDbm: Float64Array }; prediction: { best(c: number): number } };
  const minW = Number(process.env.CALIB_W ?? 2), floor = engine.state.options.floorSigmaDb;
  const B = 20, n = new Array(B).fill(0), y = new Array(B).fill(0);
  const priorP = (cell: number) => { const s = e.priorSigmas[e.priorKind[cell]]; return normalCdf((e.priorDbm(e.prediction.best(cell)) + 75) / Math.sqrt(s * s + floor * floor)); };
  for (let cell = 0; cell < g.cellCount; cell++) {
    if (!engine.state.inside[cell] || e.ledger.weight[cell] < minW) continue;
    const b = Math.min(B - 1, Math.floor(priorP(cell) * B));
    n[b]++; y[b] += e.ledger.weightedDbm[cell] / e.ledger.weight[cell] >= -75 ? 1 : 0;
  }
  // Pool adjacent violators so the curve is monotone.
  const blocks: { n: number; y: number; from: number; to: number }[] = [];
  for (let b = 0; b < B; b++) {
    blocks.push({ n: n[b] + 1, y: y[b] + (b + 0.5) / B, from: b, to: b }); // one pseudo-cell at the bin's own P: empty bins keep the identity
    while (blocks.length > 1 && blocks.at(-2)!.y / blocks.at(-2)!.n > blocks.at(-1)!.y / blocks.at(-1)!.n) { const last = blocks.pop()!, prev = blocks.at(-1)!; prev.n += last.n; prev.y += last.y; prev.to = last.to; }
  }
  const curve = new Array(B).fill(0);
  for (const bl of blocks) for (let b = bl.from; b <= bl.to; b++) curve[b] = bl.y / bl.n;
  console.log('curve', curve.map((v, b) => `${((b + 0.5) / B).toFixed(2)}→${v.toFixed(2)} (${n[b]})`).join(' '));
  let expA = 0, expB = 0, trueA = 0, brA = 0, brB = 0, m = 0;
  eachRegionCell((cell, x, y0, lon, lat) => {
    const truth = isUsable(classOf(trueSignal(world, x, y0).dbm)) ? 1 : 0;
    const p = engine.state.pUsable[cell];
    const w = engine.state.poolW[cell], cal = curve[Math.min(B - 1, Math.floor(p * B))];
    const c = process.env.BLEND === 'min' ? Math.min(1, w) : process.env.BLEND === 'ratio' ? w / (w + 1) : w >= 0.5 ? 1 : 0;
    const q = c * p + (1 - c) * cal;
    trueA += truth; expA += p; expB += q;
    if (nearestHotspotM(world, x, y0) > 400 || !insidePolygon(city, [lon, lat])) return;
    brA += (p - truth) ** 2; brB += (q - truth) ** 2; m++;
  });
  console.log(`calibrated little-evidence cells: expected area ${(100 * (expA / trueA - 1)).toFixed(0)} % → ${(100 * (expB / trueA - 1)).toFixed(0)} %; Brier ${(brA / m).toFixed(4)} → ${(brB / m).toFixed(4)}`);
}
{
  const c = engine.statistics().city as unknown as { expectedCoveredAreaM2: number; expectedCoveredIntervalM2: [number, number]; coveredAreaM2?: number };
  console.log(`expected covered (city) ${(c.expectedCoveredAreaM2 / 1e4).toFixed(0)} ha, 95 % interval ${(c.expectedCoveredIntervalM2[0] / 1e4).toFixed(0)}–${(c.expectedCoveredIntervalM2[1] / 1e4).toFixed(0)} ha; truly covered in the region ${(trueArea / 1e4).toFixed(0)} ha`);
}
if (process.env.REACH) {
  // Fitted hotspots whose reach (to −75 dBm) most exceeds their true mean reach: who paints too much.
  const { modelReachM } = await import('../../server/domain/coverage/propagation');
  const { meanDbm } = await import('./world');
  const trueReach = (h: (typeof world.hotspots)[number]) => { let d = 1; while (d < 2000 && meanDbm(h, d) >= -75) d += 1; return h.alive ? d : 0; };
  const rows = world.registry.map((r, k) => ({ r, k, e: engine.state.registry[k] })).filter(({ e }) => e.fit?.fit)
    .map(({ r, k, e }) => ({ k, fitted: modelReachM(e.model, -75), truth: trueReach(world.hotspots[r.hotspotId]), n: e.fit!.fit!.samples ?? 0, moved: e.fit?.moved, alive: world.hotspots[r.hotspotId].alive, exp: e.model.n }));
  rows.sort((a, b) => (b.fitted - b.truth) - (a.fitted - a.truth));
  console.log('fitted reach vs true (m):', rows.slice(0, 8).map((x) => `#${x.k + 1} ${Math.round(x.fitted)} vs ${x.truth} (n ${x.exp.toFixed(2)}, ${x.n} readings${x.alive ? '' : ', DEAD'}${x.moved ? ', moved' : ''})`).join(' | '));
  console.log('shortest fitted reach vs true (m):', rows.slice(-8).map((x) => `#${x.k + 1} ${Math.round(x.fitted)} vs ${x.truth} (n ${x.exp.toFixed(2)}, ${x.n} readings${x.alive ? '' : ', DEAD'}${x.moved ? ', moved' : ''})`).join(' | '));
  const total = rows.reduce((s, x) => s + Math.PI * (x.fitted ** 2 - x.truth ** 2), 0);
  console.log(`Σ π(fitted² − true²) over ${rows.length} fitted: ${(total / 1e4).toFixed(0)} ha`);
}
if (process.env.CURVE) console.log('learned P curve', Array.from((engine as unknown as { pCurve: Float64Array | null }).pCurve ?? []).map((v) => v.toFixed(3)).join(' '));
if (process.env.AP) {
  // One registered AP's readings: distance from its registry spot, level, device; its prior and fit.
  const k = Number(process.env.AP) - 1, r = world.registry[k], h = world.hotspots[r.hotspotId], e = engine.state.registry[k];
  const { linkModel } = await import('../../server/domain/coverage/propagation');
  const { meanDbm } = await import('./world');
  console.log('registry', JSON.stringify(aps[k]), 'prior', JSON.stringify(linkModel(aps[k])), 'fit', JSON.stringify(e.model), 'truth', JSON.stringify({ eirp: h.eirpDbm, n: h.exponent, wall: h.wallLossDb, band: h.band, at30: meanDbm(h, 30).toFixed(1) }));
  const rows = observations.filter((o) => o.accessPointId === k + 1).map((o) => {
    const d = Math.hypot((world.frame.x(o.lon!) - world.frame.x(r.lon)), world.frame.y(o.lat!) - world.frame.y(r.lat));
    return `${d.toFixed(0)}m ${o.signalDbm} ${o.deviceKey} ±${o.accuracyM}`;
  });
  console.log(rows.join(' | '));
}
if (process.env.AP) {
  // Readings near it that did not name it, by distance band: what a censored fit could learn from.
  const k = Number(process.env.AP) - 1, r = world.registry[k];
  const bands = [50, 100, 200, 400, 700, 1000, 2000], others = bands.map(() => [] as number[]), nothing = bands.map(() => 0);
  observations.forEach((o) => {
    if (o.accessPointId === k + 1) return;
    const d = Math.hypot(world.frame.x(o.lon!) - world.frame.x(r.lon), world.frame.y(o.lat!) - world.frame.y(r.lat));
    const b = bands.findIndex((v) => d < v);
    if (b < 0) return;
    if (o.signalDbm === null) nothing[b]++; else others[b].push(o.signalDbm);
  });
  console.log('not naming it, by distance: ' + bands.map((v, b) => `<${v} m: ${others[b].length} others (median ${others[b].sort((p, q) => p - q)[others[b].length >> 1] ?? '-'}), ${nothing[b]} nothing`).join(' | '));
}
if (process.env.REACH) {
  // Fitted reach to −75 dBm against the true mean curve's (no shadowing), per fitted live registered AP: how far fits over-reach.
  const { predictDbm } = await import('../../server/domain/coverage/propagation');
  const { meanDbm } = await import('./world');
  const reach = (f: (d: number) => number) => { let lo = 1, hi = 3000; for (let k = 0; k < 50; k++) { const m = Math.sqrt(lo * hi); if (f(m) >= -75) lo = m; else hi = m; } return lo; };
  const ratios: number[] = []; let fa = 0, ta = 0;
  world.registry.forEach((r, k) => {
    const e = engine.state.registry[k], h = world.hotspots[r.hotspotId];
    if (!e.fit?.fit || !h.alive) return;
    const rf = reach((d) => predictDbm(e.model, d)), rt = reach((d) => meanDbm(h, d));
    ratios.push(rf / rt); fa += rf * rf; ta += rt * rt;
  });
  ratios.sort((a, b) => a - b);
  console.log(`reach fitted/true (n ${ratios.length}): q25 ${ratios[ratios.length >> 2].toFixed(2)} median ${ratios[ratios.length >> 1].toFixed(2)} q75 ${ratios[(3 * ratios.length) >> 2].toFixed(2)}; Σ area ratio ${(fa / ta).toFixed(2)}`);
}
if (process.env.BASELINE) {
  // Where "a reading nearby, else the registry" (the truth simulation's yardstick) is right and the map is not, and
  // the reverse, by how many readings lie within its 50 m.
  const { ReadingIndex, registryPredictor, NO_NETWORK_DBM, IDW_RADIUS_M } = await import('./baselines');
  const index = new ReadingIndex(), points: { x: number; y: number }[] = [];
  for (const r of readings.slice(0, total)) { const p = { x: world.frame.x(r.lon), y: world.frame.y(r.lat), dbm: r.noFreeNetwork ? NO_NETWORK_DBM : r.signalDbm! }; index.add(p); points.push(p); }
  const grid = new Map<string, number>();
  for (const p of points) { const key = `${Math.floor(p.x / IDW_RADIUS_M)},${Math.floor(p.y / IDW_RADIUS_M)}`; grid.set(key, (grid.get(key) ?? 0) + 1); }
  const near = (x: number, y: number) => { let n = 0; const bx = Math.floor(x / IDW_RADIUS_M), by = Math.floor(y / IDW_RADIUS_M); for (let i = bx - 1; i <= bx + 1; i++) for (let j = by - 1; j <= by + 1; j++) n += grid.get(`${i},${j}`) ?? 0; return n; };
  const dense = { n: 0, fused: 0, idw: 0, own: 0, ownN: 0, prior: 0, f2: 0, i2: 0 };
  const reg = registryPredictor(world.registry, world.frame), falseCov = new Map<string, number>();
  const bands = [0, 3, 10, 30, 100, Infinity], rows = bands.map(() => ({ n: 0, ours: 0, base: 0, oursOnly: 0, baseOnly: 0, oursFalseCov: 0, baseFalseCov: 0, truthCov: 0 }));
  eachScoredCell((cell, x, y, truth) => {
    const ours = (engine.state.covered[engine.state.cls[cell]] === 1) === truth;
    const base = isUsable(classOf(index.idwDbm(x, y) ?? reg(x, y))) === truth;
    const row = rows[bands.findIndex((b) => near(x, y) <= b)];
    if (near(x, y) === 0 && !ours && !truth) {
      let best = Infinity, nh = world.hotspots[0];
      for (const h of world.hotspots) { const d = Math.hypot(h.x - x, h.y - y); if (d < best) [best, nh] = [d, h]; }
      const key = `${kindOf(nh)} prior ${engine.state.prediction.bestDbm[cell] >= -75 ? 'usable' : 'not'} pooled ${engine.state.poolW[cell] >= 0.5 ? 'yes' : 'no'} base ${isUsable(classOf(reg(x, y))) ? 'usable' : 'not'}`;
      falseCov.set(key, (falseCov.get(key) ?? 0) + 1);
    }
    if (near(x, y) > 30) { const t = trueSignal(world, x, y).dbm, L = engine.state.ledger; dense.n++; dense.fused += engine.state.fused[cell] - t; dense.idw += (index.idwDbm(x, y) ?? reg(x, y)) - t; dense.f2 += (engine.state.fused[cell] - t) ** 2; dense.i2 += ((index.idwDbm(x, y) ?? reg(x, y)) - t) ** 2; if (L.weight[cell] > 0) { dense.own += L.weightedDbm[cell] / L.weight[cell] - t; dense.ownN++; } dense.prior += engine.state.priorDbm(engine.state.prediction.bestDbm[cell]) - t; }
    row.n++; if (truth) row.truthCov++; if (!ours && !truth) row.oursFalseCov++; if (!base && !truth) row.baseFalseCov++; if (ours) row.ours++; if (base) row.base++; if (ours && !base) row.oursOnly++; if (base && !ours) row.baseOnly++;
  });
  console.log(`cells with > 30 readings near: mean minus truth, dB: fused ${(dense.fused / dense.n).toFixed(2)}, IDW ${(dense.idw / dense.n).toFixed(2)}, the cell's own readings ${(dense.own / dense.ownN).toFixed(2)}, prior ${(dense.prior / dense.n).toFixed(2)}; RMSE fused ${Math.sqrt(dense.f2 / dense.n).toFixed(2)}, IDW ${Math.sqrt(dense.i2 / dense.n).toFixed(2)}`);
  console.log('false covered with no reading near, by nearest hotspot', JSON.stringify([...falseCov].sort((a, b) => b[1] - a[1])));
  console.log('readings in the 3×3 50 m blocks → cells, ours / baseline usable acc, only ours right, only baseline right');
  const all = rows.reduce((a, r) => ({ n: a.n + r.n, ours: a.ours + r.ours, base: a.base + r.base }), { n: 0, ours: 0, base: 0 });
  console.log(`all scored cells: ours ${(100 * all.ours / all.n).toFixed(1)} %, baseline ${(100 * all.base / all.n).toFixed(1)} %`);
  rows.forEach((r, k) => console.log(`  ≤ ${bands[k]}: ${r.n} cells, ${(100 * r.ours / r.n).toFixed(1)} / ${(100 * r.base / r.n).toFixed(1)} %, ${r.oursOnly} / ${r.baseOnly}; truly usable ${r.truthCov}, false covered ${r.oursFalseCov} / ${r.baseFalseCov}`));
}
if (process.env.CURVE) {
  // Fitted minus true mean level at distances from each fitted live registered AP (its fitted position against its true one).
  const { predictDbm } = await import('../../server/domain/coverage/propagation');
  const { meanDbm } = await import('./world');
  const ds = [10, 30, 60, 100, 150, 250], diffs = ds.map(() => [] as number[]);
  world.registry.forEach((r, k) => {
    const e = engine.state.registry[k], h = world.hotspots[r.hotspotId];
    if (!e.fit?.fit || !h.alive) return;
    ds.forEach((d, j) => diffs[j].push(predictDbm({ ...e.model, heardWithinM: undefined }, d) - meanDbm(h, d)));
  });
  console.log('fitted − true mean level (median, q25, q75) by distance: ' + ds.map((d, j) => { const v = diffs[j].sort((a, b) => a - b); return `${d} m ${v[v.length >> 1].toFixed(1)} (${v[v.length >> 2].toFixed(1)}, ${v[(3 * v.length) >> 2].toFixed(1)})`; }).join(' | '));
}
if (process.env.LEVELFIX) {
  // Offline: the prior corrected by what measured cells say of it, per band of prior level; fused' = fused + corr·λ/(λ+W).
  const E = engine as unknown as { priorReadings: Float64Array; priorKind: Uint8Array }, lam = E.priorReadings, kinds = E.priorKind, led = engine.state.ledger; // the engine's own prior weights, read for this experiment only
  const band = (p: number) => Math.max(0, Math.min(40, Math.floor((p + 100) / 2)));
  const minW = Number(process.env.LEVELFIX_W ?? 3), sums = new Map<number, number[]>();
  for (let cell = 0; cell < g.cellCount; cell++) {
    if (!engine.state.inside[cell] || led.weight[cell] < minW) continue;
    const prior = engine.state.priorDbm(engine.state.prediction.bestDbm[cell]);
    if (prior <= -95 || kinds[cell] === 3) continue;
    const key = band(prior) + (process.env.LEVELFIX_KIND ? 100 * kinds[cell] : 0), win = Number(process.env.LEVELFIX_WIN ?? 0);
    for (let d = -win; d <= win; d++) { const list = sums.get(key + d) ?? []; list.push(led.weightedDbm[cell] / led.weight[cell] - prior); sums.set(key + d, list); }
  }
  const corr = new Map<number, number>();
  for (const [b, l] of sums) { l.sort((a, c) => a - c); const v = process.env.LEVELFIX_MEAN ? l.reduce((a, c) => a + c, 0) / l.length : l[l.length >> 1]; corr.set(b, l.length >= 30 ? v : 0); }
  console.log('corr by prior band: ' + [...corr].sort((a, b) => a[0] - b[0]).map(([b, v]) => `${Math.floor(b / 100)}/${-100 + 2 * (b % 100)}:${v.toFixed(1)}(${sums.get(b)!.length})`).join(' '));
  let n = 0, ok = 0, ok0 = 0, i0 = 0, u0 = 0, i1 = 0, u1 = 0;
  eachScoredCell((cell, _x, _y, truth) => {
    const prior = engine.state.priorDbm(engine.state.prediction.bestDbm[cell]), l = lam[kinds[cell]], W = engine.state.poolW[cell];
    const f2 = prior <= -95 || kinds[cell] === 3 ? engine.state.fused[cell] : engine.state.fused[cell] + (corr.get(band(prior) + (process.env.LEVELFIX_KIND ? 100 * kinds[cell] : 0)) ?? 0) * l / (l + W);
    n++; if ((f2 >= -75) === truth) ok++; if ((engine.state.fused[cell] >= -75) === truth) ok0++;
    const a0 = engine.state.fused[cell] >= -75, a1 = f2 >= -75;
    if (a0 && truth) i0++; if (a0 || truth) u0++; if (a1 && truth) i1++; if (a1 || truth) u1++;
  });
  let m0 = 0, m1 = 0, tA = 0;
  eachRegionCell((cell, x, y) => {
    const prior = engine.state.priorDbm(engine.state.prediction.bestDbm[cell]), l = lam[kinds[cell]], W = engine.state.poolW[cell], A = g.rowAreaM2[g.row(cell)];
    const f2 = prior <= -95 || kinds[cell] === 3 ? engine.state.fused[cell] : engine.state.fused[cell] + (corr.get(band(prior)) ?? 0) * l / (l + W);
    if (engine.state.fused[cell] >= -75) m0 += A; if (f2 >= -75) m1 += A; if (isUsable(classOf(trueSignal(world, x, y).dbm))) tA += A;
  });
  console.log(`level fix: usable acc ${(100 * ok0 / n).toFixed(2)} → ${(100 * ok / n).toFixed(2)} %, IoU ${(i0 / u0).toFixed(3)} → ${(i1 / u1).toFixed(3)}, region area error ${(100 * (m0 / tA - 1)).toFixed(1)} → ${(100 * (m1 / tA - 1)).toFixed(1)} %`);
}
if (process.env.WHO) {
  // WHO=d52: the cells where that phone contradicts the others (trust ledger), and who the others are.
  const p = engine as unknown as { trustLedger: { head: Int32Array; next: Int32Array; device: Int32Array; w: Float64Array; s: Float64Array; capOf(d: number): number }; trustTally: { verdict: Uint8Array; bad: Int32Array; good: Int32Array }; devices: { id(k: string): number; key(id: number): string } };
  const L = p.trustLedger, me = p.devices.id(process.env.WHO);
  console.log(`${process.env.WHO}: bad ${p.trustTally.bad[me]} good ${p.trustTally.good[me]}`);
  const withWhom = new Map<string, number>();
  for (let cell = 0; cell < L.head.length; cell++) {
    let mine = -1;
    for (let e = L.head[cell]; e >= 0; e = L.next[e]) if (L.device[e] === me) mine = e;
    if (mine < 0 || p.trustTally.verdict[mine] !== 2) continue;
    const others: string[] = [];
    for (let e = L.head[cell]; e >= 0; e = L.next[e]) if (e !== mine && L.w[e] > 0) others.push(`${p.devices.key(L.device[e])}:${(L.s[e] / L.w[e]).toFixed(0)}`);
    for (const o of others) withWhom.set(o.split(':')[0], (withWhom.get(o.split(':')[0]) ?? 0) + 1);
    console.log(`  cell ${cell}: me ${(L.s[mine] / L.w[mine]).toFixed(0)} others ${others.join(' ')}`);
  }
  console.log('  contradicted cells shared with', JSON.stringify([...withWhom].sort((a, b) => b[1] - a[1])));
}
if (process.env.HELD) {
  // Quiet readings held back (no other phone's came before within 100 m), and those another phone's came near later.
  const e = engine as unknown as { heldAlone: Uint8Array; standoutPhones: { who: Int32Array; disc: Int32Array }[]; log: { device: Int32Array; x: Float64Array; y: Float64Array; length: number } };
  const { who, disc } = e.standoutPhones[0], cols = g.cols, rows = g.rows; // the quiet side
  let held = 0, later = 0;
  for (let i = 0; i < e.log.length; i++) {
    if (e.heldAlone[i] !== 1) continue;
    held++;
    const cell = g.cellAtXY(e.log.x[i], e.log.y[i]), row = Math.floor(cell / cols), col = cell - row * cols, d = e.log.device[i];
    let backed = false;
    for (let k = 0; k < disc.length && !backed; k += 2) {
      const c = col + disc[k], r = row + disc[k + 1];
      if (c < 0 || c >= cols || r < 0 || r >= rows) continue;
      const t = who[r * cols + c];
      backed = t === -2 || (t !== -1 && t !== d);
    }
    if (backed) later++;
  }
  console.log(`quiet readings held: ${held}, of them with another phone's within 100 m later: ${later}`);
}
if (process.env.FLOOR) {
  // FLOOR=1: Brier of the scored cells as the floor under measured cells' spread changes (the truth's verdict),
  // beside what leave-one-phone-out says the floor is (what the engine could learn without the truth).
  const { calibratedP } = await import('../../server/domain/coverage/p-calibration');
  const { normalCdf } = await import('../../server/domain/coverage/fusion');
  const e = engine as unknown as { pCurve: Float64Array | null; options: { floorSigmaDb: number; readingSigmaDb: number; noSignalDbm: number }; priorKind: Uint8Array; priorSigmas: Float64Array; priorReadings: Float64Array; prediction: { best(c: number): number } };
  const S = engine.state, T = S.coveredMinDbm, f0 = e.options.floorSigmaDb, rs = e.options.readingSigmaDb;
  const floors = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5];
  const br = floors.map(() => 0);
  let scored = 0;
  eachScoredCell((cell, _x, _y, truth) => {
    scored++;
    floors.forEach((f, i) => {
      const s = Math.sqrt(Math.max(1e-6, S.sigma[cell] ** 2 - f0 * f0 + f * f));
      const p = calibratedP(usableChance(S.fused[cell], s, T), S.poolW[cell], e.pCurve);
      br[i] += (p - (truth ? 1 : 0)) ** 2;
    });
  });
  console.log('Brier by floor (truth):', floors.map((f, i) => `${f}: ${(br[i] / scored).toFixed(4)}`).join(' '));
  // Leave one phone out: each known phone's mean in a cell against the cell's level fused without it.
  const L = S.ledger, ll = floors.map(() => 0), minW = Number(process.env.FLOOR_MINW ?? 1);
  let samples = 0;
  const mom = { r2: 0, v: 0, noise: 0, n: 0, w: 0 }, pair = { d2: 0, inv: 0, n: 0 };
  for (let cell = 0; cell < g.cellCount; cell++) {
    if (!S.inside[cell] || L.knownDevices(cell) < 2) continue;
    for (let a = L.head[cell]; a >= 0; a = L.next[a]) for (let b = L.next[a]; b >= 0; b = L.next[b]) {
      if (L.device[a] === 0 || L.device[b] === 0 || !(L.w[a] > 0 && L.w[b] > 0)) continue;
      const ma = L.s[a] / L.w[a], mb = L.s[b] / L.w[b];
      if (ma > -88 && mb > -88) { pair.d2 += (ma - mb) ** 2; pair.inv += 1 / Math.max(1, L.w[a]) + 1 / Math.max(1, L.w[b]); pair.n++; }
    }
    const k = e.priorKind[cell], prior = Math.max(e.prediction.best(cell), e.options.noSignalDbm);
    for (let en = L.head[cell]; en >= 0; en = L.next[en]) {
      if (L.device[en] === 0 || L.w[en] <= 0) continue;
      const c = Math.min(L.w[en], L.capOf(L.device[en])), m = L.s[en] / L.w[en];
      const W = S.poolW[cell] - c, R = (engine as unknown as { poolR: Float64Array }).poolR[cell] - c * (m - prior);
      if (W < minW) continue;
      const fused = prior + R / (e.priorReadings[k] + W);
      const v = 1 / (1 / e.priorSigmas[k] ** 2 + W / rs ** 2), noise = rs * rs / Math.max(1, L.w[en]);
      const y = m >= T;
      samples++;
      if (m > -88 && fused > -88) { mom.r2 += (m - fused) ** 2; mom.v += v; mom.noise += noise; mom.n++; mom.w += Math.max(1, L.w[en]); }
      floors.forEach((f, i) => {
        const p = Math.min(1 - 1e-9, Math.max(1e-9, normalCdf((fused - T) / Math.sqrt(f * f + v + noise))));
        ll[i] += Math.log(y ? p : 1 - p);
      });
    }
  }
  console.log(`moments: E r² ${(mom.r2 / mom.n).toFixed(2)}, E v ${(mom.v / mom.n).toFixed(2)}, E noise(6 dB) ${(mom.noise / mom.n).toFixed(2)} (n ${mom.n}); pairs: E d² ${(pair.d2 / pair.n).toFixed(2)}, E Σ1/w ${(pair.inv / pair.n).toFixed(3)} → reading σ ${Math.sqrt(pair.d2 / pair.inv).toFixed(2)} dB (${pair.n})`);
  console.log(`leave-one-phone-out log-likelihood by floor (${samples} samples):`, floors.map((f, i) => `${f}: ${ll[i].toFixed(1)}`).join(' '));
}
