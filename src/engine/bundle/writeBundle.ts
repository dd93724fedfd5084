// Writes exported files as .zip archives (fflate): a layers model (model.json + one weights.bin),
// metadata.json and a README; a fine-tuned head-only export adds its block's own layers model.
import { strToU8, zipSync, type Zippable } from 'fflate';
import type * as tf from '@tensorflow/tfjs';
import { BUNDLE_FILES, type BundleMetadata } from './metadata';

/** Concatenates tfjs weight data, which may come as one buffer or several. */
function weightBytes(data: tf.io.ModelArtifacts['weightData']): Uint8Array {
  if (data === undefined) throw new Error('The model has no weights');
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return out;
}

/** model.json as `tf.loadLayersModel` reads it, pointing at one weights file. */
export function modelJson(artifacts: tf.io.ModelArtifacts): string {
  return JSON.stringify({
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: 'Graft',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [BUNDLE_FILES.weights], weights: artifacts.weightSpecs }],
  });
}

/** A .zip with the layers model, its metadata and a README (and a fine-tuned block's own model). */
export function zipModel(
  artifacts: tf.io.ModelArtifacts,
  meta: BundleMetadata,
  readme: string,
  block?: tf.io.ModelArtifacts,
): Uint8Array {
  const files: Zippable = {
    ...(block && {
      // Its model.json names `weights.bin`: a path relative to itself, as tf.loadLayersModel reads it.
      [BUNDLE_FILES.blockModel]: strToU8(modelJson(block)),
      [BUNDLE_FILES.blockWeights]: [weightBytes(block.weightData), { level: 0 }],
    }),
    [BUNDLE_FILES.model]: strToU8(modelJson(artifacts)),
    // Weights barely compress; storing them keeps export fast for a backbone's tens of megabytes.
    [BUNDLE_FILES.weights]: [weightBytes(artifacts.weightData), { level: 0 }],
    [BUNDLE_FILES.metadata]: strToU8(JSON.stringify(meta, null, 2)),
    [BUNDLE_FILES.readme]: strToU8(readme),
  };
  return zipSync(files, { level: 6 });
}
