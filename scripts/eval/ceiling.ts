// How well could any map do in this world? An oracle that knows every true radio (power, exponent, walls,
// position, which are dead) and the shadowing's statistics, and kriges the honest readings' residuals against
// the true radios (simple kriging, the world's own covariance σ²·exp(−d²/L²), the readings' noise and phone
// bias as the nugget). Real maps know none of the radios, so this bounds what readings can teach from above.
//   node --import tsx scripts/eval/ceiling.ts [readings] [seed…]   (SHADOW=σdB,correlationM for a gentler or harsher world)
import { buildWorld, meanDbm, nearestHotspotM, trueSignal, type World } from './world';
import { READING_DEFAULTS, simulateReadings } from './readings';
import { classOf, isUsable } from './score';

const total = Number(process.argv[2] ?? 50_000);
const seeds = process.argv.slice(3).map(Number);
const [shadowSigmaDb, shadowCorrelationM] = (process.env.SHADOW ?? '').split(',').map(Number);
const overrides = shadowSigmaDb ? { shadowSigmaDb, shadowCorrelationM } : {};
const CELL_M = 25, NEAREST = 40, SEARCH_M = 120;

function meanField(world: World, x: number, y: number): number {
  let best = -Infinity;
  for (const h of world.hotspots) if (h.alive) best = Math.max(best, meanDbm(h, Math.hypot(x - h.x, y - h.y)));
  return best;
}

/** Solves (A) w = b in place for a symmetric positive definite A (Cholesky); n ≤ NEAREST. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    for (let k = 0; k < j; k++) s -= a[j * n + k] ** 2;
    const d = Math.sqrt(Math.max(s, 1e-9));
    a[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j];
      for (let k = 0; k < j; k++) t -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = t / d;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let t = b[i];
    for (let k = 0; k < i; k++) t -= a[i * n + k] * y[k];
    y[i] = t / a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let t = y[i];
    for (let k = i + 1; k < n; k++) t -= a[k * n + i] * y[k];
    y[i] = t / a[i * n + i];
  }
  return y;
}

for (const seed of seeds.length ? seeds : [1, 2, 3]) {
  const world = buildWorld(seed, overrides);
  const { readings } = simulateReadings(world, seed, total);
  const sigma2 = world.options.shadowSigmaDb ** 2, L2 = world.options.shadowCorrelationM ** 2;
  const nugget = READING_DEFAULTS.noiseSigmaDb ** 2 + READING_DEFAULTS.deviceBiasDb ** 2 / 3; // fading + a phone's uniform bias
  // Honest readings with a level, as residuals against the true radios at the reported position.
  const pts: { x: number; y: number; r: number }[] = [];
  for (const r of readings) {
    if (r.liar || r.signalDbm === undefined) continue;
    const x = world.frame.x(r.lon), y = world.frame.y(r.lat), m = meanField(world, x, y);
    if (m > -Infinity) pts.push({ x, y, r: r.signalDbm - m });
  }
  const buckets = new Map<string, number[]>();
  const key = (x: number, y: number) => `${Math.floor(x / SEARCH_M)},${Math.floor(y / SEARCH_M)}`;
  pts.forEach((p, i) => (buckets.get(key(p.x, p.y)) ?? buckets.set(key(p.x, p.y), []).get(key(p.x, p.y))!).push(i));
  let n = 0, okRadio = 0, okKriged = 0, both = 0, either = 0;
  const half = world.halfM;
  for (let x = -half + CELL_M / 2; x < half; x += CELL_M)
    for (let y = -half + CELL_M / 2; y < half; y += CELL_M) {
      if (nearestHotspotM(world, x, y) > 400) continue;
      const truth = isUsable(classOf(trueSignal(world, x, y).dbm));
      const m = meanField(world, x, y);
      const near: { i: number; d2: number }[] = [];
      const bx = Math.floor(x / SEARCH_M), by = Math.floor(y / SEARCH_M);
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (const i of buckets.get(`${bx + dx},${by + dy}`) ?? []) {
            const d2 = (pts[i].x - x) ** 2 + (pts[i].y - y) ** 2;
            if (d2 <= SEARCH_M * SEARCH_M) near.push({ i, d2 });
          }
      near.sort((a, b) => a.d2 - b.d2);
      const use = near.slice(0, NEAREST), k = use.length;
      let est = m;
      if (k) {
        const a = new Float64Array(k * k), b = new Float64Array(k);
        for (let i = 0; i < k; i++) {
          const p = pts[use[i].i];
          b[i] = sigma2 * Math.exp(-use[i].d2 / L2);
          for (let j = 0; j <= i; j++) {
            const q = pts[use[j].i];
            a[i * k + j] = a[j * k + i] = sigma2 * Math.exp(-((p.x - q.x) ** 2 + (p.y - q.y) ** 2) / L2) + (i === j ? nugget : 0);
          }
        }
        const w = solve(a, b, k);
        for (let i = 0; i < k; i++) est += w[i] * pts[use[i].i].r;
      }
      n++;
      if (isUsable(classOf(m)) === truth) okRadio++;
      if (isUsable(classOf(est)) === truth) okKriged++;
      if (isUsable(classOf(est)) && truth) both++;
      if (isUsable(classOf(est)) || truth) either++;
    }
  console.log(`seed ${seed}, shadowing σ ${world.options.shadowSigmaDb} dB / ${world.options.shadowCorrelationM} m, ${total} readings (${pts.length} honest levels), ${n} cells within 400 m: true radios alone ${(100 * okRadio / n).toFixed(1)} % usable/not right; true radios + kriged readings ${(100 * okKriged / n).toFixed(1)} %, covered IoU ${(both / either).toFixed(3)}`);
}
