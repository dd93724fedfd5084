// Exported files work outside the app, and come back in: the head-only .zip and the image-in model
// ("Export model") into a fresh database (another browser profile) predict the same, with the
// confidence floor; the features open in NumPy; each malformed bundle is refused with its own
// message and changes nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createFixture, SPEC } from '../../helpers/engineFixtures';
import { trainedProject } from '../../helpers/projectFixtures';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

async function probabilities(engine: ReturnType<typeof createFixture>['engine'], file: Blob) {
  const { top } = await engine.predict(SPEC, file);
  return [...top].sort((a, b) => a.classIndex - b.classIndex).map((p) => p.probability);
}

const unzippedJson = (bytes: Uint8Array, name: string) =>
  JSON.parse(new TextDecoder().decode(unzipSync(bytes)[name]));

describe('model export and import', () => {
  it('the head only, imported into a fresh database, predicts the same (largest difference < 1e-5)', async () => {
    const { fx } = await trainedProject(6);
    const file = await fx.engine.exportHeadOnly();
    expect(file.name).toBe('shapes-head-only.zip');
    expect(Object.keys(unzipSync(file.bytes)).sort()).toEqual([
      'README.md',
      'metadata.json',
      'model.json',
      'weights.bin',
    ]);
    const meta = JSON.parse(new TextDecoder().decode(unzipSync(file.bytes)['metadata.json']));
    expect(meta).toMatchObject({
      input: 'features',
      labels: ['class-0', 'class-1', 'class-2'],
      appVersion: '0.1.0',
    });

    const fresh = createFixture(6); // its own database: nothing of the first
    await fresh.engine.startBackend('cpu');
    const opened = await fresh.engine.importModel(file.bytes, file.name);
    expect(opened.dataset.manifest.classes.map((c) => c.name)).toEqual(meta.labels);
    for (const i of [0, 7, 14]) {
      const want = await probabilities(fx.engine, fx.files[i]!.file);
      const got = await probabilities(fresh.engine, fresh.files[i]!.file);
      const diff = Math.max(...want.map((w, k) => Math.abs(w - got[k]!)));
      expect(diff).toBeLessThan(1e-5);
    }
    expect(await fresh.engine.listProjects()).toHaveLength(1);
  });

  it('a model trained on an imported backbone comes back with that backbone, or says to import it first', async () => {
    const { fx } = await trainedProject(4);
    const file = await fx.engine.exportHeadOnly();
    const meta = unzippedJson(file.bytes, 'metadata.json');
    const id = `${meta.backbone.weightsHash.slice(0, 16)}:features_gap:${meta.backbone.inputSize}:unit`;
    const bytes = zipSync({
      ...unzipSync(file.bytes),
      'metadata.json': strToU8(
        JSON.stringify({ ...meta, backbone: { ...meta.backbone, spec: { kind: 'imported', id } } }),
      ),
    });

    const fresh = createFixture(4); // the fixture's backbone loader stands for the imported one
    await fresh.engine.startBackend('cpu');
    const opened = await fresh.engine.importModel(bytes, 'imported-backbone.zip');
    expect(opened.settings?.backbone).toEqual({ kind: 'imported', id });

    const without = createFixture(4, {
      model: () => {
        throw new Error('This imported backbone is no longer in this browser: import it again.');
      },
    });
    await without.engine.startBackend('cpu');
    await expect(without.engine.importModel(bytes, 'imported-backbone.zip')).rejects.toThrow(
      /trained on the imported backbone tiny, which is not in this browser: import that backbone first/,
    );
    expect(await without.engine.listProjects()).toHaveLength(0);
  });

  it('the image-in model (Export model) comes back too, with its floor, which a reload also keeps', async () => {
    // 40 images per class: enough correct held-out predictions to measure a floor.
    const { fx, outcome, summary } = await trainedProject(40);
    const floor = outcome.confidenceFloor;
    expect(floor?.kind).toBe('measured');
    if (floor?.kind !== 'measured') return;
    const correct = outcome.evaluation.predictions.filter((p) => p.predictedClass === p.trueClass);
    if (floor.source === 'test') expect(floor.correct).toBe(correct.length);
    expect(floor.atOrAbove / floor.correct).toBeGreaterThanOrEqual(0.95);

    const reloaded = createFixture(40, { dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    const reopened = await reloaded.engine.openProject(summary.id);
    expect(reopened.model?.outcome.confidenceFloor).toEqual(floor);

    const file = await fx.engine.exportImageModel();
    expect(file.name).toBe('shapes-model.zip');
    const meta = unzippedJson(file.bytes, 'metadata.json');
    expect(meta).toMatchObject({
      input: 'image',
      fineTuned: false,
      confidenceFloor: floor,
      backbone: { weightsSource: 'generated' },
    });
    const readme = new TextDecoder().decode(unzipSync(file.bytes)['README.md']);
    expect(readme).toContain('takes images');
    expect(readme).toContain('generated (untrained) tiny weights');
    expect(readme).toMatch(/Not sure below \d+\.\d%/);
    // More weights than a head: the preprocessing's and the backbone's come first.
    const model = unzippedJson(file.bytes, 'model.json');
    expect(model.weightsManifest[0].weights.length).toBeGreaterThan(4);

    const fresh = createFixture(40);
    await fresh.engine.startBackend('cpu');
    const opened = await fresh.engine.importModel(file.bytes, file.name);
    expect(opened.model?.outcome.confidenceFloor).toEqual(floor);
    for (const i of [0, 50, 100]) {
      const want = await probabilities(fx.engine, fx.files[i]!.file);
      const got = await probabilities(fresh.engine, fresh.files[i]!.file);
      expect(Math.max(...want.map((w, k) => Math.abs(w - got[k]!)))).toBeLessThan(1e-5);
    }
    // Files from before `input` was written are told apart by their weights.
    const older = { ...meta };
    delete older.input;
    const old = zipSync({
      ...unzipSync(file.bytes),
      'metadata.json': strToU8(JSON.stringify(older)),
    });
    await expect(fresh.engine.importModel(old, 'old.zip')).resolves.toBeTruthy();
    expect(await fresh.engine.listProjects()).toHaveLength(2);
  });

  it('refuses each malformed bundle with its own message, and the existing project is untouched', async () => {
    const { fx, summary } = await trainedProject(5);
    const good = unzipSync((await fx.engine.exportHeadOnly()).bytes);
    const image = unzipSync((await fx.engine.exportImageModel()).bytes);
    const meta = JSON.parse(new TextDecoder().decode(good['metadata.json']));
    const withMeta = (m: object) => ({ ...good, 'metadata.json': strToU8(JSON.stringify(m)) });
    const zip = (files: Zippable) => zipSync(files);
    // 40 MB of zeros in a few tens of kilobytes: under the size limit, far over any real ratio.
    const bomb = zipSync({ ...good, 'weights.bin': new Uint8Array(40 * 2 ** 20) }, { level: 9 });
    const noWeights = { ...good };
    delete noWeights['weights.bin'];
    const cases: [string, Uint8Array, RegExp][] = [
      ['not a zip', strToU8('hello'), /not a readable \.zip/],
      ['missing weights', zip(noWeights), /lacks weights\.bin/],
      [
        'an extra file',
        zip({ ...good, 'evil.sh': strToU8('rm -rf /') }),
        /unexpected file: evil\.sh/,
      ],
      [
        'malformed JSON',
        zip({ ...good, 'metadata.json': strToU8('{"labels": [') }),
        /metadata\.json is not valid JSON/,
      ],
      [
        'oversized JSON',
        zip({ ...good, 'model.json': new Uint8Array(2 * 2 ** 20).fill(32) }),
        /model\.json would be 2\.0 MB/,
      ],
      [
        'labels vs outputs',
        zip(withMeta({ ...meta, labels: ['a', 'b'], head: { ...meta.head, numClasses: 2 } })),
        /labels \(2\) do not match the model's output size \(3\)/,
      ],
      [
        'label count vs head',
        zip(withMeta({ ...meta, labels: ['a', 'b'] })),
        /lists 2 labels, but the model has 3 outputs/,
      ],
      [
        'unknown backbone',
        zip(
          withMeta({
            ...meta,
            backbone: {
              ...meta.backbone,
              name: 'ResNet9000',
              spec: { kind: 'builtin', id: 'resnet9000' },
            },
          }),
        ),
        /needs the backbone "ResNet9000", which this app does not know/,
      ],
      [
        'other weights',
        zip(withMeta({ ...meta, backbone: { ...meta.backbone, weightsHash: 'ab'.repeat(32) } })),
        new RegExp(`needs tiny weights with SHA-256 ${'ab'.repeat(32)}`),
      ],
      [
        'truncated weights',
        zip({ ...good, 'weights.bin': good['weights.bin']!.slice(0, 100) }),
        /weights\.bin has 100 bytes/,
      ],
      ['zip bomb', bomb, /weights\.bin would expand \d+-fold: refused as a zip bomb/],
      [
        'a fine-tuned model',
        zip(withMeta({ ...meta, fineTuned: true })),
        /was fine-tuned .* does not hold the trained block/,
      ],
      [
        'a malformed floor',
        zip(withMeta({ ...meta, confidenceFloor: { kind: 'measured', value: 7 } })),
        /confidence floor is malformed/,
      ],
      [
        'a head said to take images',
        zip(withMeta({ ...meta, input: 'image' })),
        /lists 4 weights; an image-in model has the backbone's before the head's 4/,
      ],
      [
        'an image-in model said to take features',
        zip({ ...image, 'metadata.json': strToU8(JSON.stringify({ ...meta, input: 'features' })) }),
        /model\.json lists \d+ weights; a Graft head has 4 float32 ones/,
      ],
      [
        'an image-in model cut short',
        zip({ ...image, 'weights.bin': image['weights.bin']!.slice(0, 400) }),
        /weights\.bin has 400 bytes; the model needs \d+/,
      ],
    ];
    for (const [what, bytes, message] of cases) {
      await expect(fx.engine.importModel(bytes, `${what}.zip`), what).rejects.toThrow(message);
    }
    expect((await fx.engine.listProjects()).map((p) => p.id)).toEqual([summary.id]);
    expect((await fx.engine.predict(SPEC, fx.files[0]!.file)).top).toHaveLength(3);
  });
});

describe('features export', () => {
  it.skipIf(!hasNumpy)(
    'features.npy loads in NumPy with the right shape and values; train.py parses',
    async () => {
      const { fx, manifest } = await trainedProject(5);
      const files = unzipSync((await fx.engine.exportFeatures()).bytes);
      expect(Object.keys(files).sort()).toEqual([
        'README.md',
        'features.npy',
        'labels.csv',
        'train.py',
      ]);
      const dir = mkdtempSync(join(tmpdir(), 'graft-npy-'));
      for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
      const csv = new TextDecoder().decode(files['labels.csv']).trim().split('\n');
      expect(csv[0]).toBe('file,hash,class,class_index,split');
      expect(csv).toHaveLength(manifest.images.length + 1);
      // The first row's feature, as the engine's cache holds it, against what NumPy reads.
      const script = `
import numpy as np, json, sys
x = np.load("features.npy")
print(json.dumps({"shape": list(x.shape), "dtype": str(x.dtype), "sum": float(x.astype(np.float64).sum()), "first": x[0].ravel()[:5].tolist()}))
`;
      const run = spawnSync('python3', ['-c', script], { cwd: dir, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const got = JSON.parse(run.stdout);
      expect(got.shape).toEqual([manifest.images.length, 4, 4, 6]);
      expect(got.dtype).toBe('float32');
      const npy = files['features.npy']!;
      const headerLength = new DataView(npy.buffer, npy.byteOffset).getUint16(8, true);
      expect((10 + headerLength) % 64).toBe(0);
      const values = new Float32Array(npy.slice(10 + headerLength).buffer);
      expect(got.first).toEqual([...values.subarray(0, 5)]);
      expect(got.sum).toBeCloseTo(
        values.reduce((a, b) => a + b, 0),
        1,
      );
      const compiled = spawnSync('python3', ['-m', 'py_compile', 'train.py'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(compiled.stderr).toBe('');
      expect(compiled.status).toBe(0);
    },
  );
});
