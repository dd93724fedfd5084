import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import type { LabelDecision } from '../../../src/shared/labelAssist';
import {
  classImage,
  createFixture,
  createFrameFixture,
  fixtureConfig,
  SPEC,
} from '../../helpers/engineFixtures';
import { defaultRun } from '../../helpers/projectFixtures';

const config = fixtureConfig(15);

/** `perClass` photos of each class, not among the fixture's labelled ones, under `unlabeled/`. */
function poolFiles(fx: ReturnType<typeof createFixture>, perClass: number, from: number) {
  const files = [];
  for (let cls = 0; cls < 3; cls++)
    for (let i = from; i < from + perClass; i++) {
      const { rgba, png } = classImage(cls, i);
      fx.pixelsOf.set(png, rgba);
      files.push({ file: png, path: `unlabeled/c${cls}-${i}.png` });
    }
  return files;
}

describe('engine: label assist', () => {
  it('keeps an unlabeled folder apart, suggests, labels, undoes, and survives a reload', async () => {
    const fx = createFixture(10);
    await fx.engine.startBackend('cpu');
    const pool = poolFiles(fx, 4, 10);
    const junk = { file: new Blob(['not an image']), path: 'unlabeled/notes.jpg' };
    const imported = await fx.engine.importDataset([...fx.files, ...pool, junk], 0);
    // The unlabeled folder is no class, and its files are not in the dataset.
    expect(imported.manifest.classes.map((c) => c.name)).toEqual(['class-0', 'class-1', 'class-2']);
    expect(imported.manifest.images).toHaveLength(30);
    const start = fx.engine.labelPoolState();
    expect(start.unlabeledCount).toBe(12);
    expect(start.photos.every((p) => p.path.startsWith('unlabeled/'))).toBe(true);
    const project = await fx.engine.createProject('labels', imported.problems, null);

    // Before a model: no suggestions, and why.
    expect((await fx.engine.labelSuggestions(SPEC)).unavailable).toMatch(/Train a model first/);

    await fx.engine.extract(SPEC);
    await fx.engine.saveModel(defaultRun(await fx.engine.train(SPEC, config)));
    const decodesBefore = fx.decodeCalls;
    const list = await fx.engine.labelSuggestions(SPEC);
    expect(fx.decodeCalls - decodesBefore).toBe(12); // the pool, once
    expect(list.uncertain).toHaveLength(12);
    expect(list.heldOut).toBe(imported.manifest.images.filter((i) => i.split !== 'train').length);
    expect(list.confident.map((s) => s.id)).toEqual([...list.uncertain.map((s) => s.id)].reverse());
    // The tiny fixture's classes are colours: the head gets most of them right.
    const right = list.uncertain.filter((s) => s.path.includes(`c${s.suggested.slice(-1)}-`));
    expect(right.length).toBeGreaterThanOrEqual(9);

    // A label by hand, a skip, and a label undone.
    const [a, b, c] = list.uncertain;
    const label = (id: string, className: string): LabelDecision => ({
      kind: 'label',
      id: id as LabelDecision['id'],
      className,
      source: 'picked',
      probability: null,
    });
    let change = await fx.engine.labelDecide([label(a!.id, 'class-1')]);
    expect(change.pool.unlabeledCount).toBe(11);
    expect(change.pool.dataset!.manifest.images).toHaveLength(31);
    const added = change.pool.dataset!.manifest.images.find((i) => i.id === a!.id)!;
    expect(added.path).toBe(`class-1/${a!.path.split('/').pop()}`);
    change = await fx.engine.labelDecide([{ kind: 'skip', id: b!.id }]);
    expect(change.pool.photos.find((p) => p.id === b!.id)!.status.kind).toBe('skipped');
    change = await fx.engine.labelDecide([label(c!.id, 'class-2')]);
    change = await fx.engine.labelUndo();
    expect(change.pool.unlabeledCount).toBe(11);
    expect(change.pool.dataset!.manifest.images.some((i) => i.id === c!.id)).toBe(false);

    // Accept by threshold: the preview's count is what is accepted; the estimate is held-out's.
    const preview = fx.engine.labelAcceptPreview(0.5);
    const open = list.uncertain.filter((s) => s.id !== a!.id);
    expect(preview.count).toBe(open.filter((s) => s.probability >= 0.5).length);
    expect(preview.support).toBeLessThanOrEqual(list.heldOut);
    change = await fx.engine.acceptSuggestions(0.5);
    expect(change.pool.unlabeledCount).toBe(11 - preview.count);
    const accepted = change.pool.photos.filter(
      (p) => p.status.kind === 'labelled' && p.status.source === 'threshold',
    );
    expect(accepted).toHaveLength(preview.count);
    // Ten labels or more since training: time to retrain. The undone label does not count.
    expect(change.pool.labelsSinceTrain).toBe(1 + preview.count);
    expect(change.retrain).toBe(1 + preview.count >= change.pool.retrainEvery);

    // Export features carries the labels made here, each under its class.
    const csv = new TextDecoder()
      .decode(unzipSync((await fx.engine.exportFeatures()).bytes)['labels.csv'])
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    const classOf = new Map(csv.slice(1).map(([, hash, cls]) => [hash, cls]));
    expect(classOf.size).toBe(31 + preview.count);
    expect(classOf.get(a!.id)).toBe('class-1');
    for (const photo of accepted)
      expect(classOf.get(photo.id)).toBe(
        photo.status.kind === 'labelled' && photo.status.className,
      );
    await expect(fx.engine.labelNewClass('a/b')).rejects.toThrow(/cannot contain/);
    const withNew = await fx.engine.labelNewClass('class-new');
    expect(withNew.classes).toContain('class-new');

    // Retraining extracts nothing: the labelled photos' features were cached as pool photos.
    const again = await fx.engine.extract(SPEC);
    expect(again.computed).toBe(0);

    // A reload: a second engine on the same database opens the project.
    const reloaded = createFixture(10, { dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    const opened = await reloaded.engine.openProject(project.id);
    expect(opened.dataset.manifest.images).toHaveLength(31 + preview.count);
    const back = reloaded.engine.labelPoolState();
    expect(back.unlabeledCount).toBe(11 - preview.count);
    expect(back.photos).toEqual(change.pool.photos);
    expect(back.classes).toContain('class-new');
    // The retrain counter carries on where it was.
    expect(back.labelsSinceTrain).toBe(1 + preview.count);
    expect(reloaded.engine.labelPoolFiles()).toHaveLength(12);
    // Undo one accepted photo after the reload: it leaves the dataset and is open again.
    const undone = await reloaded.engine.labelUndo(accepted[0]!.id);
    expect(undone.pool.unlabeledCount).toBe(12 - preview.count);
    expect(undone.pool.dataset!.manifest.images.some((i) => i.id === accepted[0]!.id)).toBe(false);
    expect(undone.pool.labelsSinceTrain).toBe(preview.count);

    // A retrain starts the count again, and the project keeps 0 from when the model is saved.
    await reloaded.engine.saveModel(defaultRun(await reloaded.engine.train(SPEC, config)));
    expect(reloaded.engine.labelPoolState().labelsSinceTrain).toBe(0);
    const third = createFixture(10, { dbName: fx.dbName });
    await third.engine.startBackend('cpu');
    await third.engine.openProject(project.id);
    expect(third.engine.labelPoolState().labelsSinceTrain).toBe(0);
  });

  it('refuses what import refuses and photos the dataset already has', async () => {
    const fx = createFixture(3);
    await fx.engine.startBackend('cpu');
    await fx.engine.importDataset(fx.files, 0);
    const state = await fx.engine.addUnlabeled([
      { file: fx.files[0]!.file, path: 'again.png' },
      { file: new Blob([]), path: 'empty.jpg' },
      { file: new Blob(['.']), path: '.DS_Store' },
      ...poolFiles(fx, 1, 5),
    ]);
    expect(state.unlabeledCount).toBe(3);
    expect(state.refused.map((r) => r.path)).toEqual(['again.png', 'empty.jpg']);
    expect(state.refused[0]!.detail).toMatch(/already in "class-0"/);
  });

  it('takes webcam frames into the pool, saved with the project like dropped photos', async () => {
    const fx = createFrameFixture(4);
    await fx.engine.startBackend('cpu');
    const imported = await fx.engine.importDataset(fx.files, 0);
    const project = await fx.engine.createProject('webcam', imported.problems, null);
    const closed: number[] = [];
    const frame = (cls: number, i: number) =>
      ({ ...classImage(cls, i), close: () => closed.push(i) }) as unknown as ImageBitmap;
    // Two new frames, and one showing an image the dataset already has under "class-0".
    const capture = await fx.engine.captureUnlabeled([frame(1, 40), frame(2, 41), frame(0, 0)]);
    expect(closed.sort()).toEqual([0, 40, 41]);
    expect(capture.added).toHaveLength(2);
    expect(capture.added.every((p) => p.path.startsWith('unlabeled/webcam-'))).toBe(true);
    expect(capture.refused).toHaveLength(1);
    expect(capture.refused[0]!.detail).toMatch(/already in "class-0"/);
    expect(capture.pool.unlabeledCount).toBe(2);
    // Apart from the dataset until labelled.
    expect(capture.pool.dataset!.manifest.images).toHaveLength(imported.manifest.images.length);

    const reloaded = createFixture(4, { dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    await reloaded.engine.openProject(project.id);
    expect(reloaded.engine.labelPoolState().photos.map((p) => p.id)).toEqual(
      capture.pool.photos.map((p) => p.id),
    );
    expect(reloaded.engine.labelPoolFiles()).toHaveLength(2);
  });
});
