import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Browser tests poll the page; on a loaded two-core CI machine a second is too tight. A poll
    // still ends as soon as its condition holds.
    expect: { poll: { timeout: 5000 } },
  },
});
