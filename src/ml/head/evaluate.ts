// Prediction and test-set evaluation with a trained head: probabilities in batches, then accuracy,
// per-class reports, the confusion matrix, every image's prediction and the misclassified images.
import * as tf from '@tensorflow/tfjs';
import type { ContentHash } from '../../shared/brand';
import type { Evaluation, Misclassified } from '../../shared/training';
import type { Head } from './head';
import { accuracy, argMax, classReports, confusionMatrix } from './metrics';
import type { FeatureSet } from './train';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Softmax probabilities for each vector (one Float32Array of numClasses per vector), in batches. */
export async function predictProbabilities(
  head: Head,
  vectors: readonly Float32Array[],
  featureShape: readonly number[],
  batchSize = 64,
): Promise<Float32Array[]> {
  if (!sameShape(featureShape, head.featureShape)) {
    throw new RangeError(
      `Features of shape [${featureShape.join(', ')}] for a head built for [${head.featureShape.join(', ')}]`,
    );
  }
  const size = featureShape.reduce((a, b) => a * b, 1);
  const classes = head.numClasses;
  const out: Float32Array[] = [];
  for (let start = 0; start < vectors.length; start += Math.max(1, batchSize)) {
    const chunk = vectors.slice(start, start + Math.max(1, batchSize));
    const batch = new Float32Array(chunk.length * size);
    chunk.forEach((v, i) => {
      if (v.length !== size)
        throw new RangeError(`Vector ${start + i} has ${v.length} values, not ${size}`);
      batch.set(v, i * size);
    });
    const probs = tf.tidy(() =>
      head.predictProbabilities(tf.tensor(batch, [chunk.length, ...featureShape])),
    );
    try {
      const values = await probs.data<'float32'>();
      for (let i = 0; i < chunk.length; i++) out.push(values.slice(i * classes, (i + 1) * classes));
    } finally {
      probs.dispose();
    }
  }
  return out;
}

/** The mean of several views' probabilities, image by image. */
export function averageProbabilities(views: readonly (readonly Float32Array[])[]): Float32Array[] {
  const [first, ...rest] = views;
  if (!first) return [];
  if (rest.length === 0) return [...first];
  return first.map((p, i) => {
    const sum = Float32Array.from(p);
    for (const view of rest) {
      const q = view[i];
      if (!q || q.length !== p.length) throw new RangeError(`View ${i} is missing or misshapen`);
      for (let c = 0; c < sum.length; c++) sum[c]! += q[c]!;
    }
    return sum.map((v) => v / views.length);
  });
}

/** Scores the head on a labelled test set. With no test images, accuracy is NaN and lists are empty. */
export async function evaluateHead(
  head: Head,
  test: FeatureSet & { readonly ids: readonly ContentHash[] },
  featureShape: readonly number[],
  numClasses: number,
  /** Other views' features of the same test images (test-time augmentation): probabilities averaged. */
  views: readonly (readonly Float32Array[])[] = [],
): Promise<Evaluation> {
  if (numClasses !== head.numClasses) {
    throw new RangeError(`${numClasses} classes for a head with ${head.numClasses} outputs`);
  }
  if (test.ids.length !== test.vectors.length || test.labels.length !== test.vectors.length) {
    throw new RangeError(
      `Test set has ${test.vectors.length} vectors, ${test.labels.length} labels, ${test.ids.length} ids`,
    );
  }
  const probabilities = averageProbabilities([
    await predictProbabilities(head, test.vectors, featureShape),
    ...(await Promise.all(views.map((v) => predictProbabilities(head, v, featureShape)))),
  ]);
  const predictions = probabilities.map((p, i) => {
    const predictedClass = argMax(p);
    return {
      id: test.ids[i]!,
      trueClass: test.labels[i]!,
      predictedClass,
      confidence: p[predictedClass]!,
    };
  });
  const confusion = confusionMatrix(
    test.labels,
    predictions.map((p) => p.predictedClass),
    numClasses,
  );
  const misclassified: Misclassified[] = predictions
    .filter((p) => p.predictedClass !== p.trueClass)
    .sort((a, b) => b.confidence - a.confidence);
  return {
    accuracy: accuracy(confusion),
    perClass: classReports(confusion),
    confusion,
    predictions,
    misclassified,
  };
}
