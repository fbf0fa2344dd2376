// Seeded truth simulation of the coverage map (issue 10, "How we will know"): a simulated world of true
// hotspots, a flawed registry and crowd readings (liars included) is fed to the real server through its
// public HTTP API, and the map is scored against the truth at checkpoints.
//
//   npm run eval:truth                                  seed 1
//   npm run eval:truth -- --seeds 1,2,3                 several seeds, and a summary over them
//   npm run eval:truth -- --hotspots 60 --readings 0,1000,5000 --no-liar-run
//   npm run eval:truth -- --phones one-address          every phone from one address (or device-id: the old body field only)
//   EVAL_SERVER_ROOT=../other-checkout npm run eval:truth -- --out /tmp/other   measure another checkout's server
//
// Progress goes to stderr; the tables to stdout and to scripts/eval-results/truth.md and truth.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { runSeed, type SeedResult } from './eval/run'; // one seed: world → server → readings → scores
import { fullMarkdown, seedMarkdown, summaryMarkdown, TARGETS, TARGETS_LINE } from './eval/report'; // tables and targets
import { WORLD_DEFAULTS } from './eval/world'; // the world's parameters, each with its unit and reason
import { killAll, REPO } from './eval/server';
import { PHONE_FEEDS, type PhoneFeed } from './eval/api'; // how the simulated phones reach the server

const DEFAULTS = {
  seeds: [1], // --seeds 1,2,3
  hotspots: WORLD_DEFAULTS.hotspots, // --hotspots N: true hotspot sites
  readings: [0, 2_000, 10_000, 50_000], // --readings a,b,c: cumulative checkpoints
  liarRun: true, // --no-liar-run: skip the second run without liars
  liarPhones: 1, // --liar-phones N: each of the three liars speaks through N phones, each on its own network (a Sybil attack)
  liarShare: 0.02, // --liar-share F: the liars' share of all readings (0.1: five times as many lies)
  liarSplit: null as [number, number, number] | null, // --liar-split a,b,c: the liars' readings split fake strong : fake dead : flood (default 1,1,2)
  liarNamesListed: false, // --liar-names-listed: the fake-strong liar names the listed hotspot nearest its spot instead of unknown BSSIDs
  liarNamesUnlisted: false, // --liar-names-unlisted: … names the live unregistered hotspot nearest its spot, to drag where it is discovered
  liarDragsUnlisted: false, // --liar-drags-unlisted: … stands 200 m from a live unregistered hotspot and names it from there
  liarFollowsPhysics: false, // --liar-follows-physics: the fake-strong liar's readings fall off from its spot as a legal hotspot's would
  liarScatters: false, // --liar-scatters: the fake-strong liar posts one usable-looking level at each of many random spots
  liarBlankets: false, // --liar-blankets: the fake-dead liar posts "nothing heard" all over its targets' reach (150 m), not beside them
  liarResurrects: false, // --liar-resurrects: the fake-dead liar names dead listed hotspots beside them, at the levels they would have alive
  scanLists: false, // --scan-lists: survey devices list every free network they hear, as WiGLE does, not only the loudest
  maxAccuracyM: 30, // --max-accuracy-m N: phones report fixes of 5…N m (error RMS equal to it); 150: fixes as vague as indoors
  registryBssids: true, // --registry-without-bssids: the registry names each hotspot's SSID but no BSSID, as Kitchener's does
  world: {} as { shadowSigmaDb?: number; shadowCorrelationM?: number }, // --shadow-sigma-db 4 --shadow-correlation-m 80: a gentler world
  phones: 'own-networks' as PhoneFeed, // --phones own-networks|one-address|device-id: how the phones reach the server (eval/api.ts)
  out: `${REPO}scripts/eval-results/truth`, // --out PATH: results go to PATH.md and PATH.json
};

