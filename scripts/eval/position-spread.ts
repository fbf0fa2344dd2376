// How far a discovered hotspot is placed from the truth, and how well its stated radius (positionWithinM) holds it:
// every live hotspot of the truth simulation's world, placed as a discovery (discoveryPrior, fitHotspot) from the
// honest readings that name its BSSID — the first 6, 12, 25, 60, 150 and all of them — against its true position.
// Beside it: the fit without a position prior (until 2026-12-06) and the readings' loudness centroid alone.
//   node --import tsx scripts/eval/position-spread.ts [seeds, default 1,2,3]
import { buildWorld } from './world';
import { simulateReadings } from './readings';
import { fitHotspot, loudnessCentroid, placeHotspot, positionWithinM } from '../../server/domain/coverage/hotspot-fit';
import { discoveryPrior } from '../../server/domain/coverage/hotspots';

const seeds = (process.argv[2] ?? '1,2,3').split(',').map(Number);
const stages = [6, 12, 25, 60, 150, Infinity];
const rows: { stage: number; errorM: number; withinM: number; unaidedErrorM: number; centroidErrorM: number }[] = [];
for (const seed of seeds) {
  const world = buildWorld(seed, {});
  const [lon0, lat0] = world.options.centre;
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180), ky = 110_540; // local metres: the error, not the map, is measured
  const { readings } = simulateReadings(world, seed, 50_000);
  const byBssid = new Map<string, typeof readings>();
  for (const r of readings) if (!r.liar && r.bssid && r.signalDbm !== undefined) (byBssid.get(r.bssid) ?? byBssid.set(r.bssid, []).get(r.bssid)!).push(r);
  for (const h of world.hotspots.filter((hotspot) => hotspot.alive)) {
    const heard = byBssid.get(h.bssid) ?? [];
    const tx = (h.lon - lon0) * kx, ty = (h.lat - lat0) * ky;
    for (const stage of stages) {
      if (heard.length < stage && stage !== Infinity) break;
      const sub = heard.slice(0, stage);
      const devices = new Set(sub.map((r) => r.device)).size;
      if (devices < 2) continue;
      const x = sub.map((r) => (r.lon - lon0) * kx), y = sub.map((r) => (r.lat - lat0) * ky);
      const weight = sub.map((r) => (r.accuracyM <= 25 ? 1 : (25 / r.accuracyM) ** 2)); // as the engine weighs a fix (trustedAccuracyM / 2)
      const samples = { x, y, dbm: sub.map((r) => r.signalDbm!), weight, count: sub.length };
      const prior = discoveryPrior(samples);
      const fit = placeHotspot(samples, prior), unaided = fitHotspot(samples, { ...prior, x: null, y: null });
      if (!fit || !unaided) continue;
      const [cx, cy] = loudnessCentroid(samples);
      rows.push({ stage, errorM: Math.hypot(fit.x - tx, fit.y - ty), withinM: positionWithinM(fit, devices), unaidedErrorM: Math.hypot(unaided.x - tx, unaided.y - ty), centroidErrorM: Math.hypot(cx - tx, cy - ty) });
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const share = (xs: typeof rows) => `${((100 * xs.filter((r) => r.errorM <= r.withinM).length) / xs.length).toFixed(0)} %`;
console.log(`seeds ${seeds.join(', ')}: live hotspots placed as discoveries from the readings naming them`);
console.log('| readings | fits | position error, median (p90) | within 50 m | stated radius, median | truth inside it | fit without the centroid: error, median (p90) | loudness centroid alone: error, median |');
console.log('|---|---|---|---|---|---|---|---|');
for (const stage of stages) {
  const g = rows.filter((r) => r.stage === stage);
  if (g.length === 0) continue;
  const p90 = [...g.map((r) => r.errorM)].sort((a, b) => a - b)[Math.floor(0.9 * g.length)];
  const p90of = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(0.9 * xs.length)];
  const within50 = `${((100 * g.filter((r) => r.errorM <= 50).length) / g.length).toFixed(0)} %`;
  console.log(`| ${stage === Infinity ? 'all' : `first ${stage}`} | ${g.length} | ${median(g.map((r) => r.errorM)).toFixed(0)} m (${p90.toFixed(0)} m) | ${within50} | ${median(g.map((r) => r.withinM)).toFixed(0)} m | ${share(g)} | ${median(g.map((r) => r.unaidedErrorM)).toFixed(0)} m (${p90of(g.map((r) => r.unaidedErrorM)).toFixed(0)} m) | ${median(g.map((r) => r.centroidErrorM)).toFixed(0)} m |`);
}
console.log(`all stages: truth inside the stated radius in ${share(rows)} of ${rows.length} fits`);
