import { defineConfig } from 'vitest/config';

// Speed ratios measured in Node: benchmarks, not tests (`npm run bench:head`); never in `npm test`.
export default defineConfig({
  test: { include: ['tests/perf/**/*.perf.ts'], environment: 'node', testTimeout: 120_000 },
});
