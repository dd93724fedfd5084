// The installable, offline app on the production build: served by its service worker with the
// network gone (server stopped and the browser offline), it still does the whole job, still
// cross-origin isolated; Chromium finds it installable; storage persistence is asked once.
// Each test runs its own `vite preview` (previewServer.ts) and a persistent browser profile (an
// incognito context is never installable, and closing and reopening the browser needs a profile).
import { expect, test, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHAPE_CLASSES, writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';
import { startPreview, type PreviewServer } from './previewServer';
import { firstPage, openProfile, waitForServiceWorker } from './pwaProfile';

const DIST = 'dist';
const QUICK = { backend: 'wasm', size: '32', epochs: '6' };

let server: PreviewServer | null = null;
let profile = '';
test.beforeEach(() => {
  profile = mkdtempSync(join(tmpdir(), 'graft-profile-'));
});
test.afterEach(async () => {
  await server?.stop();
  server = null;
  rmSync(profile, { recursive: true, force: true });
});

/** Every request that reached the network, or failed to, from any page, worker or service worker. */
function watchNetwork(context: BrowserContext) {
  const leaks: string[] = [];
  context.on('requestfailed', (r) => leaks.push(`failed: ${r.url()} (${r.failure()?.errorText})`));
  context.on('response', (r) => {
    if (/^https?:/.test(r.url()) && !r.fromServiceWorker()) leaks.push(`network: ${r.url()}`);
  });
  return leaks;
}

test('offline: reopened with no network, the app imports, extracts, trains and evaluates', async () => {
  const perClass = 8;
  const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-offline-')), perClass);
  server = await startPreview(DIST);
  const url = server.url;
  let context = await openProfile(profile, url);
  let page = await firstPage(context);
  await new GraftPage(page).open(QUICK);
  await waitForServiceWorker(page);
  await context.close();

  // The network is gone for good: no server, and the browser itself offline.
  await server.stop();
  server = null;
  context = await openProfile(profile, url);
  await context.setOffline(true);
  const leaks = watchNetwork(context);
  page = await firstPage(context);
  const app = new GraftPage(page);
  await app.open(QUICK);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(app.backend).toHaveText('wasm');
  // Threads need cross-origin isolation in the worker too: the cached worker kept its headers.
  await expect(page.getByText(/WASM \(SIMD, \d+ threads?\)/)).toBeVisible();

  await app.importFolder(dir);
  await expect(page.getByTestId('class-row')).toHaveCount(SHAPE_CLASSES.length);
  await app.train();
  await expect(page.getByTestId('cache-summary')).toContainText(`0 cached, ${perClass * 3} new`);
  await expect(page.getByTestId('backbone')).toContainText('VGG16 32px');
  await app.accuracyPercent();
  await page.getByLabel('Image to classify').setInputFiles(join(dir, 'circles', 'circles-0.png'));
  await expect(page.getByTestId('prediction').getByRole('listitem')).toHaveCount(3);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(leaks).toEqual([]);
  await context.close();
});

test('installable: no installability errors, every manifest icon at its declared size', async () => {
  server = await startPreview(DIST);
  const context = await openProfile(profile, server.url);
  const page = await firstPage(context);
  await new GraftPage(page).open(QUICK);
  await waitForServiceWorker(page);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);

  const manifestUrl = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = (await (await page.request.get(manifestUrl!)).json()) as {
    display: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const icon of manifest.icons) {
    const response = await page.request.get(new URL(icon.src, page.url()).href);
    expect(response.ok(), icon.src).toBe(true);
    expect(response.headers()['content-type'], icon.src).toContain(icon.type);
    if (icon.type !== 'image/png') continue;
    const png = await response.body();
    // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers.
    expect(png.subarray(1, 4).toString('latin1'), icon.src).toBe('PNG');
    const size = `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`;
    expect(size, icon.src).toBe(icon.sizes);
  }
  await context.close();
});

test('storage: persistence is asked once, and the panel shows usage and quota', async () => {
  const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-persist-')), 5);
  server = await startPreview(DIST);
  const context = await openProfile(profile, server.url);
  // Counts persist() calls across reloads (localStorage), before the app's own code runs.
  await context.addInitScript(() => {
    const storage = navigator.storage;
    const persist = storage.persist.bind(storage);
    storage.persist = () => {
      const calls = Number(localStorage.getItem('test.persist-calls') ?? 0) + 1;
      localStorage.setItem('test.persist-calls', String(calls));
      return persist();
    };
  });
  const page = await firstPage(context);
  const app = new GraftPage(page);
  await app.open(QUICK);
  const persisted = page.getByTestId('storage-persisted');
  await expect(persisted).toHaveAttribute('data-asked', 'false');
  await app.importFolder(dir);
  await expect(persisted).toHaveAttribute('data-asked', 'true');
  await app.open(QUICK);
  await app.importFolder(dir);
  await expect(persisted).toHaveAttribute('data-asked', 'true');
  expect(await page.evaluate(() => localStorage.getItem('test.persist-calls'))).toBe('1');

  const usage = page.getByTestId('storage-usage');
  await expect(usage).toHaveText(/^[\d.]+ (B|KB|MB|GB) used of [\d.]+ (KB|MB|GB|TB)/);
  const granted = await persisted.getAttribute('data-persisted');
  // Either answer is the browser's to give; the page must say which, and explain eviction if refused.
  if (granted === 'false') await expect(page.getByText(/may delete this site/)).toBeVisible();
  else await expect(persisted).toContainText('granted');
  await context.close();
});
