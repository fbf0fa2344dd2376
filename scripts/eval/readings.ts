// Seeded crowd readings over a simulated world: honest phones walking near hotspots (each with its own
// bias and noise, GPS error and a browser-like or survey-like view of the network) and three liars.
// Pure: times are offsets before "now", so the same seed gives the same readings on every run.
import { gaussian, mulberry32, uniform, type Random } from '../../server/domain/coverage/random';
import { hotspotDbm, macAddress, meanDbm, nearestHotspotM, shuffle, trueSignal, type World } from './world';
import { round6 } from './geo';

export const READING_DEFAULTS = {
  honestDevices: 100, // phones
  deviceBiasDb: 3, // dB: per-device offset drawn uniformly in ±this (antenna, chipset, case)
  noiseSigmaDb: 4, // dB: per-reading fading and measurement noise
  hearDbm: -92, // dBm: weakest signal a phone reports as heard
  signalRange: [-100, -10] as [number, number], // dBm: what the API accepts
  accuracyM: [5, 30] as [number, number], // m: reported GPS accuracy; the actual error has RMS equal to it
  surveyShare: 0.6, // of honest devices: survey/WiGLE-like, report the BSSID; the rest are browser-like (SSID only)
  anchoredShare: 0.8, // of honest sessions: a walk within anchorM of a hotspot (dead ones included); the rest anywhere in the region
  anchorM: 400, // m
  sessionReadings: [20, 160] as [number, number], // readings per walk
  stepM: [6, 20] as [number, number], // m between readings
  secondsPerReading: [3, 12] as [number, number],
  spanDays: 29, // days: sessions start within this many days before now (the API keeps the last 30 days' worth)
  liarShare: 0.02, // of all readings
  liarSplit: [0.25, 0.25, 0.5] as [number, number, number], // fake strong far away / fake dead by hotspots / flood of one dead area
  liarPhones: 1, // phones each liar speaks through, each on its own network (a Sybil attack); a session of 60 rows is one phone's
  liarNamesListed: false, // the fake-strong liar names the BSSID of the listed hotspot nearest its spot (its fit is the target) instead of unknown ones
  liarNamesUnlisted: false, // the fake-strong liar names the BSSID of the live unregistered hotspot nearest its spot (where it is discovered is the target)
  liarDragsUnlisted: false, // the fake-strong liar stands DRAG_M from a live unregistered hotspot (one of up to five) and names it from there, to drag where it is placed
  liarFollowsPhysics: false, // the fake-strong liar's readings fall off with distance from its spot as a legal hotspot's would (FAKE_RADIO), spread over FAKE_SPREAD_M, instead of −40…−30 dBm all within ~20 m
  liarScatters: false, // the fake-strong liar posts one usable-looking level (−72…−60 dBm, the City's SSID, no BSSID) at each of many random spots instead of loud readings at five
  liarResurrects: false, // the fake-dead liar names dead listed hotspots beside them, at the levels they would have alive, instead of "nothing heard" beside live ones
  liarBlankets: false, // the fake-dead liar posts "nothing heard" all over its targets' reach (uniform within BLANKET_M) instead of within ~15 m of them
  liarAccuracyM: 0, // m: when > 0, every liar's reading claims a fix this vague (its position as precise as an honest phone's): a liar chooses what it reports
  scanLists: false, // survey-like devices list every free network they hear (one row each, same time and place) instead of the loudest only
};
export type ReadingOptions = typeof READING_DEFAULTS;

const DRAG_M = 200; // m: how far from the hotspot it names the dragging liar stands
const FAKE_RADIO = { dbmAt1m: -20, n: 2.5 }; // the made-up hotspot a physics-following liar describes: an ordinary outdoor unit (usable to ~160 m)
const FAKE_SPREAD_M = 60; // m per axis: where that liar stands around its spot
const BLANKET_M = 150; // m: how far from its target the blanketing liar stands (an outdoor hotspot's usable reach)

export type Liar = 'fake-strong' | 'fake-dead' | 'flood';

export interface Reading {
  device: number; // 0… honest phones, then the three liars' phones (liarPhones each)
  liar: Liar | null;
  agoMs: number; // ms before now
  lon: number;
  lat: number;
  accuracyM: number;
  source: 'survey' | 'app';
  signalDbm?: number;
  noFreeNetwork?: true;
  ssid?: string;
  bssid?: string;
}

