// Reads an exported model .zip, the image-in model or the head alone, and checks every part before
// anything is used: the files (none missing, none extra), their sizes (a zip bomb is refused from the
// sizes its directory declares, before inflating), the JSON (parsed within a size limit), the labels
// against the model's outputs, the weights against the head's shapes, and the backbone. Each refusal
// says what is wrong. From an image-in model only the head is taken (its four weights, by name) and,
// when fine-tuned, the trained block (readTunedBlock.ts): the stock backbone must be in this browser
// with the same weights, which the import checks by hash.
import { unzipSync } from 'fflate';
import { BUILTIN_BACKBONES, PREPROCESS_MODES } from '../../shared/backbone';
import { restoreConfidenceFloor } from '../../shared/confidence';
import type { SavedHead, SavedTunedBlock } from '../../shared/project';
import { formatBytes } from '../../shared/text';
import { HEAD_WEIGHT_NAMES, headShapes } from '../../ml/head/headIo';
import { BUNDLE_FILES, BUNDLE_FORMAT, type BundleInput, type BundleMetadata } from './metadata';
import {
  BundleRefusedError,
  copyWeights,
  isShape,
  parseJson,
  refuse,
  weightTable,
  type WeightEntry,
} from './bundleParts';
import { checkTunedMetadata, tunedBlockOf } from './readTunedBlock';

export { BundleRefusedError };

const MiB = 2 ** 20;
/** Largest size each file may inflate to. A flatten head on VGG16 at 224 px is about 26 MB. */
const LIMITS: Record<string, number> = {
  [BUNDLE_FILES.model]: 1 * MiB,
  [BUNDLE_FILES.metadata]: 1 * MiB,
  [BUNDLE_FILES.readme]: 256 * 1024,
  [BUNDLE_FILES.weights]: 256 * MiB,
  [BUNDLE_FILES.blockModel]: 1 * MiB,
  [BUNDLE_FILES.blockWeights]: 256 * MiB,
  // The folder's own entry, which some zip tools write.
  [BUNDLE_FILES.blockModel.replace('model.json', '')]: 0,
};
/** Real weights and JSON compress a few times at most; two hundredfold is a bomb. */
const MAX_RATIO = 200;
const REQUIRED = [BUNDLE_FILES.model, BUNDLE_FILES.weights, BUNDLE_FILES.metadata];

export interface ReadBundle {
  readonly metadata: BundleMetadata;
  /** What the file's model takes; only its head is kept either way. */
  readonly input: BundleInput;
  readonly head: SavedHead;
  /** A fine-tuned model's trained block: from inside the image-in model, or its own files. */
  readonly tunedBlock?: SavedTunedBlock;
}

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(file) {
        const limit = LIMITS[file.name];
        if (limit === undefined) refuse(`The archive holds an unexpected file: ${file.name}.`);
        if (file.originalSize > limit!)
          refuse(
            `${file.name} would be ${formatBytes(file.originalSize)}, more than its limit of ${formatBytes(limit!)}.`,
          );
        if (file.originalSize > MiB && file.originalSize > file.size * MAX_RATIO)
          refuse(
            `${file.name} would expand ${Math.round(file.originalSize / Math.max(1, file.size))}-fold: refused as a zip bomb.`,
          );
        return true;
      },
    });
  } catch (error) {
    if (error instanceof BundleRefusedError) throw error;
    return refuse(`This file is not a readable .zip archive (${(error as Error).message}).`);
  }
  for (const name of REQUIRED) if (!files[name]) refuse(`The archive lacks ${name}.`);
  for (const [name, data] of Object.entries(files))
    if (data.length > LIMITS[name]!) refuse(`${name} is larger than its directory says.`);
  return files;
}

