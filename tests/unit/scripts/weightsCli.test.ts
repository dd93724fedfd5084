import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../../src/ml/backbones/mobilenetv2';
import { buildVgg16 } from '../../../src/ml/backbones/vgg16';
import { loadModelDir, runCli, snapshot } from '../../helpers/h5/cliRun';
import { refusedUrl, serveFile, type ServedFile } from '../../helpers/h5/fileServer';
import {
  specFromModel,
  withWrongShape,
  writeKerasH5,
  type SpecLayer,
} from '../../helpers/h5/kerasH5';
import { useWasm } from '../../helpers/tfBackend';

const MODEL_DIR = join('public', 'models', 'vgg16');
const CACHE_DIR = join('node_modules', '.cache', 'graft-weights');

function specOf(model: tf.LayersModel, seed: number): SpecLayer[] {
  try {
    return specFromModel(model, seed);
  } finally {
    model.dispose();
  }
}

let vggSpec: SpecLayer[];
let vggBytes: Uint8Array;
let vggMd5: string;
/** A MobileNetV2 file (9 MB): for download mechanics, where the architecture does not matter. */
let mobileBytes: Uint8Array;
let work: string;
let server: ServedFile | null = null;

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const vggDir = () => join(work, MODEL_DIR);
const expectFlags = () => ['--expect-size', String(vggBytes.length), '--expect-md5', vggMd5];
const mobileDir = () => join(work, 'public', 'models', 'mobilenetv2');
const mobileFlags = () => [
  '--backbone',
  'mobilenetv2',
  '--expect-size',
  String(mobileBytes.length),
  '--expect-md5',
  md5(mobileBytes),
];
/** Folders an interrupted or refused install could leave beside the model folder. */
const leftovers = async () =>
  existsSync(join(work, 'public', 'models'))
    ? (await readdir(join(work, 'public', 'models'))).filter((n) => n.startsWith('.'))
    : [];

beforeAll(async () => {
  await useWasm();
  vggSpec = specOf(buildVgg16(32), 3);
  vggBytes = await writeKerasH5(vggSpec);
  vggMd5 = md5(vggBytes);
  mobileBytes = await writeKerasH5(specOf(buildMobileNetV2(96), 2), { naming: 'modern' });
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'graft-weights-'));
});

afterEach(async () => {
  await server?.close();
  server = null;
  await rm(work, { recursive: true, force: true });
});

async function writeInput(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(work, name);
  await writeFile(path, bytes);
  return path;
}