export interface Readings {
  devices: number; // honest + liars' phones
  readings: Reading[]; // in chronological order (oldest first), one session's readings together
}

interface Device {
  biasDb: number;
  survey: boolean;
}

export function simulateReadings(world: World, seed: number, total: number, overrides: Partial<ReadingOptions> = {}): Readings {
  const o = { ...READING_DEFAULTS, ...overrides };
  if (!(Number.isInteger(total) && total >= 0)) throw new RangeError(`total ${total} must be a whole number ≥ 0`);
  const random = mulberry32(seed ^ 0x5eed_0001); // its own stream: the world's draws do not shift the readings'
  const devices: Device[] = Array.from({ length: o.honestDevices }, () => ({ biasDb: uniform(random, -o.deviceBiasDb, o.deviceBiasDb), survey: random() < o.surveyShare }));
  const liarTotal = Math.round(total * o.liarShare);
  const liarCounts = o.liarSplit.map((s) => Math.round(liarTotal * s));
  const sessions: Reading[][] = [];
  const honestTotal = total - liarCounts.reduce((a, b) => a + b, 0);
  let honest = 0;
  while (honest < honestTotal) {
    const device = Math.floor(random() * devices.length);
    const session = honestSession(world, random, o, device, devices[device], honestTotal - honest);
    honest += session.length;
    sessions.push(session);
  }
  const liars = liarSessions(world, random, o, liarCounts, o.honestDevices);
  sessions.push(...liars);
  // Sessions in random order, one after another with random gaps, so the stream is strictly chronological
  // and each session's readings (one phone's walk) stay together.
  shuffle(random, sessions);
  const steps = sessions.map((session) => session.map(() => uniform(random, o.secondsPerReading[0], o.secondsPerReading[1]) * 1000));
  const busyMs = steps.flat().reduce((a, b) => a + b, 0);
  const gaps = sessions.map(() => random());
  const gapScale = Math.max(0, o.spanDays * 86_400_000 - busyMs) / (gaps.reduce((a, b) => a + b, 0) || 1);
  const readings: Reading[] = [];
  let ago = o.spanDays * 86_400_000;
  sessions.forEach((session, k) => {
    ago -= gaps[k] * gapScale;
    session.forEach((r, i) => {
      r.agoMs = Math.max(60_000, Math.round(ago));
      const next = session[i + 1];
      if (!(next && next.lon === r.lon && next.lat === r.lat)) ago -= steps[k][i]; // one scan's rows share its time
      readings.push(r);
    });
  });
  return { devices: o.honestDevices + 3 * o.liarPhones, readings };
}

/** A walk: steady heading with small turns, turning back towards its anchor when it strays. */
function honestSession(world: World, random: Random, o: ReadingOptions, device: number, phone: Device, remaining: number): Reading[] {
  const half = world.halfM;
  const anchored = random() < o.anchoredShare;
  const h = world.hotspots[Math.floor(random() * world.hotspots.length)];
  const [ax, ay] = anchored ? [h.x, h.y] : [uniform(random, -half, half), uniform(random, -half, half)];
  const r0 = o.anchorM * Math.sqrt(random()), a0 = 2 * Math.PI * random();
  let x = clamp(ax + r0 * Math.cos(a0), half), y = clamp(ay + r0 * Math.sin(a0), half);
  let heading = 2 * Math.PI * random();
  const n = Math.min(remaining, Math.round(uniform(random, o.sessionReadings[0], o.sessionReadings[1])));
  const out: Reading[] = [];
  for (let i = 0; out.length < n; i++) {
    out.push(...honestReadings(world, random, o, device, phone, x, y).slice(0, n - out.length));
    heading += gaussian(random) * 0.4;
    if (Math.hypot(x - ax, y - ay) > o.anchorM || Math.abs(x) > half || Math.abs(y) > half) heading = Math.atan2(ay - y, ax - x);
    const step = uniform(random, o.stepM[0], o.stepM[1]);
    x = clamp(x + step * Math.cos(heading), half);
    y = clamp(y + step * Math.sin(heading), half);
  }
  return out;
}

