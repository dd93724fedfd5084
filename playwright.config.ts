import { defineConfig } from '@playwright/test';
import { lighterChromium } from './scripts/lib/chromiumFeatures.mjs';

// Debian's Chromium (never `playwright install`: it cannot download here). The WebGPU/WebGL flags make
// both work headless on the CPU through SwiftShader; the rest keep Chromium off the (closed) network.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader',
];

// What the browser tests add: no omnibox popup (lighterChromium says why), and software
// compositing. Headless, the page itself is otherwise drawn through SwiftShader's GL in the GPU
// process: about 4.5 of the 12 CPU-s of the WASM core loop (import, train, reload, train), more than
// any thread of the app. Over the whole suite, 796 busy CPU-s with this flag against 949 without,
// 417 s against 486 (one run each, back to back). WebGL and WebGPU still run on SwiftShader. Not in
// chromiumArgs, which the benchmarks read: their figures stay comparable with docs/benchmarks.md.
export const testChromiumArgs = [...lighterChromium(chromiumArgs), '--disable-gpu-compositing'];

// `vite preview` gzips every script it serves, again on each request: about 0.35 CPU-s of its Node
// process for each fresh profile (the service worker precaches 11 MB, 5 MB of it h5wasm); 2.4
// against 0.7 CPU-s for five profiles opened with this header. Over loopback, compression saves no
// time worth that CPU.
export const testHTTPHeaders = { 'accept-encoding': 'identity' };

// Overridable so two suites (say, two checkouts) can run side by side.
const port = Number(process.env.GRAFT_TEST_PORT ?? 4179);

export default defineConfig({
  testDir: 'tests/browser',
  timeout: 240_000,
  expect: { timeout: 30_000 },
  // Two test files side by side. The tests are CPU work (SwiftShader, WASM, Chromium itself), yet one
  // at a time leaves part of the two cores idle between steps: two workers ran the browser tests in
  // 8.0-9.1 minutes over five idle runs, where one had taken 10.5-11.0 (with GPU-backend tests about
  // a minute longer than now). Spreading single tests rather than files (fullyParallel) changed
  // nothing. So every test runs on a busy machine, which the suite asks of them anyway. Each worker
  // gets its own port for the servers tests start (previewServer.ts).
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: '/usr/bin/chromium', args: testChromiumArgs },
    extraHTTPHeaders: testHTTPHeaders,
    // No service worker unless a test asks for one: each fresh profile would otherwise install it and
    // precache 11 MB (5 MB of it h5wasm) beside the test's own work. Nothing else depends on it:
    // cross-origin isolation (WASM threads) comes from the server's COOP/COEP headers. The offline
    // and update tests (their profiles: pwaProfile.ts) and the requests test (safety.spec.ts) opt
    // back in.
    serviceWorkers: 'block',
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
