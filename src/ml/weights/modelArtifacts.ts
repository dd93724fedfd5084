// A model's save artifacts (topology, weight specs, weight bytes) captured in memory: installed
// weights, saved heads, exported models. Its own module, apart from the .h5 conversion, so what
// saves a model does not load h5wasm with it.
import * as tf from '@tensorflow/tfjs';

/** The artifacts `model.save` would hand a save handler, captured in memory. */
export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured === null) throw new Error('tfjs did not hand over the model artifacts');
  return captured;
}
