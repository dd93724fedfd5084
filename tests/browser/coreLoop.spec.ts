// The core loop end to end, in real Chromium with the real worker and IndexedDB: import a generated
// folder, extract VGG16 features (generated weights), train, evaluate; reload and train again from cache.
import { test, expect } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset, SHAPE_CLASSES } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';

test('WASM: import, extract, train, evaluate; after a reload everything comes from the cache', async ({
  page,
}) => {
  const perClass = 12;
  const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-shapes-')), perClass);
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', size: '32', epochs: '12' });
  await expect(app.backend).toHaveText('wasm');

  await app.importFolder(dir);
  await expect(page.getByTestId('class-row')).toHaveCount(SHAPE_CLASSES.length);
  // Generated weights are said to be what they are before anything runs, not only after.
  await expect(page.getByTestId('backbone')).toContainText('untrained backbone (for testing)');

  const phases = new Set<string>();
  const watcher = setInterval(
    () =>
      void app.phase.innerText().then(
        (p) => phases.add(p),
        () => {},
      ),
    50,
  );
  await app.train();
  clearInterval(watcher);
  expect(phases.has('training')).toBe(true);

  await expect(page.getByTestId('backbone')).toContainText('untrained backbone (for testing)');
  await expect(page.getByTestId('cache-summary')).toContainText(`0 cached, ${perClass * 3} new`);
  await app.accuracyPercent();
  await expect(page.getByTestId('chart-loss')).not.toHaveAttribute('data-points', '0');
  await expect(page.getByTestId('confusion-matrix').getByRole('button')).toHaveCount(9);

  await page.reload();
  await app.open({ backend: 'wasm', size: '32', epochs: '12' });
  await app.importFolder(dir);
  await app.train();
  await expect(page.getByTestId('cache-summary')).toContainText(`${perClass * 3} cached, 0 new`);
});

test('WebGPU (SwiftShader): the same flow runs on the GPU backend', async ({ page }) => {
  const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-shapes-gpu-')), 5, 40, 7);
  const app = new GraftPage(page);
  await app.open({ backend: 'webgpu', size: '32', epochs: '5' });
  await expect(app.backend).toHaveText('webgpu');
  await app.importFolder(dir);
  await app.train(200_000);
  await app.accuracyPercent();
});
