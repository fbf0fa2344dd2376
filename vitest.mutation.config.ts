// The test subset StrykerJS runs against each mutant (npm run mutation): the unit tests only. Each
// API file starts a server and seeds a database (~3 s), and nearly every one reaches the HTTP
// modules, so with them a run took hours on 2 cores (measured: 160 of 1,517 mutants in 12 minutes).
// The HTTP security modules are therefore held by unit tests of their own (test/unit/http/).
import { defineConfig } from 'vitest/config';
import base from './vitest.config';

// Not mergeConfig: it would append this list to the base's `test/**/*.test.ts`, and every API and browser
// test would run again in StrykerJS's first pass (measured: 753 tests, 3 min 43 s of the CI check's 9 min).
export default defineConfig({
  test: {
    ...base.test,
    retry: 0, // a mutant a test kills once is killed: a second try would only double the run
    include: [
      // The unit files that import mutated code (seed-data and resident-client reach none of it).
      'test/unit/layer-query.test.ts',
      'test/unit/public-cells.test.ts',
      'test/unit/rate-limit.test.ts',
      'test/unit/report-lifecycle.test.ts',
      'test/unit/service-area.test.ts',
      'test/unit/siting.test.ts',
      'test/unit/wigle/*.test.ts',
      'test/unit/http/*.test.ts',
      'test/unit/coverage/p-calibration.test.ts', // the learned P(usable)
      'test/unit/coverage/evidence.test.ts', // what a reading weighs and where it lands
      'test/unit/survey-scan.test.ts', // which readings are one scan
      'test/unit/cql2.test.ts', // filters anyone may write: LIKE and nesting
      'test/unit/field-errors.test.ts', // a 400's list of errors: capped, then counted
      'test/unit/coverage/hotspot-fit.test.ts', // one hotspot's fit: known answers
      'test/unit/coverage/posterior-down.test.ts', // "probably down": the posterior
      'test/unit/coverage/hotspot-rules.test.ts', // fits, "probably down" and discoveries: each rule at its edge
      'test/unit/coverage/hotspots.test.ts', // the same decisions through the engine's map
      'test/unit/coverage/device-trust.test.ts', // whom to distrust: the binomial tail, the others' median, the tally
      'test/unit/coverage/lone-readings.test.ts', // phones alone with loud readings: backing, places, the test
      'test/unit/coverage/emitter-claims.test.ts', // which listing without BSSIDs a radio belongs to
    ],
  },
});
