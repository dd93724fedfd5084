// Backbone import without a descriptor: a generated layers model with a classifier top gets its
// penultimate (pooling) layer proposed, a Teachable-Machine-style export is recognised and its base
// used, wrong files are refused with a message; what is kept loads again and extracts.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  inspectSource,
  loadImportedBackbone,
  saveImport,
} from '../../../../src/ml/backbones/importedBackbone';
import { readModelFiles } from '../../../../src/ml/backbones/modelFiles';
import { openGraftDb } from '../../../../src/storage/db';
import { createBackboneStore } from '../../../../src/storage/backbones';
import {
  asDropped,
  classifierModel,
  exportModel,
  teachableModel,
  TEACHABLE_METADATA,
} from '../../../helpers/modelExport';

const metadataFile = (dir: string) => ({
  path: `${dir}/metadata.json`,
  file: new Blob([JSON.stringify(TEACHABLE_METADATA)]),
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('backbone import', () => {
  it('proposes the layer before a classifier top, and lists candidates with output shapes', async () => {
    const model = classifierModel(16);
    const files = asDropped(await exportModel(model, 'tiny'));
    model.dispose();
    const before = tf.memory().numTensors;
    const inspection = await inspectSource(await readModelFiles(files));
    expect(tf.memory().numTensors).toBe(before);
    expect(inspection.proposedLayer).toBe('features_gap');
    expect(inspection.layerReason).toContain('hidden, drop, predictions');
    expect(inspection.teachableMachine).toBeNull();
    expect(inspection.inputSize).toBe(16);
    expect(inspection.inputSizeFixed).toBe(true);
    expect(inspection.preprocess).toBe('unit');
    const gap = inspection.candidates.find((c) => c.name === 'features_gap');
    expect(gap).toEqual({
      name: 'features_gap',
      className: 'GlobalAveragePooling2D',
      outputShape: [6],
    });
    expect(inspection.candidates.map((c) => c.name)).toContain('pool_a');
    expect(inspection.suggestedName).toBe('tiny');
  });

  it('recognises a Teachable Machine export by its metadata.json and uses its base', async () => {
    const model = teachableModel(16);
    const files = [...asDropped(await exportModel(model, 'tm-export')), metadataFile('tm-export')];
    model.dispose();
    const inspection = await inspectSource(await readModelFiles(files));
    expect(inspection.teachableMachine).toEqual({ labels: ['cats', 'dogs'] });
    expect(inspection.proposedLayer).toBe('sequential_1');
    expect(inspection.preprocess).toBe('tf');
    expect(inspection.suggestedName).toBe('my-image-model (Teachable Machine)');
    expect(inspection.candidates.find((c) => c.name === 'sequential_1')?.outputShape).toEqual([5]);
  });

  it('the same model without metadata.json is not called a Teachable Machine export', async () => {
    const model = teachableModel(16);
    const files = asDropped(await exportModel(model, 'plain'));
    model.dispose();
    const inspection = await inspectSource(await readModelFiles(files));
    expect(inspection.teachableMachine).toBeNull();
    // Its nested head ends in a Dense layer: a classifier, so the base before it is proposed.
    expect(inspection.proposedLayer).toBe('sequential_1');
    expect(inspection.layerReason).toContain('(sequential_3) are a classifier');
    expect(inspection.preprocess).toBe('unit');
  });

  it('refuses wrong files with a message', async () => {
    const jpeg = [{ path: 'photos/cat.jpg', file: new Blob([new Uint8Array([0xff, 0xd8, 0xff])]) }];
    await expect(readModelFiles(jpeg)).rejects.toThrow(
      /No model\.json among these 1 file\(s\) \(jpg\)/,
    );
    const notJson = [{ path: 'm/model.json', file: new Blob(['<html>']) }];
    await expect(readModelFiles(notJson)).rejects.toThrow('model.json is not valid JSON.');
    const graph = [
      {
        path: 'm/model.json',
        file: new Blob([JSON.stringify({ format: 'graph-model', modelTopology: { node: [] } })]),
      },
    ];
    await expect(readModelFiles(graph)).rejects.toThrow(
      /graph model; a backbone must be a layers model/,
    );
    const model = classifierModel(16);
    const [json] = asDropped(await exportModel(model, 'm'));
    model.dispose();
    await expect(readModelFiles([json!])).rejects.toThrow(
      'model.json lists the weight file weights.bin, which is not among the files.',
    );
    // Only sizes are looked at before the refusal: a stand-in for 700 MB of weight files.
    const huge = { path: 'm/weights.bin', file: { size: 700 * 2 ** 20 } as Blob };
    await expect(readModelFiles([json!, huge])).rejects.toThrow(
      'These files hold 700 MB: too big for a backbone.',
    );
  });

  it('keeps the chosen backbone in IndexedDB; it loads again and extracts at the chosen layer', async () => {
    const model = teachableModel(16);
    const files = [...asDropped(await exportModel(model, 'tm')), metadataFile('tm')];
    model.dispose();
    const source = await readModelFiles(files);
    const store = createBackboneStore(() => openGraftDb('graft-import-test'));
    const saved = await saveImport(
      source,
      { name: 'My TM model', featureLayer: 'sequential_1', inputSize: 16, preprocess: 'tf' },
      store,
    );
    expect(saved.featureShape).toEqual([5]);
    expect((await store.list()).map((b) => b.name)).toEqual(['My TM model']);

    const before = tf.memory().numTensors;
    const backbone = await loadImportedBackbone(saved.id, undefined, store);
    expect(backbone.info).toMatchObject({
      name: 'My TM model',
      featureLayer: 'sequential_1',
      inputSize: 16,
      preprocess: 'tf',
      weightsHash: saved.weightsHash,
      weights: { kind: 'installed', from: 'tm folder' },
    });
    const input = tf.zeros([2, 16, 16, 3]) as tf.Tensor4D;
    const out = backbone.extract(input);
    expect(out.shape).toEqual([2, 5]);
    tf.dispose([input, out]);
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);

    await expect(
      saveImport(
        source,
        { name: 'x', featureLayer: 'nope', inputSize: 16, preprocess: 'tf' },
        store,
      ),
    ).rejects.toThrow(/Feature layer "nope" is not in the model/);
    await store.remove(saved.id);
    await expect(loadImportedBackbone(saved.id, undefined, store)).rejects.toThrow(
      /import it again/,
    );
  });
});
