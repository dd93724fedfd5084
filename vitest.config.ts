import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every core runs test files (Vitest's default leaves one to its own process, which here would
    // halve a 2-core machine), and files share their worker's modules instead of loading TensorFlow.js
    // again for each: the unit run went from 135 s to 46 s on 2 cores. What a file can leave behind
    // in the globals is reset by the setup file.
    maxWorkers: availableParallelism(),
    isolate: false,
    setupFiles: ['tests/helpers/freshTestFile.ts'],
  },
});
