// The short READMEs that travel inside exported files: how to use them without this app, and what
// their predictions are worth (generated weights; the confidence below which Graft says "not sure").
import { floorWords } from '../../shared/confidence';
import type { BundleMetadata } from './metadata';

const PREPROCESS_WORDS = {
  caffe: 'RGB to BGR, then subtract [103.939, 116.779, 123.68] (Keras "caffe" mode, no scaling)',
  tf: 'x / 127.5 - 1 (to [-1, 1])',
  unit: 'x / 255 (to [0, 1])',
} as const;

/** Warnings first (generated weights), then the test accuracy and the "not sure" level. */
function worth(meta: BundleMetadata): string {
  const warning =
    meta.backbone.weightsSource === 'generated'
      ? `**Warning: trained on generated (untrained) ${meta.backbone.name} weights, for testing only.
Its features are random, so its predictions say nothing about real pictures.**

`
      : '';
  const accuracy =
    meta.metrics.testAccuracy === null
      ? 'not measured'
      : `${(meta.metrics.testAccuracy * 100).toFixed(1)}%`;
  const floor = meta.confidenceFloor
    ? `\n${floorWords(meta.confidenceFloor)} (\`confidenceFloor\` in \`metadata.json\`.)`
    : '';
  return `${warning}Test accuracy: ${accuracy}.${floor}`;
}

/** A fine-tuned head's block: where it is and where it goes (head-only export). */
function blockWords(meta: BundleMetadata): string {
  const t = meta.tunedBlock;
  if (!t?.files) return '';
  return `
**Fine-tuned:** the backbone's last block (${t.layers.join(', ')}) was trained with this head, so
the head takes that trained block's output, not the stock backbone's. The block is in
\`${t.files.model}\` + \`${t.files.weights}\` (a TensorFlow.js layers model): run the stock
${meta.backbone.name} up to \`${t.frozenLayer}\` (output [${t.inputShape.join(', ')}]), then the
block, then this head. The features named below are the block's output.
`;
}

export function headOnlyReadme(meta: BundleMetadata): string {
  const b = meta.backbone;
  return `# ${meta.name}: a classifier head exported from Graft (takes features, not images)

Classes, in output order: ${meta.labels.join(', ')}.
${worth(meta)}

This is the classifier **head** alone: it takes the features of the backbone **${b.name}**
(weights SHA-256 \`${b.weightsHash}\`) at layer \`${b.featureLayer ?? '(model output)'}\`, shape
[${b.featureShape.join(', ')}], for an RGB image resized to ${b.inputSize} x ${b.inputSize} and
preprocessed as ${PREPROCESS_WORDS[b.preprocess]}. It returns ${meta.labels.length} class probabilities.
For a model that takes images directly, use Graft's "Export model".
${blockWords(meta)}
Files: \`model.json\` + \`weights.bin\` (a TensorFlow.js layers model), \`metadata.json\` (labels,
backbone, preprocessing, metrics, date, app version).

## TensorFlow.js

\`\`\`js
import * as tf from '@tensorflow/tfjs';
const head = await tf.loadLayersModel('https://example.org/path/model.json'); // or tf.io.browserFiles
const meta = await (await fetch('https://example.org/path/metadata.json')).json();
// features: [n, ${b.featureShape.join(', ')}] from ${b.name} at layer ${b.featureLayer ?? '(output)'}
const probabilities = head.predict(features); // [n, ${meta.labels.length}]
const best = meta.labels[(await probabilities.argMax(-1).data())[0]];
\`\`\`

## Python

\`\`\`python
# pip install tensorflowjs  (converts the layers model to Keras)
import json, numpy as np, tensorflowjs as tfjs
head = tfjs.converters.load_keras_model("model.json")
labels = json.load(open("metadata.json"))["labels"]
probabilities = head.predict(features)  # features: np.float32 array [n, ${b.featureShape.join(', ')}]
print(labels[int(np.argmax(probabilities[0]))])
\`\`\`
`;
}

export function imageModelReadme(meta: BundleMetadata): string {
  const s = meta.backbone.inputSize;
  return `# ${meta.name}: an image classifier exported from Graft (takes images)

${worth(meta)}

One TensorFlow.js layers model: preprocessing, the backbone **${meta.backbone.name}** (weights SHA-256
\`${meta.backbone.weightsHash}\`)${meta.tunedBlock ? ` with its last block (${meta.tunedBlock.layers.join(', ')}) fine-tuned` : ''} and the trained head. Input: RGB pixels as float32 in [0, 255],
shape [n, ${s}, ${s}, 3] (resize the image to ${s} x ${s} first). Output: probabilities for
${meta.labels.join(', ')} (in that order; also in \`metadata.json\`).

\`\`\`js
import * as tf from '@tensorflow/tfjs';
const model = await tf.loadLayersModel('https://example.org/path/model.json');
const x = tf.browser.fromPixels(img).resizeBilinear([${s}, ${s}]).toFloat().expandDims(0);
const probabilities = await model.predict(x).data();
\`\`\`

In Python: \`pip install tensorflowjs\`, then
\`tensorflowjs.converters.load_keras_model("model.json")\` gives a Keras model that takes the same input.
`;
}
