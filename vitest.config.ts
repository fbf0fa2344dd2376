import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000, // API and browser tests start real servers
    hookTimeout: 120_000, // a browser test may build the client first
  },
});
