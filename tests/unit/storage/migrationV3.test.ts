// Version 2 -> 3 (installed weights move into the app's database): weights an older Graft installed
// through tf.io's `indexeddb://` scheme are built here by hand, in tf.io's own layout, next to a
// version-2 graft database; after the upgrade the backbone loads them, and the legacy copy is gone.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openGraftDb, STORES } from '../../../src/storage/db';
import { createWeightsStore, LEGACY } from '../../../src/storage/weights';
import { ARCHITECTURES, loadBuiltinBackbone } from '../../../src/ml/backbones/builtinBackbones';
import { generateWeights } from '../../../src/ml/backbones/generatedWeights';
import { modelArtifacts } from '../../../src/ml/weights/modelArtifacts';
import { useWasm } from '../../helpers/tfBackend';

beforeAll(useWasm);

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** tf.io's database as tfjs-core 4.x creates it, holding `records` (modelPath -> artifacts). */
async function writeLegacy(records: { modelPath: string; artifacts: object }[]): Promise<void> {
  const open = indexedDB.open(LEGACY.dbName, 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore(LEGACY.models, { keyPath: 'modelPath' });
    open.result.createObjectStore(LEGACY.info, { keyPath: 'modelPath' });
  };
  const db = await request(open);
  const tx = db.transaction([LEGACY.models, LEGACY.info], 'readwrite');
  for (const { modelPath, artifacts } of records) {
    const info = { dateSaved: new Date(), modelTopologyType: 'JSON' };
    tx.objectStore(LEGACY.info).put({ modelPath, modelArtifactsInfo: info });
    tx.objectStore(LEGACY.models).put({
      modelPath,
      modelArtifacts: artifacts,
      modelArtifactsInfo: info,
    });
  }
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

/** The graft database as version 2 made it: features and backendChoices, no weights store. */
async function writeVersion2(name: string): Promise<void> {
  const open = indexedDB.open(name, 2);
  open.onupgradeneeded = () => {
    open.result.createObjectStore('features', { keyPath: ['settingsId', 'hash'] });
    open.result.createObjectStore('backendChoices', {
      keyPath: ['device', 'backbone', 'inputSize'],
    });
  };
  (await request(open)).close();
}

describe('database version 3', () => {
  it('moves weights installed through tf.io into the weights store, and they load', async () => {
    const name = 'migration-v2-v3';
    await writeVersion2(name);
    const source = ARCHITECTURES.mobilenetv2.build(32);
    generateWeights(source, 1234); // stands for real weights: anything but the generated seed
    const artifacts = await modelArtifacts(source);
    const meta = {
      from: 'mobilenet_v2.h5',
      installedAt: '2026-10-01T10:00:00.000Z',
      weightsHash: 'f00d'.repeat(16),
    };
    await writeLegacy([
      {
        modelPath: 'graft-weights/mobilenetv2/f00df00df00df00d',
        artifacts: {
          ...artifacts,
          weightData: tf.io.concatenateArrayBuffers(artifacts.weightData!),
          userDefinedMetadata: { graft: meta },
        },
      },
      { modelPath: 'someone-elses-model', artifacts: { weightSpecs: [] } },
    ]);

    const store = createWeightsStore(() => openGraftDb(name));
    expect(await store.list()).toEqual([
      expect.objectContaining({
        id: 'mobilenetv2',
        from: meta.from,
        weightsHash: meta.weightsHash,
      }),
    ]);
    const backbone = await loadBuiltinBackbone('mobilenetv2', 32, store, 'http://unused.invalid/');
    expect(backbone.info.weights).toEqual({
      kind: 'installed',
      from: meta.from,
      installedAt: meta.installedAt,
    });
    // Its features are those of the weights written by the old version, not of generated ones.
    const generated = await loadBuiltinBackbone('mobilenetv2', 32, null, 'http://unused.invalid/');
    const input = tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 5) as tf.Tensor4D;
    const expected = tf.tidy(() => source.predict(input) as tf.Tensor);
    const got = backbone.extract(input);
    const untrained = generated.extract(input);
    expect(tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(tf.sub(untrained, expected))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([input, expected, got, untrained]);
    backbone.dispose();
    generated.dispose();
    source.dispose();

    // Moved, not copied: our record is gone from tf.io's database, someone else's stays.
    const legacy = await request(indexedDB.open(LEGACY.dbName));
    const keys = await request(
      legacy.transaction(LEGACY.models).objectStore(LEGACY.models).getAllKeys(),
    );
    expect(keys).toEqual(['someone-elses-model']);
    legacy.close();
    const db = await openGraftDb(name);
    expect(await db.count(STORES.weights)).toBe(1);
    db.close();
  });

  it('creates no tf.io database when there is none to migrate', async () => {
    const store = createWeightsStore(() => openGraftDb('migration-none'));
    await indexedDB.deleteDatabase(LEGACY.dbName);
    expect(await store.list()).toEqual([]);
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).not.toContain(LEGACY.dbName);
  });
});
