// The engine when the device under a run is lost: it moves to the next backend, says so, and
// carries on from what was saved. The loss is simulated (Node has no GPU): the "webgpu" backend is
// the cpu one under another name (WebGL: batches of 16), and its backbone throws BackendLostError after a few batches.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../../src/shared/backbone';
import type { BackendStatus } from '../../../src/shared/engine';
import type { ExtractEvent } from '../../../src/shared/events';
import { DEFAULT_TRAIN_CONFIG } from '../../../src/shared/training';
import { BackendLostError } from '../../../src/ml/backends/deviceLoss';
import { createFixture, SPEC } from '../../helpers/engineFixtures';

/** Two pretend backends: 'webgl' until it is excluded, then 'wasm'. Records each start. */
function pretendBackends() {
  const starts: { preference: string; exclude: BackendName[] }[] = [];
  const initBackend = async (preference: string, exclude: ReadonlySet<BackendName> = new Set()) => {
    starts.push({ preference, exclude: [...exclude] });
    await tf.setBackend('cpu');
    const name: BackendName = exclude.has('webgl') ? 'wasm' : 'webgl';
    return { name, detail: `${name} (pretend)`, software: false } satisfies BackendStatus;
  };
  return { starts, initBackend };
}

describe('engine: a lost device', () => {
  it('extraction moves to the next backend and computes only what the lost one had not saved', async () => {
    const backends = pretendBackends();
    let batchesOnFirstBackbone = 0;
    let backbonesLoaded = 0;
    const fx = createFixture(10, {
      initBackend: backends.initBackend,
      wrapBackbone: (backbone) => {
        const first = ++backbonesLoaded === 1;
        return {
          ...backbone,
          info: backbone.info,
          extract: (batch) => {
            // The warm-up pass and the first batch go through, then the device is gone.
            if (first && ++batchesOnFirstBackbone > 2) {
              throw new BackendLostError('webgl', 'context lost');
            }
            return backbone.extract(batch);
          },
        };
      },
    });
    await fx.engine.startBackend('auto');
    await fx.engine.importDataset(fx.files, 0);
    // Batches of up to 16 (no measurement ran), so 30 images take two of 15.
    const events: ExtractEvent[] = [];
    const result = await fx.engine.extract({ ...SPEC }, (e) => events.push(e));

    const lost = events.filter((e) => e.type === 'backend-lost');
    expect(lost).toEqual([
      {
        type: 'backend-lost',
        lost: 'webgl',
        reason: 'context lost',
        now: { name: 'wasm', detail: 'wasm (pretend)', software: false },
      },
    ]);
    expect(backends.starts.at(-1)).toEqual({ preference: 'auto', exclude: ['webgl'] });
    const starts = events.filter((e) => e.type === 'extract-start');
    expect(starts).toHaveLength(2);
    const resumed = starts[1]!;
    expect(resumed.cached).toBe(15); // the batch read before the loss was kept
    expect(result).toMatchObject({ total: 30, cached: resumed.cached, failed: [] });
    expect(result.computed).toBe(30 - resumed.cached);
    expect(result.backend?.name).toBe('wasm');
    expect(backbonesLoaded).toBe(2); // loaded again on the new backend

    // Training and prediction run on the new backend.
    const outcome = await fx.engine.train(SPEC, { ...DEFAULT_TRAIN_CONFIG, epochs: 3 });
    expect(outcome.result.history).toHaveLength(3);
    expect((await fx.engine.predict(SPEC, fx.files[0]!.file)).top).toHaveLength(3);
  });

  it('a model trained on the lost device is dropped, and prediction says to train again', async () => {
    const backends = pretendBackends();
    let lose = false;
    const fx = createFixture(6, {
      initBackend: backends.initBackend,
      wrapBackbone: (backbone) => ({
        ...backbone,
        info: backbone.info,
        extract: (batch) => {
          if (lose) throw new BackendLostError('webgl', 'context lost');
          return backbone.extract(batch);
        },
      }),
    });
    await fx.engine.startBackend('auto');
    await fx.engine.importDataset(fx.files, 0);
    await fx.engine.extract(SPEC);
    await fx.engine.train(SPEC, { ...DEFAULT_TRAIN_CONFIG, epochs: 2 });
    lose = true;
    await expect(fx.engine.predict(SPEC, fx.files[0]!.file)).rejects.toThrow(
      /The WebGL context was lost \(context lost\)\. The trained model was on it: press Train/,
    );
  });
});
