// Faults that must lose no work: a worker that dies mid-extraction, a full disk, a reload mid-run.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { capDisk } from './diskQuota';
import { GraftPage } from './graftPage';

// VGG16's smallest input: 90 images still take seconds to extract, time enough to interrupt.
const PARAMS = { backend: 'wasm', size: '32', epochs: '3' };

function dataset(perClass: number, seed: number): string {
  return writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-faults-')), perClass, 48, seed);
}

/** The last run took at least `saved` features from the cache and computed only the rest. */
async function expectResumedFrom(page: Page, saved: number, total: number) {
  const summary = await page.getByTestId('cache-summary').innerText();
  const cached = Number(/(\d+) cached/.exec(summary)?.[1]);
  expect(cached).toBeGreaterThanOrEqual(saved);
  expect(summary).toContain(`${total - cached} new`);
}

/**
 * Polls every 100 ms for the first images done: the default intervals grow to a second, and an idle
 * machine extracted all 90 within such a gap once (progress never seen above 0, the run over).
 */
const MID_EXTRACTION = { timeout: 120_000, intervals: [100] };

/** Images done so far, read from the progress line ("12 / 90 images ..."). */
async function extractedCount(page: Page): Promise<number> {
  const text = await page
    .getByTestId('extract-progress')
    .innerText()
    .catch(() => '0 /');
  return Number(text.split('/')[0]!.replace(/[^\d]/g, '') || 0);
}

test('a worker killed mid-extraction is restarted and extraction resumes from the cache', async ({
  page,
}) => {
  const app = new GraftPage(page);
  await app.open(PARAMS);
  await app.importFolder(dataset(30, 11));
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => extractedCount(page), MID_EXTRACTION).toBeGreaterThan(0);
  const saved = await extractedCount(page);

  const engineWorker = page.workers().find((w) => w.url().includes('engine.worker'));
  expect(engineWorker, 'the engine runs in a dedicated worker').toBeDefined();
  await engineWorker!.evaluate(() => self.close());

  await expect(page.getByText('stopped unexpectedly')).toBeVisible({ timeout: 30_000 });
  await app.waitForDone();
  await expectResumedFrom(page, saved, 90);
});

test.describe('with no service worker and no persistence', () => {
  // The quota below is for IndexedDB's features: the service worker's precache (Cache Storage counts
  // against the same quota) would take that headroom, or fail while the quota is shrunk. Headless
  // Chromium refuses persist() anyway; the stub makes sure of it on a browser that would not.
  test.use({ serviceWorkers: 'block' });
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      navigator.storage.persist = () => Promise.resolve(false);
    });
  });

  test('a full disk stops extraction cleanly, keeps what was written, and training resumes after', async ({
    page,
  }) => {
    // A small quota from the start, so a full disk takes effect at once (see diskQuota.ts): far
    // above what the page writes before then.
    const disk = await capDisk(page, 16 * 2 ** 20);
    const app = new GraftPage(page);
    await app.open({ ...PARAMS, size: '64' }); // features of 8 KB, so that they are what fills the disk
    // Only features should fill the disk here: the project keeps no copies of the images, and the
    // quota is set once its record is saved (otherwise saving it races the measurement below).
    await page.getByLabel(/Keep the original images/).uncheck();
    await app.importFolder(dataset(30, 12));
    await expect(page.getByRole('region', { name: 'Projects' })).toContainText('images not kept');
    // A real QuotaExceededError from the browser: room for about 36 of the 90 features (8 KB each,
    // VGG16 at 64 px), more than the first write (a batch, at most 8 on WASM) needs.
    await disk.fillBut(300_000);

    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(app.phase).toHaveText('error', { timeout: 180_000 });
    await expect(page.getByRole('alert')).toContainText('no more room for features');
    const saved = page.getByRole('listitem').filter({ hasText: '(in use)' });
    await expect(saved).toBeVisible(); // the saved-features panel opened by itself
    const savedCount = Number(/(\d+) images?/.exec(await saved.innerText())?.[1]);
    expect(savedCount).toBeGreaterThan(0);
    expect(savedCount).toBeLessThan(90);

    await disk.lift(); // room again
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await app.train();
    await expect(page.getByTestId('cache-summary')).toContainText(
      `${savedCount} cached, ${90 - savedCount} new`,
    );
  });
});