function parseArgs(argv: string[]) {
  const o = { ...DEFAULTS, world: { ...DEFAULTS.world } };
  const list = (flag: string, v: string | undefined) => {
    const values = (v ?? '').split(',').map((s) => Number(s.trim()));
    if (!v || values.some((n) => !Number.isInteger(n) || n < 0)) throw new Error(`${flag} "${v}" must be a comma-separated list of whole numbers ≥ 0`);
    return values;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--seeds') o.seeds = list(flag, argv[++i]);
    else if (flag === '--hotspots') [o.hotspots] = list(flag, argv[++i]);
    else if (flag === '--readings') o.readings = list(flag, argv[++i]);
    else if (flag === '--no-liar-run') o.liarRun = false;
    else if (flag === '--scan-lists') o.scanLists = true;
    else if (flag === '--max-accuracy-m') [o.maxAccuracyM] = list(flag, argv[++i]);
    else if (flag === '--liar-phones') [o.liarPhones] = list(flag, argv[++i]);
    else if (flag === '--liar-share') o.liarShare = Number(argv[++i]);
    else if (flag === '--liar-split') {
      const parts = list(flag, argv[++i]);
      const sum = parts.reduce((a, b) => a + b, 0);
      if (parts.length !== 3 || sum === 0) throw new Error(`--liar-split ${argv[i]} must be three whole numbers (fake strong, fake dead, flood), not all 0`);
      o.liarSplit = parts.map((v) => v / sum) as [number, number, number];
    } else if (flag === '--liar-names-listed') o.liarNamesListed = true;
    else if (flag === '--liar-names-unlisted') o.liarNamesUnlisted = true;
    else if (flag === '--liar-drags-unlisted') o.liarDragsUnlisted = true;
    else if (flag === '--liar-resurrects') o.liarResurrects = true;
    else if (flag === '--liar-scatters') o.liarScatters = true;
    else if (flag === '--liar-blankets') o.liarBlankets = true;
    else if (flag === '--liar-follows-physics') o.liarFollowsPhysics = true;
    else if (flag === '--registry-without-bssids') o.registryBssids = false;
    else if (flag === '--shadow-sigma-db') [o.world.shadowSigmaDb] = list(flag, argv[++i]);
    else if (flag === '--shadow-correlation-m') [o.world.shadowCorrelationM] = list(flag, argv[++i]);
    else if (flag === '--phones' && PHONE_FEEDS.includes(argv[i + 1] as PhoneFeed)) o.phones = argv[++i] as PhoneFeed;
    else if (flag === '--out' && argv[i + 1]) o.out = resolve(argv[++i]);
    else throw new Error(`unknown option "${flag}"; use --seeds, --hotspots, --readings, --no-liar-run, --liar-phones, --liar-split, --liar-names-listed, --liar-names-unlisted, --liar-drags-unlisted, --liar-follows-physics, --liar-resurrects, --liar-scatters, --liar-blankets, --scan-lists, --registry-without-bssids, --shadow-sigma-db, --shadow-correlation-m, --phones ${PHONE_FEEDS.join('|')}, --out`);
  }
  if ([o.liarNamesListed, o.liarNamesUnlisted, o.liarDragsUnlisted].filter(Boolean).length > 1) throw new Error('--liar-names-listed, --liar-names-unlisted and --liar-drags-unlisted name different targets: choose one');
  if (o.liarPhones < 1) throw new Error(`--liar-phones ${o.liarPhones} must be at least 1`);
  if (!(o.liarShare >= 0 && o.liarShare < 0.5)) throw new Error(`--liar-share ${o.liarShare} must be a number at least 0 and under 0.5`);
  if (o.hotspots < 1) throw new Error(`--hotspots ${o.hotspots} must be at least 1`);
  if (o.readings.some((n, k) => k > 0 && n <= o.readings[k - 1])) throw new Error(`--readings ${o.readings.join(',')} must be strictly ascending`);
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const city = JSON.parse(readFileSync(`${REPO}data/kitchener-boundary.geojson`, 'utf8')).features[0].geometry;
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const results: SeedResult[] = [];
  for (const seed of o.seeds) {
    const result = await runSeed(seed, { hotspots: o.hotspots, world: o.world, checkpoints: o.readings, scanLists: o.scanLists, maxAccuracyM: o.maxAccuracyM, liarPhones: o.liarPhones, liarShare: o.liarShare, liarSplit: o.liarSplit ?? undefined, liarNamesListed: o.liarNamesListed, liarNamesUnlisted: o.liarNamesUnlisted, liarDragsUnlisted: o.liarDragsUnlisted, liarFollowsPhysics: o.liarFollowsPhysics, liarResurrects: o.liarResurrects, liarScatters: o.liarScatters, liarBlankets: o.liarBlankets, registryBssids: o.registryBssids, liarRun: o.liarRun, feed: o.phones, city, log });
    results.push(result);
    console.log(`${seedMarkdown(result)}\n`);
  }
  console.log(`${TARGETS_LINE}\n`);
  console.log(`${summaryMarkdown(results)}\n`);
  const context = `Run ${new Date().toISOString().slice(0, 16)}Z on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ` +
    `${o.hotspots} hotspots, checkpoints ${o.readings.join(', ')} readings${o.liarRun ? '' : ', no liar run'}${o.liarPhones > 1 ? `, each liar on ${o.liarPhones} phones` : ''}${o.liarShare !== DEFAULTS.liarShare ? `, liars' share of the readings ${o.liarShare}` : ''}${o.liarSplit ? `, liars' readings split ${o.liarSplit.map((v) => v.toFixed(2)).join(' : ')} (fake strong : fake dead : flood)` : ''}${o.liarNamesListed ? ', the fake-strong liar names listed hotspots' : ''}${o.liarFollowsPhysics ? ", the fake-strong liar's readings follow a legal hotspot's curve" : ''}${o.liarResurrects ? ', the fake-dead liar names dead listed hotspots beside them' : ''}${o.liarScatters ? ', the fake-strong liar scatters usable-looking levels (−72…−60 dBm, no BSSID) over random spots' : ''}${o.liarBlankets ? ', the fake-dead liar blankets its targets\' reach with "nothing heard"' : ''}${o.scanLists ? ', survey devices list every network they hear' : ''}${o.maxAccuracyM !== DEFAULTS.maxAccuracyM ? `, fixes of 5–${o.maxAccuracyM} m` : ''}${o.registryBssids ? '' : ', registry without BSSIDs'}${o.phones === 'own-networks' ? '' : `, phones: ${o.phones}`}; ` +
    `shadowing σ ${o.world.shadowSigmaDb ?? WORLD_DEFAULTS.shadowSigmaDb} dB, correlation ${o.world.shadowCorrelationM ?? WORLD_DEFAULTS.shadowCorrelationM} m.`;
  mkdirSync(dirname(o.out), { recursive: true });
  writeFileSync(`${o.out}.md`, fullMarkdown(results, context));
  writeFileSync(`${o.out}.json`, `${JSON.stringify({ context, options: o, targets: TARGETS, results }, null, 2)}\n`);
  log(`wrote ${o.out}.md and .json`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
main().catch((err) => {
  console.error(err instanceof Error ? `${err.stack ?? err.message}${err.cause ? `\ncause: ${String(err.cause)}` : ''}` : err);
  process.exit(1);
});
