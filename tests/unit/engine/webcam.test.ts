// The webcam's engine side: frames classified with the trained head, frames captured into a class
// that then extract, cache and train like imported files, and the in-flight count a test relies on.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { FrameCodec } from '../../../src/data/frames';
import {
  classImage,
  createFixture,
  type Fixture,
  fixtureConfig,
  SPEC,
} from '../../helpers/engineFixtures';

const config = fixtureConfig(40, { patience: 0 });

interface FakeFrame {
  readonly rgba: Uint8ClampedArray;
  readonly png: Blob;
  closed: boolean;
  close(): void;
}

function frameOf(cls: number, i: number): FakeFrame & ImageBitmap {
  const { rgba, png } = classImage(cls, i);
  const frame = {
    rgba,
    png,
    width: 8,
    height: 8,
    closed: false,
    close() {
      frame.closed = true;
    },
  };
  return frame as unknown as FakeFrame & ImageBitmap;
}

/** Frames are their pixels; a captured frame becomes a PNG the fixture's decoder knows. */
function fakeCodec(fx: () => Fixture, delayMs = 0): FrameCodec {
  return {
    async toPixels(frame) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return (frame as unknown as FakeFrame).rgba;
    },
    async toFile(frame) {
      // Real PNG bytes, so the engine's sniffing and hashing see an ordinary image file.
      const { rgba, png } = frame as unknown as FakeFrame;
      fx().pixelsOf.set(png, rgba);
      return png;
    },
  };
}

function withFrames(perClass: number, delayMs = 0): Fixture {
  let fx: Fixture | null = null;
  fx = createFixture(perClass, { frames: fakeCodec(() => fx!, delayMs) });
  return fx;
}

const topName = (p: { classNames: readonly string[]; probabilities: readonly number[] }) =>
  p.classNames[p.probabilities.indexOf(Math.max(...p.probabilities))];

describe('webcam: classifying frames', () => {
  it('names the class of a frame with the trained head, one frame in flight, no tensors left', async () => {
    const fx = withFrames(10);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(
      fx.files.filter((f) => !f.path.startsWith('class-2/')),
      0,
    );
    await fx.engine.extract(SPEC);
    await fx.engine.train(SPEC, config);
    const before = tf.memory().numTensors;
    for (const cls of [0, 1]) {
      const frame = frameOf(cls, 50 + cls);
      const prediction = await fx.engine.classifyFrame(SPEC, frame);
      expect(topName(prediction)).toBe(`class-${cls}`);
      expect(prediction.classNames).toEqual(['class-0', 'class-1']);
      expect(prediction.probabilities.reduce((a, b) => a + b)).toBeCloseTo(1, 5);
      expect(prediction.maxInFlight).toBe(1);
      expect(frame.closed).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('counts frames that overlap in the worker (the probe the browser test reads can fail)', async () => {
    const fx = withFrames(6, 30);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    await fx.engine.extract(SPEC);
    await fx.engine.train(SPEC, { ...config, epochs: 2 });
    const [a, b] = await Promise.all([
      fx.engine.classifyFrame(SPEC, frameOf(0, 1)),
      fx.engine.classifyFrame(SPEC, frameOf(1, 1)),
    ]);
    expect(Math.max(a.maxInFlight, b.maxInFlight)).toBe(2);
  });

  it('says what to do first when there is no trained model, and still closes the frame', async () => {
    const fx = withFrames(3);
    await fx.engine.startBackend('cpu');
    const frame = frameOf(0, 0);
    await expect(fx.engine.classifyFrame(SPEC, frame)).rejects.toMatchObject({
      name: 'NoModelError',
      message: expect.stringContaining('press Train'),
    });
    expect(frame.closed).toBe(true);
  });
});

describe('webcam: capturing frames into the dataset', () => {
  it('captured frames of a new class are split, extracted, cached and trained on like files', async () => {
    const fx = withFrames(10);
    await fx.engine.startBackend('cpu');
    const twoClasses = fx.files.filter((f) => !f.path.startsWith('class-2/'));
    await fx.engine.importDataset(twoClasses, 0);
    await fx.engine.extract(SPEC);
    await fx.engine.train(SPEC, config);

    const frames = Array.from({ length: 10 }, (_, i) => frameOf(2, 100 + i));
    const edit = await fx.engine.captureFrames(frames, 'blue');
    expect(frames.every((f) => f.closed)).toBe(true);
    expect(edit.added).toHaveLength(10);
    expect(edit.added.every((a) => a.path.startsWith('blue/webcam-'))).toBe(true);
    const { manifest, problems } = edit.dataset;
    expect(manifest.classes.map((c) => c.name)).toEqual(['blue', 'class-0', 'class-1']);
    const blue = manifest.classes[0]!.counts;
    expect(blue.train + blue.val + blue.test).toBe(10);
    expect(blue.val).toBeGreaterThan(0); // split like any class of 3 or more
    expect(blue.test).toBeGreaterThan(0);
    expect(problems).toEqual([]);

    // The model trained before the capture still answers with its own two classes.
    const old = await fx.engine.classifyFrame(SPEC, frameOf(1, 60));
    expect(old.classNames).toEqual(['class-0', 'class-1']);

    // Extraction computes only the new frames; the rest comes from the cache.
    const extraction = await fx.engine.extract(SPEC);
    expect(extraction).toMatchObject({ total: 30, cached: 20, computed: 10 });
    await fx.engine.train(SPEC, config);
    const fresh = await fx.engine.classifyFrame(SPEC, frameOf(2, 200));
    expect(fresh.classNames).toEqual(['blue', 'class-0', 'class-1']);
    expect(topName(fresh)).toBe('blue');

    // Removing captured frames before training takes them out of every split.
    const removed = await fx.engine.removeImages(edit.added.slice(0, 9).map((a) => a.id));
    expect(removed.dataset.manifest.images).toHaveLength(21);
    expect(removed.dataset.manifest.classes[0]!.counts).toEqual({ train: 1, val: 0, test: 0 });
  });

  it('starts a dataset from captures alone, and refuses bad class names and ambiguous images', async () => {
    const fx = withFrames(2);
    const first = await fx.engine.captureFrames([frameOf(0, 1), frameOf(0, 2)], 'red');
    expect(first.dataset.manifest.classes.map((c) => c.name)).toEqual(['red']);
    expect(first.dataset.problems).toContainEqual({ type: 'single-class', className: 'red' });

    await expect(fx.engine.captureFrames([frameOf(1, 1)], ' ')).rejects.toThrow('class name');
    await expect(fx.engine.captureFrames([frameOf(1, 1)], 'a/b')).rejects.toThrow('"/"');

    // The same bytes again: merged in its own class, refused under another.
    const again = { file: first.added[0]!.file, path: 'x.png' };
    const same = await fx.engine.addImages([again], 'red');
    expect(same.added).toHaveLength(0);
    expect(same.dataset.manifest.duplicatesMerged).toBe(1);
    const other = await fx.engine.addImages([again], 'green');
    expect(other.refused).toEqual([
      { path: 'x.png', detail: 'the same image is already in "red"' },
    ]);
    const text = await fx.engine.addImages(
      [{ file: new Blob(['hello']), path: 'notes.txt' }],
      'green',
    );
    expect(text.refused[0]!.path).toBe('notes.txt');
    expect(text.dataset.manifest.classes.map((c) => c.name)).toEqual(['red']);
  });
});