test('a reload mid-extraction loses nothing: after re-import, Train computes only what is missing', async ({
  page,
}) => {
  const dir = dataset(30, 14);
  const app = new GraftPage(page);
  await app.open(PARAMS);
  await app.importFolder(dir);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => extractedCount(page), MID_EXTRACTION).toBeGreaterThan(0);
  const saved = await extractedCount(page);

  await app.open(PARAMS); // navigates again: the reload
  await app.importFolder(dir);
  await app.train();
  await expectResumedFrom(page, saved, 90);
});

test('two tabs: the second is told what the first is doing, waits for its extraction, then reuses it', async ({
  context,
  page,
}) => {
  const dir = dataset(30, 15);
  const first = new GraftPage(page);
  const second = new GraftPage(await context.newPage());
  await first.open(PARAMS);
  await first.importFolder(dir);
  await second.open(PARAMS);
  await second.importFolder(dir);

  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(first.phase).toHaveText('extracting');
  await expect(second.page.getByTestId('other-tab')).toContainText('extracting features');
  await second.page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(
    second.page.getByText('Another Graft tab is extracting features. This one starts'),
  ).toBeVisible();

  await first.waitForDone();
  await second.waitForDone();
  await expect(second.page.getByTestId('cache-summary')).toContainText('90 cached, 0 new');
  expect(await second.accuracyPercent()).toBe(await first.accuracyPercent()); // same features, same seed
});

// Real losses, made in the worker through its fault hook: WebGL's WEBGL_lose_context, WebGPU's
// GPUDevice.destroy(). Both forced backends run on SwiftShader here (WebGPU at about 4 s an image),
// so the run is 12 images at 32 px (VGG16's smallest) one image a batch, forced through the same
// hook: the loss lands mid-run after a batch or two, and what was saved is resumed from. Batches of
// one keep what the lost device computes (a warm-up and a batch or two) to a few images.
const LOSS_IMAGES = 12;
const LOSS_BATCH = 1;
for (const loss of [
  { backend: 'webgl', did: 'lost the WebGL context', notice: 'The WebGL context was lost' },
  { backend: 'webgpu', did: 'destroyed the WebGPU device', notice: 'The WebGPU device was lost' },
]) {
  test(`${loss.backend}: a device lost mid-extraction, the run carries on with the next backend from what was saved`, async ({
    page,
  }) => {
    test.setTimeout(480_000); // a slower machine than this one: WebGPU on SwiftShader is slow
    const app = new GraftPage(page);
    await app.open({ backend: loss.backend, size: '32', epochs: '3' });
    await expect(app.backend).toHaveText(loss.backend);
    const faults = (fn: string, ...args: unknown[]) =>
      page
        .workers()
        .find((w) => w.url().includes('engine.worker'))!
        .evaluate(
          ([name, rest]) =>
            (self as unknown as { graftFaults: Record<string, (...a: unknown[]) => string> })
              .graftFaults[name as string]!(...(rest as unknown[])),
          [fn, args] as const,
        );
    await faults('forceBatch', LOSS_BATCH);
    await app.importFolder(dataset(LOSS_IMAGES / 3, 16));
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => extractedCount(page), { timeout: 300_000 }).toBeGreaterThan(0);
    const saved = await extractedCount(page);

    expect(await faults('loseDevice')).toBe(loss.did);
    await expect(page.getByTestId('notice')).toContainText(loss.notice, { timeout: 300_000 });
    await expect(app.backend).not.toHaveText(loss.backend);
    await app.waitForDone();
    await expectResumedFrom(page, saved, LOSS_IMAGES);
    await app.accuracyPercent();
  });
}
