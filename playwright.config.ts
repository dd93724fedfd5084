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
  // One test at a time. Two Playwright workers (each already gets its own preview port, see
  // previewServer.ts) saved little on 2 cores, the tests being mostly CPU work, and a clean-clone run
  // with two failed on browser-level waits that never failed one at a time (a file chooser opened
  // from the keyboard, a deferred update's reload).
  workers: 1,
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
