// The test subset StrykerJS runs against each mutant (npm run mutation): the unit tests only. Each
// API file starts a server and seeds a database (~3 s), and nearly every one reaches the HTTP
// modules, so with them a run took hours on 2 cores (measured: 160 of 1,517 mutants in 12 minutes).
// The HTTP security modules are therefore held by unit tests of their own (test/unit/http/).
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

export default mergeConfig(
  base,
  defineConfig({
    test: {
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
      ],
    },
  }),
);