/** One spot's rows: the loudest free network (or none heard), or with scanLists every one a survey device hears. */
function honestReadings(world: World, random: Random, o: ReadingOptions, device: number, phone: Device, x: number, y: number): Reading[] {
  if (!(o.scanLists && phone.survey)) return [honestReading(world, random, o, device, phone, x, y)];
  const base = located(world, random, o, x, y, device, null, 'survey');
  const rows: Reading[] = [];
  for (const h of world.hotspots) {
    if (!h.alive || meanDbm(h, Math.hypot(x - h.x, y - h.y)) + 40 < o.hearDbm) continue; // beyond hearing even with a 6 σ shadow and noise
    const heard = hotspotDbm(h, x, y) + phone.biasDb + gaussian(random) * o.noiseSigmaDb;
    if (heard >= o.hearDbm) rows.push({ ...base, signalDbm: clampDbm(heard, o), ssid: world.options.ssid, bssid: h.bssid });
  }
  return rows.length ? rows : [{ ...base, noFreeNetwork: true }];
}

function honestReading(world: World, random: Random, o: ReadingOptions, device: number, phone: Device, x: number, y: number): Reading {
  const { dbm, hotspot } = trueSignal(world, x, y);
  const heard = dbm + phone.biasDb + gaussian(random) * o.noiseSigmaDb;
  const base = located(world, random, o, x, y, device, null, phone.survey ? 'survey' : 'app');
  if (!(heard >= o.hearDbm)) return { ...base, noFreeNetwork: true };
  const reading: Reading = { ...base, signalDbm: clampDbm(heard, o), ssid: world.options.ssid };
  if (phone.survey) reading.bssid = world.hotspots[hotspot].bssid;
  return reading;
}

/** The reported position: the true one plus GPS error whose RMS is the reported accuracy. */
function located(world: World, random: Random, o: ReadingOptions, x: number, y: number, device: number, liar: Liar | null, source: 'survey' | 'app'): Reading {
  const accuracyM = Math.round(uniform(random, o.accuracyM[0], o.accuracyM[1]));
  const ex = (gaussian(random) * accuracyM) / Math.SQRT2, ey = (gaussian(random) * accuracyM) / Math.SQRT2;
  const claimed = liar && o.liarAccuracyM > 0 ? o.liarAccuracyM : accuracyM; // the same draws either way, so every other reading stays the same
  return { device, liar, agoMs: 0, lon: round6(world.frame.lon(x + ex)), lat: round6(world.frame.lat(y + ey)), accuracyM: claimed, source };
}

