// npm run bench:evidence [-- --train N --test N --pattern PX --seed S --layers N --backbones a,b]
//
// The pointing game for the evidence heatmaps (Grad-CAM), in Node on tfjs WASM with the app's own
// ml/ code (backbone loader, head training, explainer); headless Chromium only decodes the JPEGs.
// Each class is a small pattern pasted at a random place on a real flowers-dev photo (training and
// test images on different photos). Prints, per pretrained backbone: the test accuracy, how often
// the heatmap's peak falls inside the pattern beside two naive baselines (always the centre; a
// uniformly random point), the randomisation check (Adebayo et al. 2018: Spearman correlation of
// the map with a re-initialised head's, against a head trained with another seed), and the time per
// explained image, on each backbone's default layer (or its first N offered layers). The last line
// is one JSON object.
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmConvGradients } from '../src/ml/backends/wasmConvGradients';
import { ASSET_BACKBONES, loadAssetBackbone, type AssetBackbone } from './lib/assetBackbone';
import { decodeSquare } from './lib/decodeInChromium';
import { gameRng, makeImages, playPointingGame, type GameResult } from './lib/pointingGame';

const SIZE = 224;
const HELP = `npm run bench:evidence -- [--train N] [--test N] [--pattern PX] [--seed S] [--layers N] [--backbones ${Object.keys(ASSET_BACKBONES).join(',')}]
  --train N    training images per class (default 40)
  --test N     test images per class (default 20)
  --pattern PX side of the pasted pattern at ${SIZE} px (default 48)
  --layers N   play on each backbone's first N offered layers (default 1: its default layer)`;

function options(argv: readonly string[]) {
  const o = {
    train: 40,
    test: 20,
    pattern: 48,
    seed: 1,
    layers: 1,
    backbones: Object.keys(ASSET_BACKBONES),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--help') {
      console.log(HELP);
      process.exit(0);
    }
    if (value === undefined) throw new Error(`${name} needs a value\n${HELP}`);
    if (name === '--backbones') o.backbones = value.split(',');
    else if (['--train', '--test', '--pattern', '--seed', '--layers'].includes(name!)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive integer`);
      o[name!.slice(2) as 'train' | 'test' | 'pattern' | 'seed' | 'layers'] = n;
    } else throw new Error(`Unknown option ${name}\n${HELP}`);
  }
  for (const b of o.backbones)
    if (!(b in ASSET_BACKBONES)) throw new Error(`Unknown backbone ${b}\n${HELP}`);
  return o;
}

async function main() {
  const o = options(process.argv.slice(2));
  // npm runs scripts in the repository root; the assets live beside it.
  const assetsDir = resolve(process.cwd(), '../shared/assets');
  const flowers = join(assetsDir, 'datasets/flowers-dev');
  if (!existsSync(flowers)) throw new Error(`The photos are missing: ${flowers}`);
  const files = readdirSync(flowers, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.jpe?g$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  console.log(`Decoding ${files.length} flowers-dev photos in Chromium...`);
  const photos = await decodeSquare(files, SIZE);
  // Even photos behind training images, odd ones behind test images: no background is seen twice.
  const rng = gameRng(o.seed);
  const train = makeImages(
    photos.filter((_, i) => i % 2 === 0),
    o.train,
    SIZE,
    o.pattern,
    rng,
  );
  const test = makeImages(
    photos.filter((_, i) => i % 2 === 1),
    o.test,
    SIZE,
    o.pattern,
    rng,
  );
  // As the app does: an earlier layer's gradient runs through convolutions, which WASM lacks.
  registerWasmConvGradients();
  await tf.setBackend('wasm');
  await tf.ready();
  const results: Record<string, GameResult[]> = {};
  for (const id of o.backbones as AssetBackbone[]) {
    const backbone = await loadAssetBackbone(assetsDir, id);
    try {
      console.log(`${id}: training heads on ${train.length} images, explaining ${test.length}...`);
      results[id] = await playPointingGame(backbone, train, test, o.seed, o.layers);
    } finally {
      backbone.dispose();
    }
  }
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`.padStart(7);
  console.log(
    '\nbackbone            layer                    accuracy  pointing  ±15px  centre  uniform  rho(random)  rho(retrained)  ms/image',
  );
  for (const [id, r] of Object.entries(results).flatMap(([k, rs]) =>
    rs.map((x) => [k, x] as const),
  )) {
    console.log(
      `${id.padEnd(19)} ${r.layer.padEnd(24)} ${pct(r.accuracy)}  ${pct(r.hitRate)} ${pct(r.hitRateWithin15px)} ${pct(r.centreHitRate)} ${pct(r.uniformHitRate)}  ${r.randomisedSpearman.toFixed(3).padStart(11)}  ${r.retrainedSpearman.toFixed(3).padStart(14)}  ${r.msPerImage.toFixed(0).padStart(8)}`,
    );
  }
  const context = {
    backend: tf.getBackend(),
    trainPerClass: o.train,
    testPerClass: o.test,
    classes: 3,
    patternPx: o.pattern,
    inputPx: SIZE,
    seed: o.seed,
    cpus: cpus().length,
    load1: loadavg()[0],
  };
  console.log(JSON.stringify({ ...results, context }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
