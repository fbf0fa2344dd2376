// The second mutation check CI runs (.ci/run): the coverage model's hotspot estimators — one hotspot's fit,
// "probably down", discoveries — and which readings are one scan. Kept apart from the security
// check (stryker.ci.config.mjs) so its lower bar does not lower that one's.
import ci from './stryker.ci.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...ci,
  // evidence.ts (87.9 %) left CI's list on 2026-12-04 to keep the whole run under 30 min on 2 cores (this check took
  // 10 min of 29 that day), and hotspot-fit.ts (331 mutants, 73.4 %) that evening, when a fresh-clone run again took
  // 29.6 min (this check 9.9 of them); both stay in `npm run mutation`.
  // lone-readings.ts (77.4 % on 2026-12-06; survivors equivalent: the square key's arithmetic, shortcuts that only save
  // work, the honest-share check before the binomial tail, growth by one element more or less) made this check 6.8 min
  // instead of 3 (its mutants reach the engine's tests): it stays in `npm run mutation`.
  mutate: ['server/domain/coverage/hotspots.ts', 'server/domain/survey-scan.ts'],
  // %: measured 2026-12-04 (hotspots.ts 84.2 %, survey-scan.ts 93.8 %). Survivors are mostly equivalent: east-scale
  // arithmetic that cancels near the origin, loop bounds over typed arrays (an extra index reads or writes nothing).
  thresholds: { high: 90, low: 70, break: 70 },
};
