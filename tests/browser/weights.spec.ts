// Real-weights flow in the browser: a Keras-layout .h5 (generated, seeded) dropped on the Weights
// panel is converted in the worker, kept in IndexedDB, and still in use after a reload with no
// network request for it; a wrong file is refused with the layer named.
import { test, expect } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildMobileNetV2 } from '../../src/ml/backbones/mobilenetv2';
import { specFromModel, withWrongShape, writeKerasH5 } from '../helpers/h5/kerasH5';
import { GraftPage } from './graftPage';

async function mobilenetH5(dir: string, name: string, broken = false): Promise<string> {
  await tf.setBackend('cpu');
  const model = buildMobileNetV2(96);
  let spec = specFromModel(model, 5);
  model.dispose();
  if (broken) spec = withWrongShape(spec, 'block_3_project', 'kernel', [1, 1, 144, 24]);
  const path = join(dir, name);
  writeFileSync(path, await writeKerasH5(spec));
  return path;
}

test('an .h5 dropped on the Weights panel is verified, kept in IndexedDB, and used after a reload', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'graft-weights-'));
  const good = await mobilenetH5(dir, 'my-mobilenet.h5');
  const bad = await mobilenetH5(dir, 'broken.h5', true);
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', size: '96' });
  await page.getByRole('combobox', { name: 'Backbone', exact: true }).selectOption('mobilenetv2');
  const inUse = page.getByTestId('weights-in-use');
  await expect(inUse).toContainText('untrained backbone (for testing)');

  await page.getByLabel('Weights file').setInputFiles(bad);
  await expect(page.getByRole('alert')).toContainText('block_3_project');
  await expect(inUse).toContainText('untrained backbone (for testing)');

  await page.getByLabel('Weights file').setInputFiles(good);
  await expect(page.getByTestId('weights-installed')).toContainText('my-mobilenet.h5', {
    timeout: 120_000,
  });
  await expect(inUse).toContainText('installed weights from my-mobilenet.h5');
  const hash = (await page.getByTestId('backbone').innerText()).match(
    /· (sha256:[0-9a-f]{8})$/m,
  )?.[1];
  expect(hash).toBeTruthy();

  const requests: string[] = [];
  page.context().on('request', (r) => requests.push(r.url()));
  await app.open({ backend: 'wasm', size: '96' });
  await page.getByRole('combobox', { name: 'Backbone', exact: true }).selectOption('mobilenetv2');
  await expect(inUse).toContainText(`installed weights from my-mobilenet.h5 · ${hash}`);
  expect(requests.filter((url) => /\.h5|mobilenetv2/.test(url))).toEqual([]);
});
