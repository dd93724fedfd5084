// Honest accuracy on real photos with a real pretrained backbone, through the app's own UI:
// flowers-dev (5 classes, 60 each) with MobileNetV2-0.35 features, default head and settings.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { ASSETS_DIR, hasAssets, MISSING_ASSETS_REASON } from '../helpers/assets';
import { GraftPage } from './graftPage';
import { serveMobileNetDescriptor } from './mobileNetDescriptor';

test.skip(!hasAssets, MISSING_ASSETS_REASON);

const descriptorUrl = serveMobileNetDescriptor();

test('flowers-dev with MobileNetV2 features: test accuracy well above chance (20%)', async ({
  page,
}) => {
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', backbone: descriptorUrl() });
  await app.importFolder(join(ASSETS_DIR, 'datasets/flowers-dev'));
  await expect(page.getByTestId('class-row')).toHaveCount(5);
  await app.train(220_000);
  const accuracy = await app.accuracyPercent();
  console.log(`flowers-dev test accuracy (MobileNetV2-0.35, default head): ${accuracy}%`);
  expect(accuracy).toBeGreaterThanOrEqual(70);
});
