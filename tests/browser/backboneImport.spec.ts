// A backbone without writing JSON, in real Chromium: a generated Teachable-Machine-style export
// (model.json + weights.bin + metadata.json) chosen as a folder is recognised, its base proposed,
// kept in IndexedDB and trained on; a generated classifier chosen as files gets its pooling layer
// proposed; wrong files are refused with a message.
import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  classifierModel,
  exportModel,
  teachableModel,
  TEACHABLE_METADATA,
} from '../helpers/modelExport';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';

async function writeExport(root: string, model: tf.LayersModel, metadata?: object) {
  const files = await exportModel(model, 'export');
  model.dispose();
  mkdirSync(join(root, 'export'), { recursive: true });
  for (const f of files) writeFileSync(join(root, f.path), f.bytes);
  if (metadata) writeFileSync(join(root, 'export', 'metadata.json'), JSON.stringify(metadata));
  return join(root, 'export');
}

test('a Teachable Machine export becomes a backbone in a few clicks; wrong files are refused', async ({
  page,
}) => {
  await tf.setBackend('cpu');
  const root = mkdtempSync(join(tmpdir(), 'graft-import-'));
  const tm = await writeExport(join(root, 'tm'), teachableModel(32), {
    ...TEACHABLE_METADATA,
    imageSize: 32,
  });
  const plain = await writeExport(join(root, 'plain'), classifierModel(32));
  const data = writeShapesDataset(join(root, 'shapes'), 6);
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', epochs: '3' });

  await page.getByRole('combobox', { name: 'Backbone', exact: true }).selectOption('import');
  await page
    .getByLabel('Backbone model files')
    .setInputFiles(join(data, 'circles', readdirSync(join(data, 'circles'))[0]!));
  await expect(page.getByTestId('import-refused')).toContainText('No model.json');

  await page
    .getByLabel('Backbone model files')
    .setInputFiles([join(plain, 'model.json'), join(plain, 'weights.bin')]);
  const proposal = page.getByTestId('import-proposal');
  await expect(proposal).toContainText('TensorFlow.js layers model');
  await expect(page.getByLabel('Feature layer')).toHaveValue('features_gap');
  await expect(page.getByLabel('Feature layer')).toContainText(
    'features_gap · GlobalAveragePooling2D · 6 (proposed)',
  );

  await page.getByLabel('Backbone model folder').setInputFiles(tm);
  await expect(proposal).toContainText('Teachable Machine export');
  await expect(page.getByLabel('Feature layer')).toHaveValue('sequential_1');
  await expect(page.getByLabel('Preprocessing')).toHaveValue('tf');
  await expect(page.getByLabel('Input size (pixels per side)')).toHaveValue('32');
  await page.getByRole('button', { name: 'Use this backbone' }).click();
  await expect(page.getByRole('combobox', { name: 'Backbone', exact: true })).toHaveValue(
    /^imported:/,
  );
  await expect(page.getByTestId('backbone')).toContainText(
    'my-image-model (Teachable Machine) 32px',
  );

  await app.importFolder(data);
  await app.train();
  await app.accuracyPercent();
  await expect(page.getByTestId('weights-warning')).toHaveCount(0);

  // Kept in this browser: after a reload it is still offered.
  await app.open({ backend: 'wasm' });
  await expect(page.getByRole('combobox', { name: 'Backbone', exact: true })).toContainText(
    'my-image-model (Teachable Machine) · imported',
  );
});
