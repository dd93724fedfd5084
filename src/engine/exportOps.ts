// Trained models and features leave the app as files that work elsewhere: the image-in model (what
// "Export model" gives: preprocessing, backbone and head in one layers model that takes pixels), the
// head alone (takes the backbone's features), and the features for Python. importModelOps.ts takes
// either model back.
import { strToU8, zipSync } from 'fflate';
import type * as tf from '@tensorflow/tfjs';
import type { ProjectRecord, SavedModel } from '../shared/project';
import { APP_VERSION } from '../shared/version';
import { encodeNpy } from '../data/npy';
import { fullModelArtifacts, headArtifacts } from '../ml/head/headIo';
import { modelArtifacts } from '../ml/weights/modelArtifacts';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  type BundleInput,
  type BundleMetadata,
  type TunedBlockMetadata,
} from './bundle/metadata';
import { headOnlyReadme, imageModelReadme } from './bundle/readmes';
import { featuresReadme, trainScript } from './bundle/trainScript';
import { zipModel } from './bundle/writeBundle';
import { settingsIdOf, type EngineContext, type TrainedModel } from './context';

export interface ExportedFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const fileSafe = (name: string) => name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'graft';

/** What metadata.json says of a fine-tuned block; the head-only export names its files too. */
function tunedBlockOf(tuned: TrainedModel['fineTuned'], input: BundleInput) {
  if (!tuned) return undefined;
  const block: TunedBlockMetadata = {
    frozenLayer: tuned.frozen.info.featureLayer!,
    layers: [...tuned.tail.layerNames],
    inputShape: [...tuned.tail.inputShape],
    ...(input === 'features' && {
      files: { model: BUNDLE_FILES.blockModel, weights: BUNDLE_FILES.blockWeights },
    }),
  };
  return block;
}

function metadataOf(
  project: ProjectRecord,
  model: SavedModel,
  input: BundleInput,
  tuned: TrainedModel['fineTuned'],
): BundleMetadata {
  const labels = project.model?.classNames ?? project.dataset.manifest.classes.map((c) => c.name);
  const { evaluation, result } = model.outcome;
  const b = model.backbone;
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    name: project.name,
    input,
    labels,
    backbone: {
      name: b.name,
      spec: model.spec,
      weightsHash: b.weightsHash,
      weightsSource: b.weights.kind,
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
    fineTuned: tuned !== undefined,
    ...(tuned && { tunedBlock: tunedBlockOf(tuned, input) }),
    confidenceFloor: model.outcome.confidenceFloor ?? null,
    date: new Date().toISOString(),
    appVersion: APP_VERSION,
  };
}

const csvField = (v: string | number) =>
  typeof v === 'number' || !/[",\n\r]/.test(v) ? String(v) : `"${v.replace(/"/g, '""')}"`;

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
    /**
     * "Export model": preprocessing, backbone and head as one layers model that takes RGB pixels,
     * with metadata.json and a README, in a .zip. A fine-tuned model's backbone is its frozen part
     * (the loaded backbone's layers up to the frozen layer) and then its trained block.
     */
    async exportImageModel(): Promise<ExportedFile> {
      const { project, model } = await current();
      const backbone = await compute.ensureBackbone(model.spec);
      if (backbone.info.weightsHash !== model.backbone.weightsHash)
        throw new Error(
          `The model was trained on ${model.backbone.name} weights ${model.backbone.weightsHash.slice(0, 12)}…; the ones loaded now are ${backbone.info.weightsHash.slice(0, 12)}…. Install the original weights to export the model.`,
        );
      const tuned = state.trained!.fineTuned;
      const parts = tuned ? [tuned.frozen.featureModel, tuned.tail.model] : [backbone.featureModel];
      if (parts.some((p) => !p)) throw new Error('This backbone cannot be exported.');
      const meta = metadataOf(project, model, 'image', tuned);
      const artifacts = await fullModelArtifacts(
        parts as tf.LayersModel[],
        backbone.info.inputSize,
        backbone.info.preprocess,
        state.trained!.head,
      );
      return {
        name: `${fileSafe(project.name)}-model.zip`,
        bytes: zipModel(artifacts, meta, imageModelReadme(meta)),
      };
    },

    /**
     * The head alone (takes the backbone's features) as a .zip: layers model, metadata, README. A
     * fine-tuned model's trained block goes with it as its own layers model (frozen-part output in,
     * the features the head takes out).
     */
    async exportHeadOnly(): Promise<ExportedFile> {
      const { project, model } = await current();
      const tuned = state.trained!.fineTuned;
      const meta = metadataOf(project, model, 'features', tuned);
      const artifacts = await headArtifacts(state.trained!.head);
      const block = tuned ? await modelArtifacts(tuned.tail.model) : undefined;
      return {
        name: `${fileSafe(project.name)}-head-only.zip`,
        bytes: zipModel(artifacts, meta, headOnlyReadme(meta), block),
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
      const tuned = tunedBlockOf(state.trained!.fineTuned, 'image');
      return {
        name: `${fileSafe(project.name)}-features.zip`,
        bytes: zipSync({
          'features.npy': [encodeNpy(all, [rows.length, ...shape]), { level: 1 }],
          'labels.csv': strToU8(`${csv}\n`),
          'train.py': strToU8(trainScript(model.head.kind, shape.length, tuned)),
          'README.md': strToU8(featuresReadme(settings, rows.length, shape, tuned)),
        }),
      };
    },
  };
}
