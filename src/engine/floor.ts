// The confidence floor of a model just trained or fine-tuned (shared/confidence.ts), measured on its
// held-out predictions: validation's, computed here, and test's, from the evaluation already made.
// Validation is predicted without test-time flip (mirrored features are extracted for test images
// only), so with flip on the floor comes from single views, whose confidences spread a little wider.
import { measureConfidenceFloor, type ConfidenceFloor } from '../shared/confidence';
import type { ContentHash } from '../shared/brand';
import type { Evaluation } from '../shared/training';
import { evaluateHead } from '../ml/head/evaluate';
import type { Head } from '../ml/head/head';
import type { FeatureSet } from '../ml/head/train';

export async function heldOutFloor(
  head: Head,
  validation: FeatureSet & { readonly ids: readonly ContentHash[] },
  onTest: Evaluation,
  featureShape: readonly number[],
): Promise<ConfidenceFloor> {
  const onValidation = await evaluateHead(head, validation, featureShape, head.numClasses);
  return measureConfidenceFloor(onValidation.predictions, onTest.predictions);
}
