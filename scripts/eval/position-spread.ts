// How far a discovered hotspot is placed from the truth, and how well its stated radius (positionWithinM) holds it:
// every live hotspot of the truth simulation's world, placed as a discovery (discoveryPrior, placeHotspotByPhones) from
// the honest readings that name its BSSID — the first 6, 12, 25, 60, 150 and all of them — against its true position.
// Beside it: the fit without a position prior (until 2026-12-06), the readings' loudness centroid alone, and the same
// placement with one lying phone added — 30 readings at −30 dBm naming it from a spot 200 m off, a phone the others
// contradict in too few cells to be distrusted (device-trust.ts). Until 2026-12-06 it dragged every placement there;
// now its readings are dropped where the other phones place the hotspot well enough to rule them out.
//   node --import tsx scripts/eval/position-spread.ts [seeds, default 1,2,3]
import { buildWorld } from './world';
import { simulateReadings } from './readings';
import { mulberry32, uniform } from '../../server/domain/coverage/random';
import { fitHotspot, loudnessCentroid, placeHotspotByPhones, positionWithinM } from '../../server/domain/coverage/hotspot-fit';
import { discoveryPrior } from '../../server/domain/coverage/hotspots';

const LIAR = { readings: 30, dbm: -30, offM: 200, accuracyM: 10, phone: -1 };
const seeds = (process.argv[2] ?? '1,2,3').split(',').map(Number);
const stages = [6, 12, 25, 60, 150, Infinity];
const rows: { stage: number; errorM: number; withinM: number; unaidedErrorM: number; centroidErrorM: number; liarErrorM: number }[] = [];
const weightOf = (accuracyM: number) => (accuracyM <= 25 ? 1 : (25 / accuracyM) ** 2); // as the engine weighs a fix (trustedAccuracyM / 2)
type Row = { x: number; y: number; dbm: number; accuracyM: number; phone: number };
const samplesOf = (rs: Row[]) => ({ x: rs.map((r) => r.x), y: rs.map((r) => r.y), dbm: rs.map((r) => r.dbm), weight: rs.map((r) => weightOf(r.accuracyM)), count: rs.length });
/** Placed as the engine places a discovery. */
const place = (rs: Row[]) => placeHotspotByPhones({ ...samplesOf(rs), phone: rs.map((r) => r.phone), accuracyM: rs.map((r) => r.accuracyM) }, discoveryPrior)?.fit ?? null;
const random = mulberry32(0x5eed_5bad);
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
      const honest: Row[] = sub.map((r) => ({ x: (r.lon - lon0) * kx, y: (r.lat - lat0) * ky, dbm: r.signalDbm!, accuracyM: r.accuracyM, phone: r.device }));
      const fit = place(honest), samples = samplesOf(honest);
      const unaided = fitHotspot(samples, { ...discoveryPrior(samples), x: null, y: null });
      if (!fit || !unaided) continue;
      const [cx, cy] = loudnessCentroid(samples);
      const angle = uniform(random, 0, 2 * Math.PI), [lx, ly] = [tx + LIAR.offM * Math.cos(angle), ty + LIAR.offM * Math.sin(angle)];
      const lies: Row[] = Array.from({ length: LIAR.readings }, () => ({ x: lx + uniform(random, -5, 5), y: ly + uniform(random, -5, 5), dbm: LIAR.dbm, accuracyM: LIAR.accuracyM, phone: LIAR.phone }));
      const lied = place([...honest, ...lies]);
      const off = (f: { x: number; y: number } | null) => (f ? Math.hypot(f.x - tx, f.y - ty) : Infinity); // not placed at all: counted as lost
      rows.push({ stage, errorM: off(fit), withinM: positionWithinM(fit, devices), unaidedErrorM: off(unaided), centroidErrorM: Math.hypot(cx - tx, cy - ty), liarErrorM: off(lied) });
    }
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs: number[]) => `${median(xs).toFixed(0)} m (${[...xs].sort((a, b) => a - b)[Math.floor(0.9 * xs.length)].toFixed(0)} m)`;
const share = (xs: typeof rows) => `${((100 * xs.filter((r) => r.errorM <= r.withinM).length) / xs.length).toFixed(0)} %`;
console.log(`seeds ${seeds.join(', ')}: live hotspots placed as discoveries from the readings naming them`);
console.log('| readings | fits | position error, median (p90) | within 50 m | stated radius, median | truth inside it | fit without the centroid: error, median (p90) | loudness centroid alone: error, median | one lying phone 200 m off: error, median (p90) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const stage of stages) {
  const g = rows.filter((r) => r.stage === stage);
  if (g.length === 0) continue;
  const p90 = [...g.map((r) => r.errorM)].sort((a, b) => a - b)[Math.floor(0.9 * g.length)];
  const within50 = `${((100 * g.filter((r) => r.errorM <= 50).length) / g.length).toFixed(0)} %`;
  console.log(`| ${stage === Infinity ? 'all' : `first ${stage}`} | ${g.length} | ${median(g.map((r) => r.errorM)).toFixed(0)} m (${p90.toFixed(0)} m) | ${within50} | ${median(g.map((r) => r.withinM)).toFixed(0)} m | ${share(g)} | ${spread(g.map((r) => r.unaidedErrorM))} | ${median(g.map((r) => r.centroidErrorM)).toFixed(0)} m | ${spread(g.map((r) => r.liarErrorM))} |`);
}
console.log(`all stages: truth inside the stated radius in ${share(rows)} of ${rows.length} fits`);
