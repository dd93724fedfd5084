// The tutorial's way, on this page's main thread (see ml/naiveBaseline.ts), on the same kind of
// images as the benchmark proper. Loaded only when asked for: it brings TensorFlow.js into the page.
import { runNaiveBaseline, type NaiveResult } from '../ml/backbones/naiveBaseline';
import type { BackboneSpec } from '../shared/engine';
import { makeImages } from './images';
import { log } from './run';
import { watchMainThread, type MainThreadReport } from './monitor';

export async function runNaive(
  spec: BackboneSpec,
  maxImages: number,
  maxMs: number,
): Promise<NaiveResult & { mainThread: MainThreadReport }> {
  const files = await makeImages(maxImages + 1, 3);
  const watch = watchMainThread();
  const result = await runNaiveBaseline({
    spec,
    files: files.map((f) => f.file),
    maxImages,
    maxMs,
    onImage: (done, ms) => log(`naive: ${done} images in ${(ms / 1000).toFixed(1)} s`),
  });
  return { ...result, mainThread: watch.stop() };
}