describe('npm run weights -- --from', () => {
  it("installs model.json, 4 MB shards and backbone.json holding exactly the file's weights", async () => {
    const from = await writeInput('vgg16.h5', vggBytes);
    const run = await runCli(work, '--from', from);
    expect(run.code).toBe(0);
    expect(run.stdout).toEqual([
      expect.stringMatching(
        /^Installed VGG16 weights in public\/models\/vgg16: model\.json \+ 15 shards, 58\.9 MB from vgg16\.h5\.$/,
      ),
    ]);
    const files = await readdir(vggDir());
    expect(files.filter((f) => f.endsWith('.bin'))).toHaveLength(15);
    expect(files).toContain('group1-shard15of15.bin');
    const descriptor = JSON.parse(await readFile(join(vggDir(), 'backbone.json'), 'utf8'));
    expect(descriptor).toMatchObject({
      name: 'VGG16',
      modelUrl: 'model.json',
      inputSize: 224,
      preprocess: 'caffe',
      featureLayer: 'block5_pool',
      source: { file: 'vgg16.h5', bytes: vggBytes.length, md5: vggMd5 },
    });

    const before = tf.memory().numTensors;
    const model = await loadModelDir(vggDir());
    try {
      expect(model.inputs[0]!.shape).toEqual([null, 224, 224, 3]);
      for (const layer of vggSpec.filter((l) => l.weights.length > 0)) {
        const loaded = model.getLayer(layer.name).getWeights();
        layer.weights.forEach((w, i) => {
          expect(loaded[i]!.shape).toEqual(w.shape);
          expect(md5(new Uint8Array((loaded[i]!.dataSync() as Float32Array).buffer))).toBe(
            md5(new Uint8Array(w.values.buffer)),
          );
        });
      }
    } finally {
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a wrong shape, another architecture or a truncated file; the installed model stays untouched', async () => {
    expect((await runCli(work, '--from', await writeInput('good.h5', vggBytes))).code).toBe(0);
    const installed = await snapshot(vggDir());

    const wrong = await writeInput(
      'wrong.h5',
      await writeKerasH5(
        withWrongShape(vggSpec.slice(0, 9), 'block3_conv2', 'kernel', [3, 3, 256, 128]),
      ),
    );
    const mobile = await writeInput(
      'mobile.h5',
      await writeKerasH5(specOf(buildMobileNetV2(96), 1)),
    );
    const cut = await writeInput('cut.h5', vggBytes.subarray(0, 20_000_000));
    const cases: [string, RegExp][] = [
      [
        wrong,
        /^weights: wrong\.h5 was refused: Layer block3_conv2 kernel: file has \[3,3,256,128\], model expects \[3,3,256,256\]$/,
      ],
      [
        mobile,
        /^weights: mobile\.h5 was refused: This file has no layer block1_conv1 \(it holds: Conv1, bn_Conv1, .* — is it a VGG16 file\?\)$/,
      ],
      [cut, /^weights: cut\.h5 was refused: The file is truncated: it has 20000000 bytes/],
      [join(work, 'nope.h5'), /^weights: no such file: .*nope\.h5$/],
    ];
    for (const [from, message] of cases) {
      const run = await runCli(work, '--from', from);
      expect(run.code).toBe(1);
      expect(run.stderr).toEqual([expect.stringMatching(message)]);
    }
    expect(await snapshot(vggDir())).toEqual(installed);
    expect(await leftovers()).toEqual([]);
  });

  it('rejects unknown options and backbones with a usage error', async () => {
    expect((await runCli(work, '--backbone', 'resnet50')).code).toBe(2);
    expect((await runCli(work, '--frm', 'x.h5')).code).toBe(2);
    expect((await runCli(work, '--from', 'x.h5', '--url', 'http://x/y.h5')).code).toBe(2);
    expect((await runCli(work, '--url', 'ftp://x/y.h5')).code).toBe(2);
  });
});

describe('npm run weights (download)', () => {
  it('downloads with progress, verifies size and MD5, installs, and keeps no .part', async () => {
    server = await serveFile(vggBytes);
    const run = await runCli(work, '--url', server.url, ...expectFlags());
    expect(run.code).toBe(0);
    expect(run.progress).toMatch(/VGG16 weights: \d+% \(\d+\.\d of 58\.9 MB\) at \d+\.\d MB\/s\n/);
    expect(run.progress.trimEnd().split('\n').at(-1)).toMatch(/: 100% \(58\.9 of 58\.9 MB\)/);
    expect((await snapshot(vggDir()))['model.json']).toBeDefined();
    expect(await readdir(join(work, CACHE_DIR))).toEqual([]);
  });

  it('resumes with a Range request after the connection drops midway', async () => {
    server = await serveFile(mobileBytes, { dropAfter: (i) => (i === 0 ? 4_000_000 : null) });
    const run = await runCli(work, '--url', server.url, ...mobileFlags());
    expect(run.code).toBe(0);
    expect(server.ranges).toHaveLength(2);
    expect(server.ranges[0]).toBeNull();
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(server.ranges[1] ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(4_000_000);
    const descriptor = JSON.parse(await readFile(join(mobileDir(), 'backbone.json'), 'utf8'));
    expect(descriptor.source.md5).toBe(md5(mobileBytes));
  });

  it('starts over cleanly when the server ignores Range after a drop', async () => {
    server = await serveFile(mobileBytes, {
      honourRange: false,
      dropAfter: (i) => (i === 0 ? 4_000_000 : null),
    });
    const run = await runCli(work, '--url', server.url, ...mobileFlags());
    expect(run.code).toBe(0);
    expect(server.ranges[1]).toMatch(/^bytes=\d+-$/);
    const descriptor = JSON.parse(await readFile(join(mobileDir(), 'backbone.json'), 'utf8'));
    expect(descriptor.source.md5).toBe(md5(mobileBytes));
  });

  it('refuses a file of another size or MD5, leaving no model folder and no .part', async () => {
    server = await serveFile(vggBytes);
    // Without overrides, the official file's size and MD5 apply.
    const official = await runCli(work, '--url', server.url);
    expect(official.code).toBe(1);
    expect(official.stderr.at(-1)).toBe(
      `weights: the download has ${vggBytes.length} bytes, expected 58889256`,
    );
    const size = ['--expect-size', String(vggBytes.length)];
    const run = await runCli(work, '--url', server.url, ...size, '--expect-md5', 'f'.repeat(32));
    expect(run.code).toBe(1);
    expect(run.stderr.at(-1)).toBe(
      `weights: the download's MD5 is ${vggMd5}, expected ${'f'.repeat(32)} (corrupted, or another file)`,
    );
    expect(existsSync(vggDir())).toBe(false);
    expect(await leftovers()).toEqual([]);
    expect(await readdir(join(work, CACHE_DIR))).toEqual([]);
  });

  it('gives up after its retries when every attempt drops, keeping the .part for next time', async () => {
    server = await serveFile(vggBytes, { honourRange: false, dropAfter: () => 1_000_000 });
    const run = await runCli(work, '--url', server.url, '--retries', '2', ...expectFlags());
    expect(run.code).toBe(1);
    expect(server.ranges).toHaveLength(3);
    expect(run.stderr.at(-1)).toMatch(
      /^weights: the download failed \(the connection dropped at [01]\.\d MB: /,
    );
    expect(existsSync(vggDir())).toBe(false);
    expect(await readdir(join(work, CACHE_DIR))).toEqual(['file.h5.part']);
  });

  it('--if-missing: a failed download still exits 0, with one line saying how to supply the file', async () => {
    const run = await runCli(work, '--if-missing', '--url', await refusedUrl());
    expect(run.code).toBe(0);
    expect(run.stderr).toHaveLength(1);
    expect(run.stderr[0]).toMatch(
      /^VGG16 weights are not installed \(public\/models\/vgg16\): the download failed \(fetch failed: .*ECONNREFUSED.*\)\. The app starts without them; to add them run `npm run weights -- --from path\/to\/vgg16_weights_tf_dim_ordering_tf_kernels_notop\.h5` or drop the \.h5 on the app's Weights panel\.$/,
    );
    expect(existsSync(vggDir())).toBe(false);
    // Without --if-missing the same failure is an error.
    expect((await runCli(work, '--url', await refusedUrl())).code).toBe(1);
  });

  it('--if-missing: does nothing when the model is complete, fetches again when a shard is missing', async () => {
    server = await serveFile(mobileBytes);
    const args = ['--if-missing', '--url', server.url, ...mobileFlags()];
    expect((await runCli(work, ...args)).code).toBe(0);
    expect(server.ranges).toHaveLength(1);
    const again = await runCli(work, ...args);
    expect(again).toMatchObject({ code: 0, stdout: [], stderr: [] });
    expect(server.ranges).toHaveLength(1);

    await rm(join(mobileDir(), 'group1-shard2of3.bin'));
    expect((await runCli(work, ...args)).code).toBe(0);
    expect(server.ranges).toHaveLength(2);
    expect(existsSync(join(mobileDir(), 'group1-shard2of3.bin'))).toBe(true);
  });

  it('MobileNetV2: no published MD5, so it says the structure is what gets verified', async () => {
    server = await serveFile(mobileBytes);
    const run = await runCli(work, '--backbone', 'mobilenetv2', '--url', server.url);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      "MobileNetV2: no published size or MD5 for this file here; checking every layer's name and shape instead",
    );
    const descriptor = JSON.parse(
      await readFile(join(work, 'public', 'models', 'mobilenetv2', 'backbone.json'), 'utf8'),
    );
    expect(descriptor).toMatchObject({
      name: 'MobileNetV2',
      preprocess: 'tf',
      featureLayer: 'out_relu',
    });
  });
});
