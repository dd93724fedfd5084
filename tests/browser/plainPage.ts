// An exported image-in model outside the app: a page that loads TensorFlow.js alone (tf.min.js
// from node_modules, served under a made-up origin) reads the zip's model.json and metadata.json
// and classifies one image, as a person's own page would.
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type * as TF from '@tensorflow/tfjs';

/** Probabilities by class from the image-in model in `files` (an unzipped export), for `image`. */
export async function plainPageProbabilities(
  page: Page,
  files: Record<string, Uint8Array>,
  image: string,
): Promise<Map<string, number>> {
  const tfjs = readFileSync('node_modules/@tensorflow/tfjs/dist/tf.min.js');
  await page.route('http://plain.test/**', (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    if (name === '')
      return route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><title>plain</title>',
      });
    if (name === 'tf.min.js') return route.fulfill({ contentType: 'text/javascript', body: tfjs });
    if (files[name]) return route.fulfill({ body: Buffer.from(files[name]) });
    return route.fulfill({ status: 404 });
  });
  await page.goto('http://plain.test/');
  await page.addScriptTag({ url: 'http://plain.test/tf.min.js' });
  const png = readFileSync(image).toString('base64');
  const plain = await page.evaluate(async (png) => {
    const tf = (window as unknown as { tf: typeof TF }).tf;
    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel('http://plain.test/model.json');
    const meta = await (await fetch('http://plain.test/metadata.json')).json();
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const x = tf.tidy(() => tf.browser.fromPixels(bitmap).toFloat().expandDims(0));
    const p = Array.from(await (model.predict(x) as TF.Tensor).data());
    return (meta.labels as string[]).map((label, i) => [label, p[i]!] as const);
  }, png);
  return new Map(plain);
}
