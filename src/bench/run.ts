// The benchmark, run in the page through the app's real path: the engine worker (bridge/engine.ts),
// its backend choice, real IndexedDB, File objects in, features out. Returns raw measurements;
// scripts/bench.mjs derives the ratios and prints them.
import type { Remote } from 'comlink';
import { callback, withEngine, type Engine } from '../bridge/engine';
import type { BenchApi, HeadTiming, PassTiming } from '../engine/benchApi';
import type { BackboneInfo } from '../shared/backbone';
import type { BackboneSpec, BackendMeasurement, BackendStatus } from '../shared/engine';
import type { DroppedFile } from '../shared/dataset';
import type { ExtractEvent } from '../shared/events';
import { DEFAULT_TRAIN_CONFIG } from '../shared/training';
import { makeImages } from './images';
import { timeBackendChoice, type ChoiceFigures } from './choice';
import { watchMainThread, type MainThreadReport } from './monitor';

export interface BenchOptions {
  /** Descriptor URL of another backbone; null for the built-in VGG16. */
  readonly backbone: string | null;
  readonly size: number | null;
  /** Images of the main extraction run; `smallImages` for the memory and linearity comparison. */
  readonly images: number;
  readonly smallImages: number;
  readonly headImages: number;
  readonly trainEpochs: number;
  readonly rawMs: number;
  readonly allBackends: boolean;
}

export interface RunFigures {
  readonly images: number;
  readonly importSeconds: number;
  readonly extractSeconds: number;
  readonly computed: number;
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
  /** Bytes of live tensors and the size of the WASM heap after the run (garbage collected first). */
  readonly tensorBytes: number;
  readonly wasmHeapBytes: number;
  /** Of extractSeconds, the time the backbone was computing (measured by the pipeline itself). */
  readonly inferenceSeconds: number;
  /** Predicted finish (from the ETA shown) vs actual, at 10/25/50% of the work. */
  readonly etaErrors: readonly { atFraction: number; errorPercent: number }[];
  /** Images per second in each tenth of the run: steady, or disturbed by other work on the machine. */
  readonly rateByTenth: readonly number[];
}

export interface BenchResult {
  readonly spec: BackboneSpec;
  readonly backbone: BackboneInfo;
  readonly staticBackend: BackendStatus;
  readonly chosen: BackendStatus;
  readonly chooseSeconds: number;
  /** The choice with its progress events (when each arrived). */
  readonly choice: ChoiceFigures;
  readonly warm: RunFigures;
  readonly small: RunFigures;
  readonly large: RunFigures;
  readonly raw: readonly PassTiming[];
  /** The second run: import again (hashing every file), find nothing missing, read every feature. */
  readonly cached: {
    images: number;
    seconds: number;
    importSeconds: number;
    checkSeconds: number;
    readSeconds: number;
  };
  readonly training: { seconds: number; epochs: number; tensorLeak: number };
  readonly mainThread: MainThreadReport;
  readonly heads: readonly HeadTiming[];
  readonly matmul: readonly { n: number; gflops: number; backend: string }[];
  readonly multiplyAdds: number;
  readonly wasmThreads: number;
  readonly backends: BackendMeasurement | null;
}

const logEl = () => document.getElementById('log');
export function log(line: string): void {
  console.log(`[bench] ${line}`);
  logEl()?.append(`${line}\n`);
}

/** A short extraction before the measured ones, so that they compare steady states. */
const WARM_UP_IMAGES = 10;

function logRun(run: RunFigures) {
  const rate = run.images / (run.importSeconds + run.extractSeconds);
  log(
    `  ${rate.toFixed(2)} img/s (import ${run.importSeconds.toFixed(1)} s, extract ${run.extractSeconds.toFixed(1)} s)`,
  );
}

const bench = (e: Engine) => e.benchmark as unknown as Remote<BenchApi>;
const seconds = (since: number) => (performance.now() - since) / 1000;

function specFor(options: BenchOptions): BackboneSpec {
  if (options.backbone === null) {
    return { kind: 'builtin', id: 'vgg16', inputSize: options.size ?? 224 };
  }
  const url = new URL(options.backbone, location.href).href; // the worker resolves against its own URL
  return options.size
    ? { kind: 'descriptor', url, inputSize: options.size }
    : { kind: 'descriptor', url };
}

/** Import + extract of `files` with progress kept for the ETA check; figures of the run. */
async function extractRun(
  spec: BackboneSpec,
  files: DroppedFile[],
  seed: number,
): Promise<RunFigures> {
  const before = await withEngine((e) => bench(e).memory());
  const started = performance.now();
  await withEngine((e) => e.importDataset(files, seed));
  const importSeconds = seconds(started);
  const progress: { t: number; done: number; total: number; eta: number }[] = [];
  const extractStarted = performance.now();
  const result = await withEngine((e) =>
    e.extract(
      spec,
      callback((event: ExtractEvent) => {
        if (event.type === 'extract-progress') {
          progress.push({
            t: performance.now(),
            done: event.done,
            total: event.total,
            eta: event.etaSeconds,
          });
        }
      }),
    ),
  );
  const finished = performance.now();
  // A full collection in the worker (not here: a page-side one would be a long task on this thread).
  const after = await withEngine((e) => bench(e).memory(true));
  const etaErrors = [0.1, 0.25, 0.5].flatMap((atFraction) => {
    const p = progress.find((x) => x.done >= atFraction * x.total && Number.isFinite(x.eta));
    if (!p) return [];
    const remaining = (finished - p.t) / 1000;
    return [{ atFraction, errorPercent: (100 * (p.eta - remaining)) / remaining }];
  });
  // Progress comes at most every 100 ms, so one event may close several tenths: those share its rate.
  const rateByTenth: number[] = [];
  let from = { t: extractStarted, done: 0 };
  let pending = 0;
  for (let tenth = 1; tenth <= 10; tenth++) {
    const p = progress.find(
      (x) => x.done - (x.total - result.computed) >= (tenth * result.computed) / 10,
    );
    if (!p) break;
    const done = p.done - (p.total - result.computed);
    pending++;
    if (p.t === from.t) continue;
    const rate = (1000 * (done - from.done)) / (p.t - from.t);
    for (; pending > 0; pending--) rateByTenth.push(rate);
    from = { t: p.t, done };
  }
  for (; pending > 0; pending--) rateByTenth.push(rateByTenth.at(-1) ?? NaN);
  return {
    images: files.length,
    importSeconds,
    extractSeconds: (finished - extractStarted) / 1000,
    inferenceSeconds: result.inferenceSeconds ?? NaN,
    rateByTenth,
    computed: result.computed,
    tensorsBefore: before.numTensors,
    tensorsAfter: after.numTensors,
    tensorBytes: after.numBytes,
    wasmHeapBytes: after.wasmHeapBytes,
    etaErrors,
  };
}

