// A model exported here (or on another machine), the image-in model or the head alone, comes back as
// a new project, checked before anything changes (bundle/readBundle.ts), ready to predict; a
// fine-tuned one with its trained block on the stock backbone's frozen part, as after fine-tuning.
import type { BackboneSpec } from '../shared/engine';
import type { ContentHash } from '../shared/brand';
import { restoreConfidenceFloor } from '../shared/confidence';
import type { DatasetManifest } from '../shared/dataset';
import type { OpenedProject, ProjectRecord } from '../shared/project';
import type { Settings } from '../shared/session';
import { DEFAULT_AUGMENTATION } from '../shared/augment';
import { loadHead } from '../ml/head/headIo';
import { BundleRefusedError, readBundle } from './bundle/readBundle';
import type { EngineContext } from './context';
import { withoutHead } from './projectOps';
import { summaryOf } from './projectLibrary';
import { rebuildTunedBlock } from './tunedBlock';

/** The manifest of a project that has classes but no images (an imported classifier). */
function classesOnly(labels: readonly string[]): DatasetManifest {
  return {
    classes: labels.map((name) => ({ name, counts: { train: 0, val: 0, test: 0 } })),
    images: [],
    skipped: [],
    conflicts: [],
    duplicatesMerged: 0,
    splitSeed: 0,
  };
}

export function createImportModelOps(ctx: EngineContext) {
  const { state, compute } = ctx;

  return {
    /**
     * Checks an exported model .zip (image-in or head only), then saves it as a new project and opens it, ready to predict.
     * A refused file throws BundleRefusedError and changes nothing.
     */
    async importModel(bytes: Uint8Array, fileName: string): Promise<OpenedProject> {
      const { metadata: meta, head: savedHead, tunedBlock } = readBundle(bytes);
      const confidenceFloor = restoreConfidenceFloor(meta.confidenceFloor) ?? undefined;
      const projects = ctx.deps.projects;
      if (!projects) throw new Error('Projects are not available here.');
      let backbone;
      try {
        backbone = await compute.ensureBackbone(meta.backbone.spec);
      } catch (error) {
        throw new BundleRefusedError(
          meta.backbone.spec.kind === 'imported'
            ? `This model was trained on the imported backbone ${meta.backbone.name}, which is not in this browser: import that backbone first (Import a model), then this model again.`
            : `This model needs the backbone ${meta.backbone.name}, which could not be loaded: ${(error as Error).message}`,
        );
      }
      if (backbone.info.weightsHash !== meta.backbone.weightsHash)
        throw new BundleRefusedError(
          `This model needs ${meta.backbone.name} weights with SHA-256 ${meta.backbone.weightsHash}; this browser has ${backbone.info.weightsHash.slice(0, 16)}…. Install those weights (Weights panel) and import again.`,
        );
      if (JSON.stringify(backbone.info.featureShape) !== JSON.stringify(meta.head.featureShape))
        throw new BundleRefusedError(
          `This model takes features of shape [${meta.head.featureShape.join(', ')}]; ${meta.backbone.name} at ${backbone.info.inputSize} px gives [${backbone.info.featureShape.join(', ')}].`,
        );
      let tuned: ReturnType<typeof rebuildTunedBlock> | undefined;
      try {
        tuned = tunedBlock && rebuildTunedBlock(backbone, tunedBlock);
      } catch (error) {
        throw new BundleRefusedError(
          `This model's fine-tuned block does not fit ${meta.backbone.name} here: ${(error as Error).message}`,
        );
      }
      let head;
      try {
        head = loadHead(savedHead);
      } catch (error) {
        tuned?.tail.dispose();
        throw error;
      }
      const { backend } = { backend: (await compute.ensureBackend()).name };
      const accuracy = meta.metrics.testAccuracy ?? Number.NaN;
      const perClass = meta.metrics.perClass.map(({ label: _l, ...r }) => r);
      const settings: Settings = {
        backbone: choiceOf(meta.backbone.spec),
        inputSize: meta.backbone.inputSize,
        splitSeed: 0,
        train: meta.training,
        augment: DEFAULT_AUGMENTATION,
      };
      const now = Date.now();
      const manifest = classesOnly(meta.labels);
      const record: ProjectRecord = {
        id: crypto.randomUUID(),
        name: meta.name || fileName,
        createdAt: now,
        updatedAt: now,
        openedAt: now,
        keepImages: true,
        dataset: { manifest, problems: [] },
        settings,
        model: {
          head: savedHead,
          ...(tunedBlock && { tunedBlock }),
          backbone: backbone.info,
          spec: meta.backbone.spec,
          config: meta.training,
          outcome: {
            result: { history: [], bestEpoch: meta.metrics.bestEpoch, stopReason: 'completed' },
            evaluation: {
              accuracy,
              perClass,
              confusion: meta.metrics.confusion,
              predictions: [],
              misclassified: [],
            },
            backbone: backbone.info,
            confidenceFloor,
            // What is known of the run that made it: not its data, nor its time.
            run: {
              backbone: backbone.info.name,
              inputSize: backbone.info.inputSize,
              head: meta.training.head,
              optimizer: meta.training.optimizer,
              learningRate: meta.training.learningRate,
              augmentViews: 0,
              testTimeFlip: false,
              fineTuned: tuned !== undefined,
              trainExamples: 0,
              seconds: 0,
            },
          },
          curves: null,
          extraction: null,
          trainedAt: meta.date,
          importedFrom: fileName,
        },
        runs: [], // trained elsewhere: no run on this page to compare with
        lastPrediction: null,
      };
      try {
        await projects.add(record);
      } catch (error) {
        head.dispose();
        tuned?.tail.dispose();
        throw error;
      }
      state.dataset = { manifest, blobs: new Map<ContentHash, Blob>() };
      ctx.setTrained({
        head,
        ...(tuned && { fineTuned: tuned }),
        backboneInfo: backbone.info,
        backend,
        classNames: manifest.classes.map((c) => c.name),
      });
      state.projectId = record.id;
      return {
        project: summaryOf(record),
        dataset: record.dataset,
        files: [],
        settings,
        model: withoutHead(record.model),
        runs: record.runs,
        lastPrediction: record.lastPrediction,
      };
    },
  };
}

/** The backbone choice that selects `spec` in the settings panel. */
function choiceOf(spec: BackboneSpec): Settings['backbone'] {
  switch (spec.kind) {
    case 'builtin':
      return { kind: 'builtin', id: spec.id };
    case 'descriptor':
      return { kind: 'descriptor', url: spec.url };
    case 'imported':
      return { kind: 'imported', id: spec.id };
  }
}
