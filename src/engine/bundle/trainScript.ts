// The Python side of a features export: a Keras script that trains the same head on the exported
// features, and a README that says how to carry on at scale. The features are always the stock
// backbone's (the cache's): after fine-tuning both say so, and how to redo the fine-tuning in Keras.
import type { TunedBlockMetadata } from './metadata';

/** What fine-tuning did, for a reader of the features export; empty when the model is not fine-tuned. */
export function fineTuneNote(tuned: TunedBlockMetadata | undefined): string {
  if (!tuned) return '';
  const text = `Fine-tuning: this model was fine-tuned in Graft, but these features are the STOCK
backbone's: the tuned block is not in them. Graft trained the layers ${tuned.layers.join(', ')}
(taking the output of ${tuned.frozenLayer}, shape [${tuned.inputShape.join(', ')}]) together with
the head, by SGD at a low learning rate (the app's: 1e-4, momentum 0.9), batch-norm layers in
inference mode. A head trained on these features is the model before fine-tuning. To fine-tune in
Keras: load the backbone (e.g. keras.applications.VGG16(include_top=False)), set trainable = False
on every layer before
${tuned.layers[0]}, put this head on top, train the head first, then compile with
keras.optimizers.SGD(learning_rate=1e-4, momentum=0.9) and fit on the images (not on these
features) for a few epochs, calling the backbone with training=False. Graft's "Export model" holds
the fine-tuned model itself.`;
  return `${text}\n\n`;
}

export function trainScript(
  kind: 'pooled' | 'flatten',
  rank: number,
  tuned?: TunedBlockMetadata,
): string {
  const first =
    rank === 1
      ? ''
      : kind === 'flatten'
        ? '        keras.layers.Flatten(),\n'
        : rank === 2
          ? '        keras.layers.GlobalAveragePooling1D(),\n'
          : '        keras.layers.GlobalAveragePooling2D(),\n';
  return `"""Train Graft's classifier head with Keras on features exported from Graft.

Usage: python3 train.py [--epochs 30] [--batch-size 32] [--learning-rate 0.001]
Needs numpy and tensorflow (pip install numpy tensorflow).

${fineTuneNote(tuned)}"""
import argparse
import csv

import numpy as np


def load(folder="."):
    features = np.load(f"{folder}/features.npy")
    with open(f"{folder}/labels.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    index_to_class = {int(r["class_index"]): r["class"] for r in rows}
    classes = [index_to_class[i] for i in sorted(index_to_class)]
    labels = np.array([int(r["class_index"]) for r in rows])
    splits = np.array([r["split"] for r in rows])
    return features, labels, splits, classes


def build_head(feature_shape, num_classes):
    from tensorflow import keras

    return keras.Sequential(
        [
            keras.Input(shape=feature_shape),
${first}            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(num_classes, activation="softmax"),
        ]
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    args = parser.parse_args()

    from tensorflow import keras

    x, y, split, classes = load()
    model = build_head(x.shape[1:], len(classes))
    model.compile(
        optimizer=keras.optimizers.Adam(args.learning_rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    train, val, test = split == "train", split == "val", split == "test"
    model.fit(
        x[train],
        y[train],
        validation_data=(x[val], y[val]) if val.any() else None,
        epochs=args.epochs,
        batch_size=args.batch_size,
        callbacks=[keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)] if val.any() else [],
    )
    if test.any():
        loss, accuracy = model.evaluate(x[test], y[test], verbose=0)
        print(f"test accuracy {accuracy:.3f} on {int(test.sum())} images; classes: {classes}")
    model.save("head.keras")


if __name__ == "__main__":
    main()
`;
}

export function featuresReadme(
  settings: string,
  n: number,
  shape: readonly number[],
  tuned?: TunedBlockMetadata,
): string {
  return `# Features exported from Graft

${fineTuneNote(tuned)}
- \`features.npy\`: float32, shape [${n}, ${shape.join(', ')}], one row per image (${settings}).
- \`labels.csv\`: one line per row of features.npy, in the same order: file name, content hash
  (SHA-256 of the image bytes), class, class index, split (train / val / test).
- \`train.py\`: trains the same head as Graft with Keras: \`pip install numpy tensorflow\`, then
  \`python3 train.py\`.

\`\`\`python
import numpy as np
x = np.load("features.npy")   # (${n}, ${shape.join(', ')})
\`\`\`

## Beyond one machine

The script runs anywhere TensorFlow does. For several GPUs on one machine, build and compile the
model inside \`tf.distribute.MirroredStrategy().scope()\`; for a cluster, use
\`tf.distribute.MultiWorkerMirroredStrategy\` (https://www.tensorflow.org/guide/distributed_training)
or wrap the training function in Ray Train's \`TensorflowTrainer\`
(https://docs.ray.io/en/latest/train/getting-started-tensorflow.html).
`;
}
