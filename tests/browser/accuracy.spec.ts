// Honest accuracy on real photos with a real pretrained backbone, through the app's own UI:
// flowers-dev (5 classes, 60 each) with MobileNetV2-0.35 features, default head and settings.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import {
  ASSETS_DIR,
  hasAssets,
  MISSING_ASSETS_REASON,
  serveStatic,
  type StaticServer,
} from '../helpers/assets';
import { GraftPage } from './graftPage';

test.skip(!hasAssets, MISSING_ASSETS_REASON);

let assets: StaticServer;
test.beforeAll(async () => {
  const descriptor = {
    name: 'MobileNetV2 0.35 (Teachable Machine export)',
    modelUrl: 'backbones/mobilenet-v2-0.35/model.json',
    inputSize: 224,
    preprocess: 'tf',
    featureLayer: 'sequential_5',
  };
  assets = await serveStatic(ASSETS_DIR, {
    '/mobilenet-v2-0.35.descriptor.json': JSON.stringify(descriptor),
  });
});
test.afterAll(() => assets.close());

test('flowers-dev with MobileNetV2 features: test accuracy well above chance (20%)', async ({
  page,
}) => {
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', backbone: `${assets.url}/mobilenet-v2-0.35.descriptor.json` });
  await app.importFolder(join(ASSETS_DIR, 'datasets/flowers-dev'));
  await expect(page.getByTestId('class-row')).toHaveCount(5);
  await app.train(220_000);
  const accuracy = await app.accuracyPercent();
  console.log(`flowers-dev test accuracy (MobileNetV2-0.35, default head): ${accuracy}%`);
  expect(accuracy).toBeGreaterThanOrEqual(70);
});
