import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // One file at a time: browser tests drive software-rendered Chromium, and two of them at once on
    // a 2-core machine starve each other into timeouts. Unit and API files are quick either way.
    fileParallelism: false,
    testTimeout: 60_000, // API and browser tests start real servers and browsers
    hookTimeout: 180_000, // a browser test file builds the client first
  },
});
