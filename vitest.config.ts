import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Browser tests poll the page; on a loaded two-core CI machine a second is too tight. A poll
    // still ends as soon as its condition holds.
    expect: { poll: { timeout: 5000 } },
    // CI is a loaded two-core machine: a test is judged by what it asserts, never by a default
    // five seconds. Long scenarios set their own, larger timeouts.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
