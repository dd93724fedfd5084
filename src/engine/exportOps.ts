// Trained models and features leave the app as files that work elsewhere, and a classifier exported
// here (or on another machine) comes back as a new project, checked before anything changes.
import type { BackboneSpec } from '../shared/engine';
import { strToU8, zipSync } from 'fflate';
import type { ContentHash } from '../shared/brand';
import type { DatasetManifest } from '../shared/dataset';
import type { OpenedProject, ProjectRecord, SavedModel } from '../shared/project';
import type { Settings } from '../shared/session';
import { APP_VERSION } from '../shared/version';
import { encodeNpy } from '../data/npy';
import { fullModelArtifacts, headArtifacts, loadHead } from '../ml/head/headIo';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleMetadata } from './bundle/metadata';
import { classifierReadme, fullModelReadme } from './bundle/readmes';
import { BundleRefusedError, readBundle } from './bundle/readBundle';
import { featuresReadme, trainScript } from './bundle/trainScript';
import { zipModel } from './bundle/writeBundle';
import { settingsIdOf, type EngineContext } from './context';
import { withoutHead } from './projectOps';
import { summaryOf } from './projectLibrary';
import { DEFAULT_AUGMENTATION } from '../shared/augment';

export interface ExportedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const fileSafe = (name: string) => name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'graft';

function metadataOf(project: ProjectRecord, model: SavedModel): BundleMetadata {
  const labels = project.model?.classNames ?? project.dataset.manifest.classes.map((c) => c.name);
  const { evaluation, result } = model.outcome;
  const b = model.backbone;
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    name: project.name,
    labels,
    backbone: {
      name: b.name,
      spec: model.spec,
      weightsHash: b.weightsHash,
      inputSize: b.inputSize,
      preprocess: b.preprocess,
      featureLayer: b.featureLayer,
      featureShape: b.featureShape,
    },
    head: {
      kind: model.head.kind,
      featureShape: model.head.featureShape,
      numClasses: model.head.numClasses,
    },
    metrics: {
      testAccuracy: Number.isFinite(evaluation.accuracy) ? evaluation.accuracy : null,
      perClass: evaluation.perClass.map((r, i) => ({ label: labels[i] ?? String(i), ...r })),
      confusion: evaluation.confusion,
      bestEpoch: result.bestEpoch,
      epochs: result.history.length,
    },
    training: model.config,
    date: new Date().toISOString(),
    appVersion: APP_VERSION,
  };
}

const csvField = (v: string | number) =>
  typeof v === 'number' || !/[",\n\r]/.test(v) ? String(v) : `"${v.replace(/"/g, '""')}"`;

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

export function createExportOps(ctx: EngineContext) {
  const { state, compute } = ctx;

  /** The current project and its model, as saved. */
  async function current(): Promise<{ project: ProjectRecord; model: SavedModel }> {
    const id = state.projectId;
    const project = id ? await ctx.deps.projects?.get(id) : null;
    if (!project?.model || !state.trained)
      throw new Error('Train a model or open a project first.');
    return { project, model: project.model };
  }

  return {
    /** The classifier head as a .zip: layers model, metadata.json and a README. */
    async exportModel(): Promise<ExportedFile> {
      const { project, model } = await current();
      const meta = metadataOf(project, model);
      const artifacts = await headArtifacts(state.trained!.head);
      return {
        name: `${fileSafe(project.name)}-classifier.zip`,
        bytes: zipModel(artifacts, meta, classifierReadme(meta)),
      };
    },

    /** Backbone and head as one layers model that takes RGB pixels, in a .zip. */
    async exportFullModel(): Promise<ExportedFile> {
      const { project, model } = await current();
      const backbone = await compute.ensureBackbone(model.spec);
      if (backbone.info.weightsHash !== model.backbone.weightsHash)
        throw new Error(
          `The model was trained on ${model.backbone.name} weights ${model.backbone.weightsHash.slice(0, 12)}…; the ones loaded now are ${backbone.info.weightsHash.slice(0, 12)}…. Install the original weights to export the full model.`,
        );
      if (!backbone.featureModel) throw new Error('This backbone cannot be exported.');
      const meta = metadataOf(project, model);
      const artifacts = await fullModelArtifacts(
        backbone.featureModel,
        backbone.info.inputSize,
        backbone.info.preprocess,
        state.trained!.head,
      );
      return {
        name: `${fileSafe(project.name)}-full-model.zip`,
        bytes: zipModel(artifacts, meta, fullModelReadme(meta)),
      };
    },

    /** The cached features as features.npy + labels.csv, with a Keras script and a README. */
    async exportFeatures(): Promise<ExportedFile> {
      const { project, model } = await current();
      const sets = await ctx.loadFeatureSets(model.backbone);
      const { manifest } = project.dataset;
      const byId = new Map(manifest.images.map((i) => [i.id, i]));
      const rows = (['train', 'val', 'test'] as const).flatMap((split) =>
        sets[split].ids.map((id, k) => ({ image: byId.get(id)!, vector: sets[split].vectors[k]! })),
      );
      if (rows.length === 0) throw new Error('No features are saved for this project.');
      const shape = model.backbone.featureShape;
      const width = shape.reduce((a, b) => a * b, 1);
      const all = new Float32Array(rows.length * width);
      rows.forEach((r, i) => all.set(r.vector, i * width));
      const csv = [
        'file,hash,class,class_index,split',
        ...rows.map(({ image }) =>
          [
            image.path,
            image.id,
            manifest.classes[image.classIndex]!.name,
            image.classIndex,
            image.split,
          ]
            .map(csvField)
            .join(','),
        ),
      ].join('\n');
      const settings = settingsIdOf(model.backbone);
      return {
        name: `${fileSafe(project.name)}-features.zip`,
        bytes: zipSync({
          'features.npy': [encodeNpy(all, [rows.length, ...shape]), { level: 1 }],
          'labels.csv': strToU8(`${csv}\n`),
          'train.py': strToU8(trainScript(model.head.kind, shape.length)),
          'README.md': strToU8(featuresReadme(settings, rows.length, shape)),
        }),
      };
    },

    /**
     * Checks a classifier .zip, then saves it as a new project and opens it, ready to predict.
     * A refused file throws BundleRefusedError and changes nothing.
     */
    async importModel(bytes: Uint8Array, fileName: string): Promise<OpenedProject> {
      const { metadata: meta, head: savedHead } = readBundle(bytes);
      const projects = ctx.deps.projects;
      if (!projects) throw new Error('Projects are not available here.');
      let backbone;
      try {
        backbone = await compute.ensureBackbone(meta.backbone.spec);
      } catch (error) {
        throw new BundleRefusedError(
          `This model needs the backbone ${meta.backbone.name}, which could not be loaded: ${(error as Error).message}`,
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
      const head = loadHead(savedHead);
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
            // What is known of the run that made it: not its data, nor its time.
            run: {
              backbone: backbone.info.name,
              inputSize: backbone.info.inputSize,
              head: meta.training.head,
              optimizer: meta.training.optimizer,
              learningRate: meta.training.learningRate,
              augmentViews: 0,
              testTimeFlip: false,
              fineTuned: false,
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
        await projects.put(record);
      } catch (error) {
        head.dispose();
        throw error;
      }
      state.dataset = { manifest, blobs: new Map<ContentHash, Blob>() };
      ctx.setTrained({
        head,
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
