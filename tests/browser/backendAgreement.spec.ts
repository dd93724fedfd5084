// Features do not depend on the backend that computed them: the cache key leaves the backend out,
// and a fallback after a lost device (or a new measured choice) mixes backends in one cache. Each
// backend runs the whole flow (import, extract, train, evaluate) on the same images in a fresh
// profile; the stored features must agree. This is also the GPU backends' end-to-end test: one
// VGG16 session per backend, since SwiftShader spends most of a session compiling shaders.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';

/** Every stored feature, by image hash, read straight from the app's IndexedDB. */
function storedFeatures(page: Page): Promise<Record<string, number[]>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number[]>>((resolve, reject) => {
        const open = indexedDB.open('graft');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('features').objectStore('features').getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            const out: Record<string, number[]> = {};
            for (const r of read.result as { hash: string; data: ArrayBuffer }[]) {
              out[r.hash] = Array.from(new Float32Array(r.data));
            }
            open.result.close();
            resolve(out);
          };
        };
      }),
  );
}

test('WASM, WebGL and WebGPU each run the flow and compute the same features for the same images', async ({
  browser,
}) => {
  // Limits for giving up, far above a healthy run: SwiftShader is slow, slower with the cores busy.
  test.setTimeout(900_000);
  // The smallest dataset the flow takes (two classes, 3 images each for 1 / 1 / 1): SwiftShader's
  // WebGPU spends about 5 s of both cores on each 32 px image through VGG16.
  const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-agree-')), 3, 48, 21, 2);
  const byBackend: Record<string, Record<string, number[]>> = {};
  for (const backend of ['wasm', 'webgl', 'webgpu']) {
    const context = await browser.newContext(); // a fresh profile: an empty feature cache
    const app = new GraftPage(await context.newPage());
    await app.open({ backend, size: '32', epochs: '1' });
    await expect(app.backend).toHaveText(backend);
    await app.importFolder(dir);
    await app.train(480_000);
    await app.accuracyPercent();
    await expect(app.backend).toHaveText(backend); // no fallback happened on the way
    byBackend[backend] = await storedFeatures(app.page);
    await context.close();
  }

  const reference = byBackend['wasm']!;
  const worstSeen: Record<string, number> = {};
  expect(Object.keys(reference)).toHaveLength(6);
  for (const backend of ['webgl', 'webgpu']) {
    const other = byBackend[backend]!;
    expect(Object.keys(other).sort()).toEqual(Object.keys(reference).sort());
    for (const [hash, values] of Object.entries(reference)) {
      const theirs = other[hash]!;
      const scale = Math.max(...values.map(Math.abs));
      expect(scale, 'features that are not all zero').toBeGreaterThan(0);
      const worst = Math.max(...values.map((v, i) => Math.abs(v - theirs[i]!)));
      worstSeen[backend] = Math.max(worstSeen[backend] ?? 0, worst / scale);
      expect(worst / scale, `${backend} vs wasm, image ${hash.slice(0, 8)}`).toBeLessThan(1e-3);
    }
  }
  console.log(
    `largest difference from WASM, relative to the feature's largest value: ${JSON.stringify(worstSeen)}`,
  );
});
