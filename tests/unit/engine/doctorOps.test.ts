import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_DATA_CHECK, type DataCheckEvent } from '../../../src/shared/doctor';
import { OUT_OF_FOLD_HEADS } from '../../../src/ml/doctor/outOfFold';
import { createFixture, fixtureConfig, SPEC } from '../../helpers/engineFixtures';

const config = fixtureConfig(15);

describe('engine: Check data', () => {
  it('finds a moved label and an exact copy in the cached features, without extracting', async () => {
    const fx = createFixture(12);
    // A class-0 image filed under class 2, and a class-1 image copied (same pixels, new file).
    const moved = fx.files.find((f) => f.path === 'class-0/img-3.png')!;
    const files = fx.files.map((f) => (f === moved ? { ...f, path: 'class-2/moved.png' } : f));
    const source = fx.files.find((f) => f.path === 'class-1/img-5.png')!;
    const copy = new Blob([await source.file.arrayBuffer(), new Uint8Array([0])]);
    fx.pixelsOf.set(copy, fx.pixelsOf.get(source.file)!);
    files.push({ file: copy, path: 'class-1/copy.png' });

    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(files, 0);
    await expect(fx.engine.checkData(SPEC, config)).rejects.toThrow(/No features/);
    await fx.engine.extract(SPEC);
    const decodes = fx.decodeCalls;
    const before = tf.memory().numTensors;
    const events: DataCheckEvent[] = [];
    // The fixture's images of a class are one colour with a faint pattern: near-copies of each
    // other by design, so only the exact copy is asked for here.
    const options = { ...DEFAULT_DATA_CHECK, duplicateThreshold: 0.99999 };
    const report = await fx.engine.checkData(SPEC, config, options, (e) => events.push(e));
    expect(fx.decodeCalls).toBe(decodes); // features only: no image decoded again
    expect(tf.memory().numTensors).toBe(before);
    expect(report.images).toBe(37);
    expect(report.mislabeled[0]).toMatchObject({ path: 'class-2/moved.png', suggestedClass: 0 });
    const group = report.duplicates.find((g) =>
      g.members.some((m) => m.path === 'class-1/copy.png'),
    );
    expect(group?.members.map((m) => m.path).sort()).toEqual([
      'class-1/copy.png',
      'class-1/img-5.png',
    ]);
    expect(events.filter((e) => e.type === 'heads').at(-1)).toMatchObject({
      done: OUT_OF_FOLD_HEADS.steps,
      total: OUT_OF_FOLD_HEADS.steps,
    });
    expect(events.at(-1)).toEqual({ type: 'done' });
  });
});
