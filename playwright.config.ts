import { defineConfig } from '@playwright/test';

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

// Overridable so two suites (say, two checkouts) can run side by side.
const port = Number(process.env.GRAFT_TEST_PORT ?? 4179);

export default defineConfig({
  testDir: 'tests/browser',
  timeout: 240_000,
  expect: { timeout: 30_000 },
  // Two Chromiums side by side, a test each (tests within a file too: none depends on another's
  // state, and each Playwright worker serves its own preview port, see previewServer.ts). Much of a
  // test is waiting (a page load, IndexedDB, a worker's start), so two share 2 cores well: the
  // browser suite takes about a third less time this way than one test at a time.
  workers: 2,
  fullyParallel: true,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: '/usr/bin/chromium', args: chromiumArgs },
    trace: 'off',
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
