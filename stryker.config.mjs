// Mutation testing (npm run mutation): StrykerJS plants small bugs in the domain and the HTTP
// security modules and checks that some test fails for each. Reports land in reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest', // each mutant runs only the tests that reach it
  incremental: true, // a later run re-tests only mutants whose code or tests changed (reports/stryker-incremental.json)
  incrementalFile: 'reports/stryker-incremental.json',
  mutate: [
    'server/domain/**/*.ts',
    '!server/domain/coverage/**', // the engine is being rewritten; its pure estimators join the scope one by one, once their unit tests kill what can be killed
    'server/domain/coverage/p-calibration.ts', // learned P(usable): 97.8 % (3 equivalent survivors: bisection steps, < vs ≤)
    'server/domain/coverage/hotspot-fit.ts', // one hotspot's fit (known-answer tests)
    'server/domain/coverage/hotspots.ts', // fits applied, "probably down", discoveries (their rules at each edge)
    'server/domain/coverage/evidence.ts', // what a reading weighs and where it lands
    'server/domain/coverage/device-trust.ts', // whom to distrust: 75.1 % (2026-12-05; survivors mostly equivalent: the tail's early stop, the shortcut below the honest share, sort direction, which cells are re-judged)
    'server/domain/coverage/emitter-claims.ts', // which listing without BSSIDs a radio belongs to: 100 % (2026-12-07)
    'server/domain/coverage/lone-readings.ts', // phones alone with loud readings: 77.4 % (2026-12-06; survivors equivalent: key arithmetic, work-saving shortcuts)
    'server/http/auth.ts',
    'server/http/rate-limit.ts',
    'server/http/validate.ts',
    'server/http/problem.ts',
  ],
  ignoreStatic: true, // module-level constants (zod schemas, tables) rerun every test per mutant: 93% of the time; their behaviour is tested through the functions that use them
  concurrency: 1, // 2 cores shared with other work; one vitest worker at a time
  timeoutMS: 20_000, // ms added to a mutant's expected time before it counts as a timeout (API tests start servers)
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['data/raw', 'reports', 'test/e2e', 'test/fixtures/coverage', 'dist'],
};
