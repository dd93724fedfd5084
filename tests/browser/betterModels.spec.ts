// Issue 13 as a new user meets it, in real Chromium with the real worker and IndexedDB: the
// augmentation preview, a head-only run and an augmented run with test-time flip compared in the runs
// table with a fine-tuned one, the test accuracy with its interval, and the k-fold estimate.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';

const SHOTS = process.env.GRAFT_SHOTS;

test('WASM: preview augmentation, compare head-only and augmented runs, k-fold', async ({
  page,
}) => {
  const perClass = 10;
  const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-aug-')), perClass);
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', size: '32', epochs: '10' });
  await app.importFolder(dir);

  // Exact proportions: 10 images per class is 8 / 1 / 1.
  await app.openAdvanced();
  await expect(page.getByTestId('augment-cost')).toContainText('No extra features');
  await page.getByTestId('augment-views').selectOption('2');
  await page.getByTestId('augment-tta').check();
  // 2 views x 24 training images + 3 mirrored test images, said before anything runs.
  await expect(page.getByTestId('augment-cost')).toContainText('51 more images');

  await page.getByTestId('augment-preview-button').click();
  const preview = page.getByTestId('augment-preview');
  await expect(preview.locator('canvas')).toHaveCount(4 * 3);
  // Each view differs from the original: the canvases are drawn from the worker's transform.
  const differs = await preview.evaluate((figure) => {
    const canvases = [...figure.querySelectorAll('canvas')];
    const data = (c: HTMLCanvasElement) =>
      c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const original = data(canvases[0]!);
    return canvases.slice(1, 3).map((c) => data(c).some((v, i) => v !== original[i]));
  });
  expect(differs).toEqual([true, true]);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'preview.png'), fullPage: true });

  // Head only first.
  await page.getByTestId('augment-views').selectOption('0');
  await page.getByTestId('augment-tta').uncheck();
  await app.train();
  await expect(page.getByTestId('test-interval')).toContainText(
    /95% interval \d+\.\d% to \d+\.\d%/,
  );

  // Then augmented, with test-time flip: 30 originals cached, 51 views new. On WASM the fine-tuning
  // cost is measured by itself just after training, and the settings are disabled meanwhile: a
  // click then changes nothing (seen on a busy machine), so its answer comes first.
  await expect(page.getByTestId('fine-tune-estimate')).toContainText('Measured on one batch', {
    timeout: 120_000,
  });
  await page.getByTestId('augment-views').selectOption('2');
  await page.getByTestId('augment-tta').check();
  // The phase still reads 'done' from the first run until the worker reports this one (late on a
  // busy machine), so the run is over when its row is there.
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2, { timeout: 180_000 });
  await app.waitForDone();
  await expect(page.getByTestId('cache-summary')).toContainText('30 cached, 51 new');
  await expect(rows.nth(0)).toContainText('head only');
  await expect(rows.nth(0)).toContainText('24 vectors');
  await expect(rows.nth(1)).toContainText('augmented ×2 + test-time flip');
  await expect(rows.nth(1)).toContainText('72 vectors');

  // On WASM the fine-tuning cost is measured without being asked (seconds of the worker's time):
  // 2 views x 24 training images and their originals, 72 vectors.
  await expect(page.getByTestId('fine-tune-estimate')).toContainText(
    /frozen-part outputs to compute and save .* on WASM\); then .* per epoch on 72 vectors/,
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('fine-tune-measure')).toHaveCount(0);

  await page.getByTestId('kfold-start').click();
  await expect(page.getByTestId('kfold-accuracy')).toContainText(/\d+\.\d% ± \d+\.\d%/, {
    timeout: 120_000,
  });
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'results.png'), fullPage: true });
});

