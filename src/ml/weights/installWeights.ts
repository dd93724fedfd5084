// Installing real weights for a built-in backbone from what a person has: Keras's .h5 file, a
// TensorFlow.js model folder (model.json + shards), or a URL of a model.json. Everything is checked
// against the architecture, layer by layer, BEFORE anything is stored: a refused file leaves the
// weights already installed untouched.
import * as tf from '@tensorflow/tfjs';
import type { BuiltinBackboneId } from '../../shared/backbone';
import type {
  InstalledWeights,
  WeightsInstallEvent,
  WeightsInstallSource,
} from '../../shared/engine';
import { ARCHITECTURES } from '../backbones/builtinBackbones';
import { hashModelWeights } from './weightsHash';
import type { WeightSpec, WeightsStore } from '../../shared/stores';
import { modelArtifacts } from './modelArtifacts';
import { formatBytes } from '../../shared/text';

/** Keras's full VGG16 with its classifier is 553 MB; nothing legitimate is bigger. */
export const MAX_WEIGHTS_BYTES = 600 * 2 ** 20;
const CONVERSION_SIZE = 224;

/** A file or URL that is not usable weights for the backbone; the message says why. */
export class WeightsRefusedError extends Error {
  override readonly name = 'WeightsRefusedError';
}

/** The first model weight the artifacts lack or shape differently, in words; null when all match. */
export function firstMismatch(
  model: tf.LayersModel,
  specs: readonly tf.io.WeightsManifestEntry[],
): string | null {
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const weight of model.weights) {
    const spec = byName.get(weight.originalName);
    const [layer, role] = weight.originalName.split('/');
    if (!spec)
      return `This model has no weights for layer ${layer} (${role}): is it a ${model.name} model?`;
    if (spec.shape.join() !== weight.shape.join()) {
      return `Layer ${layer} ${role}: file has [${spec.shape.join(',')}], model expects [${weight.shape.join(',')}]`;
    }
  }
  return null;
}

/** Reads a TensorFlow.js layers model folder: model.json, then its shards in manifest order. */
async function artifactsFromFolder(files: readonly { file: Blob; path: string }[]) {
  const nameOf = (path: string) => path.split('/').pop()!;
  const json = files.find((f) => nameOf(f.path) === 'model.json');
  if (!json)
    throw new WeightsRefusedError(
      'The folder has no model.json: drop a TensorFlow.js model folder.',
    );
  const total = files.reduce((n, f) => n + f.file.size, 0);
  if (total > MAX_WEIGHTS_BYTES)
    throw new WeightsRefusedError(
      `The folder holds ${formatBytes(total)}: too big for a backbone.`,
    );
  let manifest: tf.io.WeightsManifestConfig;
  try {
    manifest = (
      JSON.parse(await json.file.text()) as { weightsManifest: tf.io.WeightsManifestConfig }
    ).weightsManifest;
    if (!Array.isArray(manifest)) throw new Error('no weightsManifest');
  } catch {
    throw new WeightsRefusedError(
      'model.json is not a TensorFlow.js layers model (no weightsManifest).',
    );
  }
  const byName = new Map(files.map((f) => [nameOf(f.path), f.file]));
  const shards = manifest
    .flatMap((group) => group.paths)
    .map((path) => {
      const shard = byName.get(nameOf(path));
      if (!shard)
        throw new WeightsRefusedError(`model.json lists ${path}, which is not in the folder.`);
      return shard;
    });
  return {
    weightSpecs: manifest.flatMap((group) => group.weights),
    weightData: tf.io.concatenateArrayBuffers(
      await Promise.all(shards.map((s) => s.arrayBuffer())),
    ),
  };
}

async function artifactsFromUrl(url: string) {
  try {
    return await tf.io.browserHTTPRequest(url).load!();
  } catch (error) {
    throw new WeightsRefusedError(`Could not load ${url}: ${(error as Error).message}`);
  }
}

/** Bytes one value of `spec` takes in the shards (quantized weights take fewer). */
function bytesPerValue(spec: tf.io.WeightsManifestEntry): number {
  const quantized = spec.quantization?.dtype;
  if (quantized) return quantized === 'uint8' ? 1 : 2;
  return spec.dtype === 'bool' ? 1 : 4;
}

/** Builds the backbone at 224 holding the source's weights, verified; the caller disposes it. */
async function modelFromSource(
  id: BuiltinBackboneId,
  source: WeightsInstallSource,
  stage: (s: WeightsInstallEvent['stage']) => void,
): Promise<tf.LayersModel> {
  if (source.kind === 'h5') {
    if (source.file.size > MAX_WEIGHTS_BYTES) {
      throw new WeightsRefusedError(
        `${source.name} is ${formatBytes(source.file.size)}: too big to be ${id} weights.`,
      );
    }
    stage('reading');
    const bytes = new Uint8Array(await source.file.arrayBuffer());
    stage('converting');
    const { convertKerasH5 } = await import('./h5/convert'); // h5wasm is large: load it only when needed
    const result = await convertKerasH5(bytes, id, { inputSize: CONVERSION_SIZE });
    if (!result.ok) throw new WeightsRefusedError(result.message);
    return result.model;
  }
  stage('reading');
  const artifacts =
    source.kind === 'folder'
      ? await artifactsFromFolder(source.files)
      : await artifactsFromUrl(source.url);
  if (!artifacts.weightSpecs || !artifacts.weightData)
    throw new WeightsRefusedError('The model has no weights.');
  stage('verifying');
  const model = ARCHITECTURES[id].build(CONVERSION_SIZE);
  const mismatch = firstMismatch(model, artifacts.weightSpecs);
  if (mismatch) {
    model.dispose();
    throw new WeightsRefusedError(mismatch);
  }
  const needed = artifacts.weightSpecs.reduce(
    (n, w) => n + w.shape.reduce((a, b) => a * b, 1) * bytesPerValue(w),
    0,
  );
  const have = tf.io.concatenateArrayBuffers(artifacts.weightData).byteLength;
  if (have < needed) {
    model.dispose();
    throw new WeightsRefusedError(
      `The weight files hold ${have} bytes where model.json needs ${needed}: truncated?`,
    );
  }
  const named = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  try {
    model.loadWeights(named, false); // extra tensors (a classifier) are ignored; every needed one matched above
  } finally {
    tf.dispose(Object.values(named));
  }
  return model;
}

function describeSource(source: WeightsInstallSource): string {
  if (source.kind === 'h5') return source.name;
  if (source.kind === 'url') return source.url;
  return `${source.files[0]?.path.split('/')[0] ?? 'model'} folder`;
}

export async function installWeights(
  id: BuiltinBackboneId,
  source: WeightsInstallSource,
  store: WeightsStore,
  onEvent?: (event: WeightsInstallEvent) => void,
): Promise<InstalledWeights> {
  const model = await modelFromSource(id, source, (stage) =>
    onEvent?.({ type: 'weights-progress', stage }),
  );
  try {
    onEvent?.({ type: 'weights-progress', stage: 'saving' });
    const weightsHash = await hashModelWeights(model);
    const installedAt = new Date().toISOString();
    const from = describeSource(source);
    const artifacts = await modelArtifacts(model);
    await store.save(id, {
      weightSpecs: artifacts.weightSpecs as WeightSpec[],
      weightData: tf.io.concatenateArrayBuffers(artifacts.weightData!),
      meta: { from, installedAt, weightsHash },
    });
    return { id, weightsHash, from, installedAt, bytes: model.countParams() * 4 };
  } finally {
    model.dispose();
  }
}