function checkMetadata(json: unknown): BundleMetadata {
  const m = json as Partial<BundleMetadata> | null;
  if (typeof m !== 'object' || m === null || m.format !== BUNDLE_FORMAT)
    refuse(`metadata.json is not a Graft classifier's (format "${BUNDLE_FORMAT}" expected).`);
  const meta = m as BundleMetadata;
  if (meta.formatVersion !== 1)
    refuse(`metadata.json has format version ${meta.formatVersion}; this app reads version 1.`);
  const { labels, head, backbone } = meta;
  if (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string' && l.length > 0))
    refuse('metadata.json: labels must be a list of class names.');
  if (new Set(labels).size !== labels.length) refuse('metadata.json: two classes share a name.');
  if (
    typeof head !== 'object' ||
    !['pooled', 'flatten'].includes(head?.kind) ||
    !isShape(head.featureShape) ||
    !Number.isInteger(head.numClasses)
  )
    refuse('metadata.json: the head description is incomplete.');
  if (labels.length !== head.numClasses)
    refuse(
      `metadata.json lists ${labels.length} labels, but the model has ${head.numClasses} outputs.`,
    );
  if (
    typeof backbone !== 'object' ||
    typeof backbone?.name !== 'string' ||
    !/^[0-9a-f]{64}$/.test(String(backbone.weightsHash)) ||
    !Number.isInteger(backbone.inputSize) ||
    !PREPROCESS_MODES.includes(backbone.preprocess) ||
    !isShape(backbone.featureShape)
  )
    refuse('metadata.json: the backbone description is incomplete.');
  if (JSON.stringify(head.featureShape) !== JSON.stringify(backbone.featureShape))
    refuse('metadata.json: the head and the backbone disagree on the feature shape.');
  const spec = backbone.spec;
  const known =
    (spec?.kind === 'builtin' && BUILTIN_BACKBONES.includes(spec.id)) ||
    (spec?.kind === 'descriptor' && typeof spec.url === 'string') ||
    // An imported backbone's id is derived from its weights' hash and import choices, so the same
    // files imported the same way in another browser have the same id.
    (spec?.kind === 'imported' && typeof spec.id === 'string');
  if (!known)
    refuse(`This model needs the backbone "${backbone.name}", which this app does not know.`);
  if (meta.input !== undefined && meta.input !== 'image' && meta.input !== 'features')
    refuse(`metadata.json: input "${String(meta.input)}" is neither "image" nor "features".`);
  const floor = meta.confidenceFloor;
  if (floor !== undefined && floor !== null && !restoreConfidenceFloor(floor))
    refuse('metadata.json: the confidence floor is malformed.');
  checkTunedMetadata(meta);
  return meta;
}

/**
 * Checks model.json's weight list against the head the metadata describes: the head alone has its
 * four weights; an image-in model has the preprocessing's and the backbone's too (tfjs lists
 * trainable weights first, so the head's are found by name). Returns what the model takes, its
 * weights, and the head's four among them.
 */
function checkModel(
  json: unknown,
  meta: BundleMetadata,
  weightBytes: number,
): { input: BundleInput; entries: WeightEntry[]; head: WeightEntry[] } {
  const entries = weightTable(json, BUNDLE_FILES.model, BUNDLE_FILES.weights, weightBytes);
  const shapes = headShapes(meta.head);
  // Files from before `input` was written: the head alone has exactly the head's weights.
  const input = meta.input ?? (entries.length > shapes.length ? 'image' : 'features');
  if (input === 'features' && entries.length !== shapes.length)
    refuse(
      `model.json lists ${entries.length} weights; a Graft head has ${shapes.length} float32 ones.`,
    );
  if (input === 'image' && entries.length <= shapes.length)
    refuse(
      `model.json lists ${entries.length} weights; an image-in model has the backbone's before the head's ${shapes.length}.`,
    );
  const head =
    input === 'features'
      ? entries
      : HEAD_WEIGHT_NAMES.map((name) => entries.find((e) => e.name === name));
  if (head.some((e) => e === undefined))
    refuse(`model.json: the head's weights (${HEAD_WEIGHT_NAMES.join(', ')}) are not all there.`);
  const headEntries = head as WeightEntry[];
  const outputs = headEntries[3]?.shape[0];
  if (outputs !== meta.labels.length)
    refuse(`The labels (${meta.labels.length}) do not match the model's output size (${outputs}).`);
  headEntries.forEach((e, i) => {
    if (JSON.stringify(e.shape) !== JSON.stringify(shapes[i]))
      refuse(
        `model.json: weight ${e.name} has shape [${String(e.shape)}], expected [${shapes[i]!.join(', ')}] for this head.`,
      );
  });
  return { input, entries, head: headEntries };
}

/** Reads and checks an exported model .zip; throws BundleRefusedError with the reason. */
export function readBundle(bytes: Uint8Array): ReadBundle {
  const files = unzip(bytes);
  const metadata = checkMetadata(parseJson(BUNDLE_FILES.metadata, files[BUNDLE_FILES.metadata]!));
  const weights = files[BUNDLE_FILES.weights]!;
  const model = parseJson(BUNDLE_FILES.model, files[BUNDLE_FILES.model]!);
  const { input, entries, head } = checkModel(model, metadata, weights.length);
  const tunedBlock = tunedBlockOf(metadata, input, files, entries, weights);
  return {
    metadata,
    input,
    head: {
      kind: metadata.head.kind,
      featureShape: metadata.head.featureShape,
      numClasses: metadata.head.numClasses,
      weightData: copyWeights(weights, head),
    },
    ...(tunedBlock && { tunedBlock }),
  };
}
