import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests start node processes and xmllint workers: give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