test('WASM: fine-tune the last block, its cost said unasked, then predict', async ({ page }) => {
  // tfjs-backend-wasm 4.22 has no convolution gradients of its own: the app registers them
  // (ml/backends/wasmConvGradients.ts), so fine-tuning runs where the head trained, on WASM.
  const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-ft-wasm-')), 5, 32, 5, 2);
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', size: '32', epochs: '5' });
  await expect(app.backend).toHaveText('wasm');
  await app.importFolder(dir);
  await app.train();
  // Measured by itself once the head is trained: no button to press. 10 images' block4_pool
  // outputs (2 x 2 x 512 floats at 32 px), then the epoch on the 6 training vectors.
  await expect(page.getByTestId('fine-tune-estimate')).toContainText(
    /^10 frozen-part outputs to compute and save \(80 KB, (about \d+ s|under a second) on WASM\); then (about \d+ s|under a second) per epoch on 6 vectors, up to 10 epochs\. Measured on one batch of 6\.$/,
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('fine-tune-measure')).toHaveCount(0);
  if (SHOTS) await shootAtBothSizes(page, 'fine-tune-estimate-wasm');
  await page.getByTestId('fine-tune').click();
  await app.waitForDone();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('fine-tuned');
  await expect(rows.nth(1)).toContainText('sgd 0.0001');
  // Trained on WASM, as tfjs itself reported when fine-tuning ended (not moved to the CPU backend).
  await expect(page.getByText('This model is fine-tuned (on WASM)')).toBeVisible();
  await expect(app.backend).toHaveText('wasm');
  await expect(page.getByTestId('test-interval')).toBeVisible();
  // Predictions run through the fine-tuned block.
  await page.getByLabel('Image to classify').setInputFiles(join(dir, 'circles', 'circles-0.png'));
  await expect(page.getByTestId('prediction').getByRole('listitem')).toHaveCount(2);
  if (SHOTS) await shootAtBothSizes(page, 'fine-tuned-wasm');
});

/** The fine-tuning row in view, at a desktop and a phone size (GRAFT_SHOTS only). */
async function shootAtBothSizes(page: Page, name: string) {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.getByTestId('fine-tune').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS!, `${name}-${width}.png`) });
  }
}

test('WebGL (SwiftShader): fine-tune the last block after a head-only run', async ({ page }) => {
  // SwiftShader runs every shader on the CPU, about a second per 32 px image through VGG16 here, and
  // minutes on a busy machine. So the smallest dataset with every split filled: two classes of 3
  // images (1 / 1 / 1), one extraction batch (no warm-up pass).
  test.setTimeout(600_000);
  const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-ft-')), 3, 32, 3, 2);
  const app = new GraftPage(page);
  await app.open({ backend: 'webgl', size: '32', epochs: '5' });
  await app.importFolder(dir);
  await app.train();
  page.on('dialog', (dialog) => void dialog.accept());
  const projects = page.getByTestId('project-row');
  await projects.getByRole('button', { name: /^Duplicate / }).click();
  await expect(projects).toHaveCount(2);
  const copy = projects.filter({ hasText: '(copy)' });
  // The cost is measured on one batch and said before anything starts: 6 images' block4_pool
  // outputs (2 x 2 x 512 floats at 32 px), then the epoch time, timed on a batch of the 2 training
  // vectors (the shape training will use, compiled once).
  await page.getByTestId('fine-tune-measure').click();
  // The measurement occupies the engine worker (about 40 s here, its thread blocked for seconds at a
  // time by synchronous shader compiles): what would wait behind it is disabled meanwhile, and the
  // status bar says why.
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
  await expect(page.getByTestId('fine-tune')).toBeDisabled();
  await expect(page.getByText('measuring the fine-tuning cost…')).toBeVisible();
  await expect(copy.getByRole('button', { name: /^Open / })).toBeDisabled();
  // Deleting a project touches only storage, in the projects worker: it completes while the
  // estimate is still running (one snapshot of the page, so the order is certain).
  await copy.getByRole('button', { name: /^Delete / }).click();
  const snapshot = () =>
    page.evaluate(() => ({
      rows: document.querySelectorAll('[data-testid="project-row"]').length,
      estimate: document.querySelector('[data-testid="fine-tune-estimate"]')?.textContent,
    }));
  let seen = await snapshot();
  await expect
    .poll(async () => {
      seen = await snapshot();
      return seen.rows;
    })
    .toBe(1);
  expect(seen.estimate).toBe('Measuring the cost on one batch…');
  await expect(page.getByTestId('fine-tune-estimate')).toContainText(
    /^6 frozen-part outputs to compute and save \(48 KB, (about \d+ s|under a second) on WEBGL\); then (about \d+ s|under a second) per epoch on 2 vectors, up to 10 epochs\. Measured on one batch of 2\.$/,
    { timeout: 240_000 },
  );
  await page.getByTestId('fine-tune').click();
  await app.waitForDone();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('head only');
  await expect(rows.nth(1)).toContainText('fine-tuned');
  await expect(rows.nth(1)).toContainText('sgd 0.0001');
  await expect(page.getByTestId('fine-tune')).toBeDisabled();
  await expect(page.getByTestId('test-interval')).toBeVisible();
  await page.getByLabel('Image to classify').setInputFiles(join(dir, 'circles', 'circles-0.png'));
  await expect(page.getByTestId('prediction').getByRole('listitem')).toHaveCount(2);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'finetuned.png'), fullPage: true });
});
