// A fine-tuned model leaves the app and comes back: "Export model" holds frozen part, trained block
// and head in one layers model that plain tf.loadLayersModel runs to the app's predictions; the
// head-only export carries the block as its own model; both import into a fresh database and
// predict the same; a reload of the project keeps the block; a file that cannot work is refused.
import { strToU8, unzipSync, zipSync } from 'fflate';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FINE_TUNE } from '../../../src/ml/finetune/fineTune';
import { createFixture, INPUT, SPEC, type Fixture } from '../../helpers/engineFixtures';
import { miniVgg } from '../../helpers/miniVgg';
import { defaultRun, trainedProject } from '../../helpers/projectFixtures';

type Engine = Fixture['engine'];

async function probabilities(engine: Engine, file: Blob) {
  const { top } = await engine.predict(SPEC, file);
  return [...top].sort((a, b) => a.classIndex - b.classIndex).map((p) => p.probability);
}

const maxDiff = (a: readonly number[], b: readonly number[]) =>
  Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));

const json = (files: Record<string, Uint8Array>, name: string) =>
  JSON.parse(new TextDecoder().decode(files[name]));

/** A layers model from an exported model.json and its weights.bin, as tf.loadLayersModel reads it. */
function loadFromZip(files: Record<string, Uint8Array>, model: string, weights: string) {
  const m = json(files, model);
  const bin = files[weights]!;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: m.modelTopology,
      weightSpecs: m.weightsManifest[0].weights,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
    }),
  );
}

/** The fixture image's pixels as the exported model takes them: RGB floats in [0, 255]. */
function rgbOf(fx: Fixture, file: Blob): tf.Tensor4D {
  const rgba = fx.pixelsOf.get(file)!;
  const rgb = [...rgba].filter((_, i) => i % 4 !== 3);
  return tf.tensor4d(rgb, [1, INPUT, INPUT, 3]);
}

/** A project trained, then fine-tuned, each model saved as the page saves it. */
async function fineTunedProject() {
  const { fx, summary } = await trainedProject(8, { model: miniVgg });
  const before = unzipSync((await fx.engine.exportImageModel()).bytes);
  const outcome = await fx.engine.fineTune(SPEC, undefined, {
    ...DEFAULT_FINE_TUNE,
    learningRate: 0.05,
    epochs: 4,
    patience: 4,
  });
  await fx.engine.saveModel(defaultRun(outcome));
  return { fx, summary, before };
}

const SAMPLES = [0, 9, 20];

