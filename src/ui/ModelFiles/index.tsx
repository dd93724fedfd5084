// Files a trained model leaves the app as: the classifier head, a full model that takes images, and
// the features for Python.
import styles from './ModelFiles.module.css';

export type ModelFileKind = 'model' | 'full' | 'features';

interface Props {
  readonly onExport: (kind: ModelFileKind) => void;
  readonly disabled: boolean;
}

export function ModelFiles({ onExport, disabled }: Props) {
  return (
    <div className={styles.box}>
      <button type="button" disabled={disabled} onClick={() => onExport('model')}>
        Export model
      </button>
      <button type="button" disabled={disabled} onClick={() => onExport('full')}>
        Export full model
      </button>
      <button type="button" disabled={disabled} onClick={() => onExport('features')}>
        Export features (NumPy)
      </button>
      <p className={styles.note}>
        <em>Export model</em>: the classifier head as a TensorFlow.js model with its labels and
        settings. <em>Full model</em>: backbone and head in one model that takes an image.{' '}
        <em>Features</em>: <code>.npy</code> files, labels and a Keras script to carry on in Python.
      </p>
    </div>
  );
}
