// Writers of one project at once (fake-indexeddb, the real store): a rename in the projects worker
// while the engine saves a model, a label decision saved while a model is, webcam captures saved
// into the project they were made in. Each writer changes its own fields only, so whatever order the
// writes land in, no one's change is lost. No clock: the writes are started together, in both orders
// and a few macrotasks apart, so that each interleaving a browser could produce is among them.
import { describe, expect, it } from 'vitest';
import type { LabelDecision } from '../../../src/shared/labelAssist';
import type { ProjectSummary } from '../../../src/shared/project';
import type { DatasetEdit } from '../../../src/shared/webcam';
import { createProjectLibrary } from '../../../src/engine/projectLibrary';
import { openGraftDb } from '../../../src/storage/db';
import { createFeatureCache } from '../../../src/storage/featureCache';
import { createProjectStore } from '../../../src/storage/projects';
import {
  classImage,
  createFixture,
  createFrameFixture,
  SPEC,
  type Fixture,
} from '../../helpers/engineFixtures';
import { defaultRun, PROJECT_CONFIG } from '../../helpers/projectFixtures';

const ticks = (n: number) =>
  Array.from({ length: n }).reduce<Promise<void>>(
    (p) => p.then(() => new Promise((r) => setTimeout(r, 0))),
    Promise.resolve(),
  );

/** The project as stored now, read the way a reload reads it. */
const stored = (fx: Fixture, id: string) =>
  createProjectStore(() => openGraftDb(fx.dbName)).get(id);

/** A run whose settings carry `seed`, so each save's own settings can be told apart. */
function runWith(outcome: Parameters<typeof defaultRun>[0], seed: number) {
  const run = defaultRun(outcome);
  return { ...run, settings: { ...run.settings, splitSeed: seed } };
}

const frame = (cls: number, i: number) =>
  ({ ...classImage(cls, i), close: () => undefined }) as unknown as ImageBitmap;

describe('writers of one project at once', () => {
  it('a rename in the projects worker while the engine saves a model: both kept', async () => {
    const fx = createFixture(4);
    await fx.engine.startBackend('cpu');
    const { problems } = await fx.engine.importDataset(fx.files, 0);
    const project = await fx.engine.createProject('shapes', problems, null);
    await fx.engine.extract(SPEC);
    const outcome = await fx.engine.train(SPEC, PROJECT_CONFIG);
    // The page's projects worker: its own store and connection on the same database.
    const open = () => openGraftDb(fx.dbName);
    const worker = createProjectLibrary({
      projects: createProjectStore(open),
      openCache: async () => createFeatureCache(await open()),
    });
    for (let seed = 1; seed <= 4; seed++) {
      const saving = fx.engine.saveModel(runWith(outcome, seed));
      await ticks(seed - 1);
      await Promise.all([saving, worker.renameProject(project.id, `name ${seed}`)]);
      const record = await stored(fx, project.id);
      expect(record?.name).toBe(`name ${seed}`);
      expect(record?.settings?.splitSeed).toBe(seed);
      expect(record?.model?.outcome).toEqual(outcome);
    }
  });

  it("a label decision's save while a model is saved: the dataset, the pool and the model all kept", async () => {
    const fx = createFixture(4);
    await fx.engine.startBackend('cpu');
    const pool = [];
    for (let i = 40; i < 44; i++) {
      const { rgba, png } = classImage(1, i);
      fx.pixelsOf.set(png, rgba);
      pool.push({ file: png, path: `unlabeled/p${i}.png` });
    }
    const { problems } = await fx.engine.importDataset([...fx.files, ...pool], 0);
    const project = await fx.engine.createProject('labels', problems, null);
    await fx.engine.extract(SPEC);
    const outcome = await fx.engine.train(SPEC, PROJECT_CONFIG);
    const photos = fx.engine.labelPoolState().photos;
    expect(photos).toHaveLength(4);
    const label = (i: number): LabelDecision => ({
      kind: 'label',
      id: photos[i]!.id,
      className: 'class-1',
      source: 'picked',
      probability: null,
    });
    for (let i = 0; i < 4; i++) {
      const model = fx.engine.saveModel(runWith(outcome, i + 1));
      // Half the time the label goes first.
      const decided = i % 2 === 0 ? fx.engine.labelDecide([label(i)]) : ticks(1);
      const decidedAfter = i % 2 === 1 ? fx.engine.labelDecide([label(i)]) : Promise.resolve();
      await Promise.all([model, decided, decidedAfter]);
      const record = await stored(fx, project.id);
      expect(record?.settings?.splitSeed).toBe(i + 1);
      expect(record?.model?.outcome).toEqual(outcome);
      expect(record?.unlabeled?.log).toHaveLength(i + 1);
      const ids = new Set(record?.dataset.manifest.images.map((image) => image.id));
      expect(photos.slice(0, i + 1).every((p) => ids.has(p.id))).toBe(true);
    }
  });

  it('a capture that lands while the project is being created is saved into it', async () => {
    const fx = createFrameFixture(4);
    await fx.engine.startBackend('cpu');
    const { problems } = await fx.engine.importDataset(fx.files, 0);
    let next = 50;
    for (const createFirst of [true, false])
      for (let apart = 0; apart < 3; apart++) {
        const frames = [frame(2, next++), frame(2, next++)];
        let creating!: Promise<ProjectSummary>;
        let capturing!: Promise<DatasetEdit>;
        const create = () => (creating = fx.engine.createProject('webcam', problems, null));
        const capture = () => (capturing = fx.engine.captureFrames(frames, 'more'));
        (createFirst ? create : capture)();
        await ticks(apart);
        (createFirst ? capture : create)();
        const [project, { added }] = await Promise.all([creating, capturing]);
        const saved = await stored(fx, project.id);
        const ids = new Set(saved?.dataset.manifest.images.map((i) => i.id));
        expect(added).toHaveLength(2);
        expect(added.every((image) => ids.has(image.id))).toBe(true);
      }
  });

  it('webcam captures and removals made after the project exists are saved into it', async () => {
    const fx = createFrameFixture(4);
    await fx.engine.startBackend('cpu');
    const { problems } = await fx.engine.importDataset(fx.files, 0);
    const project = await fx.engine.createProject('webcam', problems, null);
    const first = await fx.engine.captureFrames([frame(2, 50), frame(2, 51)], 'more');
    const second = await fx.engine.captureFrames([frame(2, 52), frame(2, 53)], 'more');
    await fx.engine.removeImages([second.added[0]!.id]);
    const kept = [...first.added, second.added[1]!].map((a) => a.id);

    const reloaded = createFixture(4, { dbName: fx.dbName });
    await reloaded.engine.startBackend('cpu');
    expect((await reloaded.engine.listProjects()).map((p) => p.id)).toEqual([project.id]);
    const opened = await reloaded.engine.openProject(project.id);
    const more = opened.dataset.manifest.images.filter((i) => i.path.startsWith('more/'));
    expect(more.map((i) => i.id).sort()).toEqual([...kept].sort());
    // Their files came back with them: the dataset is whole without the camera.
    expect(opened.files).toHaveLength(12 + 3);
  });
});
