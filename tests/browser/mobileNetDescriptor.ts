// The shared assets' MobileNetV2 0.35 (a Teachable Machine export) as the app takes a real
// pretrained backbone: a descriptor served beside the model, named by URL parameter `backbone`.
import { test } from '@playwright/test';
import { ASSETS_DIR, serveStatic, type StaticServer } from '../helpers/assets';

const DESCRIPTOR_PATH = '/mobilenet-v2-0.35.descriptor.json';

const DESCRIPTOR = {
  name: 'MobileNetV2 0.35 (Teachable Machine export)',
  modelUrl: 'backbones/mobilenet-v2-0.35/model.json',
  inputSize: 224,
  preprocess: 'tf',
  featureLayer: 'sequential_5',
};

/**
 * Serves the assets with the descriptor for the tests of the file or describe block it is called
 * in (the caller skips them where the assets are missing). Returns the descriptor's URL, known once
 * the tests run.
 */
export function serveMobileNetDescriptor(): () => string {
  let assets: StaticServer | undefined;
  test.beforeAll(async () => {
    assets = await serveStatic(ASSETS_DIR, { [DESCRIPTOR_PATH]: JSON.stringify(DESCRIPTOR) });
  });
  test.afterAll(() => assets?.close());
  return () => {
    if (!assets) throw new Error('The MobileNet descriptor is served only while the tests run');
    return assets.url + DESCRIPTOR_PATH;
  };
}
