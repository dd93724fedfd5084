// Reads a TensorFlow.js layers model a person brings as a backbone (a folder, loose files or a URL)
// into memory, with Teachable Machine's metadata.json when it is there. Wrong files are refused with
// what was expected, before anything is built or kept.
import * as tf from '@tensorflow/tfjs';
import type { BackboneImportSource } from '../../shared/backboneImport';
import { formatBytes } from '../../shared/text';

/** Keras's VGG16 with its classifier is 553 MB; anything bigger could only exhaust memory. */
const MAX_MODEL_BYTES = 600 * 2 ** 20;

export class ModelRefusedError extends Error {
  override name = 'ModelRefusedError';
}

export interface ModelSource {
  readonly artifacts: tf.io.ModelArtifacts & {
    weightSpecs: tf.io.WeightsManifestEntry[];
    weightData: ArrayBuffer;
  };
  /** metadata.json beside model.json, parsed; null when absent or unreadable. */
  readonly metadata: unknown;
  /** Where it came from, in words. */
  readonly from: string;
  /** A name for it: the folder's, the file's or the URL's. */
  readonly name: string;
}

const nameOf = (path: string) => path.split('/').pop()!;
const dirOf = (path: string) => path.split('/').slice(0, -1).join('/');

/** Checks the parsed model.json is a layers model; says what it is otherwise. */
function checkLayersModel(json: unknown): {
  modelTopology: object;
  manifest: tf.io.WeightsManifestConfig;
} {
  const m = json as { format?: unknown; modelTopology?: unknown; weightsManifest?: unknown };
  const topology = m?.modelTopology as { node?: unknown; class_name?: unknown } | undefined;
  if (m?.format === 'graph-model' || (topology && 'node' in topology))
    throw new ModelRefusedError(
      'This is a TensorFlow.js graph model; a backbone must be a layers model (tensorflowjs_converter --output_format tfjs_layers_model).',
    );
  if (!topology || typeof topology !== 'object')
    throw new ModelRefusedError(
      'model.json has no modelTopology: it is not a TensorFlow.js layers model.',
    );
  if (!Array.isArray(m.weightsManifest))
    throw new ModelRefusedError('model.json has no weightsManifest: the model has no weights.');
  return { modelTopology: topology, manifest: m.weightsManifest as tf.io.WeightsManifestConfig };
}

async function parseJson(file: Blob, what: string): Promise<unknown> {
  try {
    return JSON.parse(await file.text());
  } catch {
    throw new ModelRefusedError(`${what} is not valid JSON.`);
  }
}

/** A folder or loose files: model.json, the weight files it lists, maybe metadata.json. */
export async function readModelFiles(
  files: readonly { readonly file: Blob; readonly path: string }[],
): Promise<ModelSource> {
  const jsons = files.filter((f) => nameOf(f.path) === 'model.json');
  if (jsons.length === 0) {
    const kinds = [...new Set(files.map((f) => nameOf(f.path).split('.').pop()))].join(', ');
    throw new ModelRefusedError(
      `No model.json among these ${files.length} file(s) (${kinds || 'none'}): choose a TensorFlow.js layers model, the model.json with its .bin weight files (and metadata.json for a Teachable Machine export).`,
    );
  }
  // The shallowest model.json, should a folder hold several.
  const json = jsons.sort((a, b) => a.path.split('/').length - b.path.split('/').length)[0]!;
  const total = files.reduce((n, f) => n + f.file.size, 0);
  if (total > MAX_MODEL_BYTES)
    throw new ModelRefusedError(`These files hold ${formatBytes(total)}: too big for a backbone.`);
  const { modelTopology, manifest } = checkLayersModel(await parseJson(json.file, 'model.json'));
  const dir = dirOf(json.path);
  const inDir = files.filter((f) => dirOf(f.path) === dir);
  const byName = new Map(inDir.map((f) => [nameOf(f.path), f.file]));
  const shards = manifest.flatMap((group) =>
    group.paths.map((path) => {
      const shard = byName.get(nameOf(path));
      if (!shard)
        throw new ModelRefusedError(
          `model.json lists the weight file ${path}, which is not among the files.`,
        );
      return shard;
    }),
  );
  const metadataFile = byName.get('metadata.json');
  const metadata = metadataFile
    ? await parseJson(metadataFile, 'metadata.json').catch(() => null)
    : null;
  const folder = nameOf(dir) || 'model';
  return {
    artifacts: {
      modelTopology,
      format: 'layers-model',
      weightSpecs: manifest.flatMap((group) => group.weights),
      weightData: tf.io.concatenateArrayBuffers(
        await Promise.all(shards.map((s) => s.arrayBuffer())),
      ),
    },
    metadata,
    from: dir ? `${dir} folder` : 'model.json',
    name: folder,
  };
}

/** A model.json URL (its weight files beside it); metadata.json beside it is read when there. */
export async function readModelUrl(url: string, fetchFunc: typeof fetch): Promise<ModelSource> {
  let response: Response;
  try {
    response = await fetchFunc(url);
  } catch (error) {
    throw new ModelRefusedError(
      `Could not fetch ${url} (${(error as Error).message}). The server must allow this page (CORS), or download the files and choose them instead.`,
    );
  }
  if (!response.ok) throw new ModelRefusedError(`${url}: HTTP ${response.status}.`);
  const { modelTopology, manifest } = checkLayersModel(await parseJson(await response.blob(), url));
  const weightData = tf.io.concatenateArrayBuffers(
    await Promise.all(
      manifest.flatMap((group) =>
        group.paths.map(async (path) => {
          const shardUrl = new URL(path, url).href;
          const shard = await fetchFunc(shardUrl).catch(() => null);
          if (!shard?.ok)
            throw new ModelRefusedError(`The weight file ${shardUrl} could not be read.`);
          return shard.arrayBuffer();
        }),
      ),
    ),
  );
  if (weightData.byteLength > MAX_MODEL_BYTES)
    throw new ModelRefusedError(
      `${url} has ${formatBytes(weightData.byteLength)} of weights: too big for a backbone.`,
    );
  const meta = await fetchFunc(new URL('metadata.json', url).href).catch(() => null);
  const metadata = meta?.ok ? await meta.json().catch(() => null) : null;
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  return {
    artifacts: {
      modelTopology,
      format: 'layers-model',
      weightSpecs: manifest.flatMap((group) => group.weights),
      weightData,
    },
    metadata,
    from: url,
    name: segments.at(-2) ?? 'model',
  };
}

export function readModelSource(source: BackboneImportSource, fetchFunc?: typeof fetch) {
  return source.kind === 'files'
    ? readModelFiles(source.files)
    : readModelUrl(source.url, fetchFunc ?? ((input, init) => fetch(input, init)));
}

/** Builds the model; a topology tfjs cannot build is refused with tfjs's reason. */
export async function buildModel(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    throw new ModelRefusedError(`The model could not be built: ${(error as Error).message}`);
  }
}