export async function runBenchmark(options: BenchOptions): Promise<BenchResult> {
  const spec = specFor(options);
  log(`backbone ${JSON.stringify(spec)}`);
  const staticBackend = await withEngine((e) => e.startBackend('auto'));
  log(`static first guess: ${staticBackend.detail}`);
  const choice = await timeBackendChoice(spec);
  const { chosen, seconds: chooseSeconds } = choice;
  log(`measured choice (${chooseSeconds.toFixed(1)} s): ${chosen.detail}`);
  let t: number;
  const backbone = await withEngine((e) => e.loadBackbone(spec));
  log(`${backbone.name} at ${backbone.inputSize} px, weights: ${backbone.weights.kind}`);

  log(`making ${options.smallImages} + ${options.images} JPEGs`);
  const warmFiles = await makeImages(WARM_UP_IMAGES, 4);
  const smallFiles = await makeImages(options.smallImages, 1);
  const largeFiles = await makeImages(options.images, 2);

  const watch = watchMainThread();
  // First use of everything (database upgrade, cache, JIT) is paid here, not by the compared runs.
  const warm = await extractRun(spec, warmFiles, 4);
  log(
    `first-use run of ${warm.images} images: ${(warm.importSeconds + warm.extractSeconds).toFixed(1)} s`,
  );
  log(`extracting ${options.smallImages} images`);
  const small = await extractRun(spec, smallFiles, 1);
  logRun(small);
  log('mark:small');
  const raw: PassTiming[] = [];
  raw.push(await withEngine((e) => bench(e).rawForward(spec, options.rawMs)));
  log(`raw forward: ${raw[0]!.msPerImage.toFixed(1)} ms/image at batch ${raw[0]!.batch}`);
  log(`extracting ${options.images} images`);
  const large = await extractRun(spec, largeFiles, 2);
  logRun(large);
  log('mark:large');
  raw.push(await withEngine((e) => bench(e).rawForward(spec, options.rawMs)));
  log(`raw forward: ${raw[1]!.msPerImage.toFixed(1)} ms/image`);

  log('second run: import again, everything from the cache, read features back');
  t = performance.now();
  await withEngine((e) => e.importDataset(largeFiles, 2));
  const importSeconds = seconds(t);
  const checkStarted = performance.now();
  const again = await withEngine((e) => e.extract(spec));
  const checkSeconds = seconds(checkStarted);
  const readStarted = performance.now();
  const read = await withEngine((e) => e.readFeatures(spec));
  const cached = {
    images: read.images,
    seconds: seconds(t),
    importSeconds,
    checkSeconds,
    readSeconds: seconds(readStarted),
  };
  if (again.computed !== 0) throw new Error(`second run computed ${again.computed} features`);

  log(`training the default head, ${options.trainEpochs} epochs, twice`);
  const config = { ...DEFAULT_TRAIN_CONFIG, epochs: options.trainEpochs, patience: 0 };
  t = performance.now();
  await withEngine((e) => e.train(spec, config));
  const trainSeconds = seconds(t);
  const afterFirst = (await withEngine((e) => bench(e).memory())).numTensors;
  await withEngine((e) => e.train(spec, config));
  const afterSecond = (await withEngine((e) => bench(e).memory())).numTensors;
  const mainThread = watch.stop();
  log(`main thread: longest task ${mainThread.longestTaskMs.toFixed(0)} ms`);

  log(`head epochs on ${options.headImages} feature maps`);
  const heads: HeadTiming[] = [];
  for (const head of ['pooled', 'flatten'] as const) {
    heads.push(
      await withEngine((e) => bench(e).headEpoch(head, backbone.featureShape, options.headImages)),
    );
  }
  log('matrix multiply ceiling');
  const matmul = [];
  for (const n of [1024, 2048]) matmul.push(await withEngine((e) => bench(e).matmul(n)));
  const multiplyAdds = await withEngine((e) => bench(e).multiplyAdds(spec));
  const { wasmThreads } = await withEngine((e) => bench(e).memory());

  let backends: BackendMeasurement | null = null;
  if (options.allBackends) {
    log('the backbone on every backend (software GPUs take a while)');
    backends = await withEngine((e) => bench(e).backends(spec));
  }
  return {
    spec,
    backbone,
    staticBackend,
    chosen,
    chooseSeconds,
    choice,
    warm,
    small,
    large,
    raw,
    cached,
    training: {
      seconds: trainSeconds,
      epochs: options.trainEpochs,
      tensorLeak: afterSecond - afterFirst,
    },
    mainThread,
    heads,
    matmul,
    multiplyAdds,
    wasmThreads,
    backends,
  };
}