function liarSessions(world: World, random: Random, o: ReadingOptions, counts: number[], firstDevice: number): Reading[][] {
  const half = world.halfM;
  // Far from every hotspot: the emptiest of many candidate spots.
  const spots = Array.from({ length: 400 }, () => [uniform(random, -half, half), uniform(random, -half, half)] as [number, number])
    .map(([x, y]) => ({ x, y, far: nearestHotspotM(world, x, y), dbm: trueSignal(world, x, y).dbm }));
  const far = [...spots].sort((a, b) => b.far - a.far).slice(0, 5);
  const dead = spots.filter((s) => s.dbm < -95).sort((a, b) => b.far - a.far)[0] ?? far[0];
  const strong = world.hotspots.filter((h) => h.alive).sort((a, b) => meanDbm(b, 10) - meanDbm(a, 10)).slice(0, 8);
  const fakeBssids = Array.from({ length: 5 }, () => macAddress(random));
  const listed = world.hotspots.filter((h) => h.registered);
  const deadListed = listed.filter((h) => !h.alive);
  const unlisted = world.hotspots.filter((h) => !h.registered && h.alive);
  const nearest = (among: World['hotspots'], s: { x: number; y: number }) => among.reduce((a, b) => (Math.hypot(b.x - s.x, b.y - s.y) < Math.hypot(a.x - s.x, a.y - s.y) ? b : a));
  const named = (s: { x: number; y: number }, fake: string) =>
    o.liarNamesListed ? nearest(listed, s).bssid : o.liarNamesUnlisted && unlisted.length ? nearest(unlisted, s).bssid : fake;
  // Where the dragging liar stands for each target: DRAG_M off at a fixed angle each (no draw, so the stream is the same).
  const dragged = unlisted.slice(0, 5).map((h, k) => ({ h, x: clamp(h.x + DRAG_M * Math.cos(1 + 2.4 * k), half), y: clamp(h.y + DRAG_M * Math.sin(1 + 2.4 * k), half) }));
  // The scattering liar's spots come from a stream of their own (seeded by this world's draws), so every other reading stays the same.
  const scatter = mulberry32(Math.floor((far[0].x + half) * 1000) ^ 0x5ca7_7e25);
  const blanket = mulberry32(Math.floor((far[0].y + half) * 1000) ^ 0xb1a7_4e75); // the blanketing liar's, likewise
  // Sessions of 60 rows, each from one of the liar's phones in turn.
  let liar = 0;
  const make = (count: number, one: () => Reading) => {
    const first = firstDevice + liar++ * o.liarPhones;
    return chunk(Array.from({ length: count }, one), 60).map((session, k) => session.map((r) => ({ ...r, device: first + (k % o.liarPhones) })));
  };
  const near = (x: number, y: number, r: number): [number, number] => [clamp(x + gaussian(random) * r, half), clamp(y + gaussian(random) * r, half)];
  return [
    ...make(counts[0], () => {
      const k = Math.floor(random() * far.length), drag = o.liarDragsUnlisted && dragged.length ? dragged[k % dragged.length] : null;
      const s = drag ?? far[k];
      const [x, y] = o.liarFollowsPhysics ? near(s.x, s.y, FAKE_SPREAD_M) : near(s.x, s.y, 20); // one draw each way, so the stream is the same
      const fake = fakeBssids[Math.floor(random() * fakeBssids.length)]; // drawn in every mode, so the stream is the same
      const loud = uniform(random, -40, -30);
      if (o.liarScatters) {
        const [sx, sy] = [uniform(scatter, -half, half), uniform(scatter, -half, half)];
        return { ...located(world, random, o, sx, sy, firstDevice, 'fake-strong', 'app'), signalDbm: Math.round(uniform(scatter, -72, -60)), ssid: world.options.ssid };
      }
      // A legal curve from the spot, the same draw as ±4 dB of fading: nothing a physics check can tell from a real hotspot.
      const level = o.liarFollowsPhysics ? FAKE_RADIO.dbmAt1m - 10 * FAKE_RADIO.n * Math.log10(Math.max(3, Math.hypot(x - s.x, y - s.y))) + 0.8 * (loud + 35) : loud;
      return { ...located(world, random, o, x, y, firstDevice, 'fake-strong', 'survey'), signalDbm: Math.round(level), ssid: world.options.ssid, bssid: drag ? drag.h.bssid : named(s, fake) };
    }),
    ...make(counts[1], () => {
      const h = strong[Math.floor(random() * strong.length)];
      const [nx, ny] = near(h.x, h.y, 15); // drawn in every mode, so the stream is the same
      const [r, a] = [BLANKET_M * Math.sqrt(blanket()), 2 * Math.PI * blanket()];
      const [x, y] = o.liarBlankets ? [clamp(h.x + r * Math.cos(a), half), clamp(h.y + r * Math.sin(a), half)] : [nx, ny];
      const base = located(world, random, o, x, y, firstDevice + 1, 'fake-dead', 'app');
      if (!o.liarResurrects || deadListed.length === 0) return { ...base, noFreeNetwork: true as const };
      // The same draws (so every other reading stays the same), moved beside a dead listed hotspot: its BSSID at the level it would have alive there.
      const d = deadListed[strong.indexOf(h) % deadListed.length], [ex, ey] = [world.frame.x(base.lon) - h.x, world.frame.y(base.lat) - h.y];
      const [rx, ry] = [d.x + ex, d.y + ey];
      return { ...base, lon: round6(world.frame.lon(rx)), lat: round6(world.frame.lat(ry)), source: 'survey' as const, signalDbm: clampDbm(meanDbm(d, Math.hypot(ex, ey)), o), ssid: world.options.ssid, bssid: d.bssid };
    }),
    ...make(counts[2], () => {
      const [x, y] = near(dead.x, dead.y, 25);
      return { ...located(world, random, o, x, y, firstDevice + 2, 'flood', 'app'), signalDbm: Math.round(uniform(random, -45, -35)), ssid: world.options.ssid };
    }),
  ];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const clamp = (v: number, half: number) => Math.max(-half, Math.min(half, v));
const clampDbm = (v: number, o: ReadingOptions) => Math.max(o.signalRange[0], Math.min(o.signalRange[1], Math.round(v)));