describe('fine-tuned model export and import', () => {
  it('Export model holds the tuned block: plain tf.loadLayersModel predicts as the app (< 1e-4)', async () => {
    const { fx, before } = await fineTunedProject();
    const files = unzipSync((await fx.engine.exportImageModel()).bytes);
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'metadata.json',
      'model.json',
      'weights.bin',
    ]);
    const meta = json(files, 'metadata.json');
    expect(meta).toMatchObject({
      input: 'image',
      fineTuned: true,
      tunedBlock: {
        frozenLayer: 'block4_pool',
        layers: ['block5_conv1', 'block5_conv2', 'block5_pool'],
        inputShape: [INPUT / 2, INPUT / 2, 6],
      },
    });
    expect(meta.tunedBlock.files).toBeUndefined();
    expect(new TextDecoder().decode(files['README.md'])).toContain(
      'with its last block (block5_conv1, block5_conv2, block5_pool) fine-tuned',
    );
    // The block's weights in the file are the tuned ones, not the stock backbone's.
    const kernel = (f: Record<string, Uint8Array>) => {
      const specs = json(f, 'model.json').weightsManifest[0].weights as {
        name: string;
        shape: number[];
      }[];
      let at = 0;
      for (const s of specs) {
        const size = s.shape.reduce((a, b) => a * b, 1) * 4;
        if (s.name === 'block5_conv1/kernel')
          return new Float32Array(f['weights.bin']!.slice(at, at + size).buffer);
        at += size;
      }
      throw new Error('no block5_conv1/kernel');
    };
    expect(maxDiff([...kernel(files)], [...kernel(before)])).toBeGreaterThan(1e-4);

    const model = await loadFromZip(files, 'model.json', 'weights.bin');
    for (const i of SAMPLES) {
      const file = fx.files[i]!.file;
      const x = rgbOf(fx, file);
      const y = model.predict(x) as tf.Tensor;
      const got = [...(await y.data())];
      tf.dispose([x, y]);
      expect(maxDiff(got, await probabilities(fx.engine, file))).toBeLessThan(1e-4);
    }
    model.dispose();
  });

  it('both exports import into a fresh database and predict the same; the head-only one carries its block', async () => {
    const { fx } = await fineTunedProject();
    const imageFile = await fx.engine.exportImageModel();
    const headFile = await fx.engine.exportHeadOnly();
    const head = unzipSync(headFile.bytes);
    expect(Object.keys(head).sort()).toEqual([
      'README.md',
      'metadata.json',
      'model.json',
      'tuned-block/model.json',
      'tuned-block/weights.bin',
      'weights.bin',
    ]);
    expect(json(head, 'metadata.json').tunedBlock).toEqual({
      frozenLayer: 'block4_pool',
      layers: ['block5_conv1', 'block5_conv2', 'block5_pool'],
      inputShape: [INPUT / 2, INPUT / 2, 6],
      files: { model: 'tuned-block/model.json', weights: 'tuned-block/weights.bin' },
    });
    expect(new TextDecoder().decode(head['README.md'])).toMatch(
      /Fine-tuned:.*\n.*\n.*`tuned-block\/model\.json` \+ `tuned-block\/weights\.bin`/,
    );
    // The block is a layers model of its own: frozen-part output in, the head's features out.
    const block = await loadFromZip(head, 'tuned-block/model.json', 'tuned-block/weights.bin');
    expect(block.inputs[0]!.shape).toEqual([null, INPUT / 2, INPUT / 2, 6]);
    expect(block.outputs[0]!.shape).toEqual([null, INPUT / 4, INPUT / 4, 6]);
    block.dispose();

    for (const file of [imageFile, headFile]) {
      const fresh = createFixture(8, { model: miniVgg });
      await fresh.engine.startBackend('cpu');
      const opened = await fresh.engine.importModel(file.bytes, file.name);
      expect(opened.model?.outcome.run.fineTuned).toBe(true);
      for (const i of SAMPLES) {
        const want = await probabilities(fx.engine, fx.files[i]!.file);
        const got = await probabilities(fresh.engine, fresh.files[i]!.file);
        expect(maxDiff(got, want), file.name).toBeLessThan(1e-5);
      }
      // The imported project keeps its block: a reload predicts the same.
      const reloaded = createFixture(8, { model: miniVgg, dbName: fresh.dbName });
      await reloaded.engine.startBackend('cpu');
      await reloaded.engine.openProject(opened.project.id);
      const want = await probabilities(fx.engine, fx.files[0]!.file);
      expect(
        maxDiff(await probabilities(reloaded.engine, reloaded.files[0]!.file), want),
      ).toBeLessThan(1e-5);
    }
  });

  it('a reload of the project keeps the tuned block', async () => {
    const { fx, summary } = await fineTunedProject();
    const reloaded = createFixture(8, { model: miniVgg, dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    const opened = await reloaded.engine.openProject(summary.id);
    expect(opened.model?.outcome.run.fineTuned).toBe(true);
    expect(opened.model && 'tunedBlock' in opened.model).toBe(false); // its bytes stay in the worker
    for (const i of SAMPLES) {
      const want = await probabilities(fx.engine, fx.files[i]!.file);
      const got = await probabilities(reloaded.engine, reloaded.files[i]!.file);
      expect(maxDiff(got, want)).toBeLessThan(1e-5);
    }
  });

  it('refuses fine-tuned files that cannot work, each with its reason, and keeps what was there', async () => {
    const { fx, summary } = await fineTunedProject();
    const head = unzipSync((await fx.engine.exportHeadOnly()).bytes);
    const image = unzipSync((await fx.engine.exportImageModel()).bytes);
    const meta = json(head, 'metadata.json');
    const withMeta = (files: Record<string, Uint8Array>, m: object) =>
      zipSync({ ...files, 'metadata.json': strToU8(JSON.stringify(m)) });
    const noBlockWeights = { ...head };
    delete noBlockWeights['tuned-block/weights.bin'];
    const older = { ...meta };
    delete older.tunedBlock;
    const cases: [string, Uint8Array, RegExp][] = [
      [
        'without its block',
        zipSync(noBlockWeights),
        /needs its block: the archive lacks tuned-block\/weights\.bin/,
      ],
      [
        'from an older Graft',
        withMeta(head, older),
        /does not hold the trained block .* older Graft/,
      ],
      [
        'a block on other layers',
        withMeta(head, {
          ...meta,
          tunedBlock: { ...meta.tunedBlock, layers: ['block5_conv2', 'block5_pool'] },
        }),
        /fine-tuned block does not fit tiny here: .*block5_conv2, block5_pool after block5_conv1/,
      ],
      [
        'a block cut short',
        zipSync({
          ...head,
          'tuned-block/weights.bin': head['tuned-block/weights.bin']!.slice(0, 40),
        }),
        /tuned-block\/weights\.bin has 40 bytes/,
      ],
      [
        'a block in an image-in file',
        zipSync({ ...image, 'tuned-block/model.json': head['tuned-block/model.json']! }),
        /tuned-block\/model\.json belongs in a fine-tuned head-only export/,
      ],
      [
        'other backbone weights',
        withMeta(image, {
          ...json(image, 'metadata.json'),
          backbone: { ...meta.backbone, weightsHash: 'cd'.repeat(32) },
        }),
        /needs tiny weights with SHA-256 cdcd/,
      ],
    ];
    for (const [what, bytes, message] of cases)
      await expect(fx.engine.importModel(bytes, `${what}.zip`), what).rejects.toThrow(message);
    expect((await fx.engine.listProjects()).map((p) => p.id)).toEqual([summary.id]);
  });

  it('the features export says the features are the stock backbone and names the tuned layers', async () => {
    const { fx } = await fineTunedProject();
    const files = unzipSync((await fx.engine.exportFeatures()).bytes);
    for (const name of ['README.md', 'train.py']) {
      const text = new TextDecoder().decode(files[name]);
      expect(text, name).toContain('these features are the STOCK');
      expect(text, name).toContain('block5_conv1, block5_conv2, block5_pool');
      expect(text, name).toContain('output of block4_pool');
    }
  });

  it('a model that is not fine-tuned exports and reads no block', async () => {
    const { fx } = await trainedProject(4, { model: miniVgg });
    const meta = json(unzipSync((await fx.engine.exportHeadOnly()).bytes), 'metadata.json');
    expect(meta.fineTuned).toBe(false);
    expect(meta.tunedBlock).toBeUndefined();
    const readme = new TextDecoder().decode(
      unzipSync((await fx.engine.exportFeatures()).bytes)['README.md'],
    );
    expect(readme).not.toContain('fine-tuned');
  });
});
