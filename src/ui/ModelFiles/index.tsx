// Files a trained model leaves the app as: the model that takes images ("Export model", what people
// coming from Teachable Machine or Create ML expect), the head alone (takes the backbone's features),
// and the features for Python. A model trained on generated weights is said to be one, before the
// click: the file would work and mean nothing.
import { weightsTrust, type BackboneInfo } from '../../shared/backbone';
import styles from './ModelFiles.module.css';

export type ModelFileKind = 'image-model' | 'head-only' | 'features';

interface Props {
  readonly onExport: (kind: ModelFileKind) => void;
  readonly disabled: boolean;
  /** The backbone the model was trained on. */
  readonly backbone: BackboneInfo;
}

export function ModelFiles({ onExport, disabled, backbone }: Props) {
  const untrained = weightsTrust(backbone) === 'untrained';
  return (
    <div className={styles.box}>
      {untrained && (
        <p className={styles.warning} role="note" data-testid="export-warning">
          <strong>Trained on generated (untrained) weights.</strong> An export works as a file but
          its predictions are meaningless: use it to try the format, not to classify anything.
          Install real {backbone.name} weights and train again for a model worth exporting.
        </p>
      )}
      <div className={styles.buttons}>
        <button type="button" disabled={disabled} onClick={() => onExport('image-model')}>
          Export model
        </button>
        <button type="button" disabled={disabled} onClick={() => onExport('head-only')}>
          Export head only (takes features)
        </button>
        <button type="button" disabled={disabled} onClick={() => onExport('features')}>
          Export features (NumPy)
        </button>
      </div>
      <p className={styles.note}>
        <em>Model</em>: one TensorFlow.js model that takes an image ({backbone.inputSize} x{' '}
        {backbone.inputSize} RGB) and gives class probabilities: preprocessing, backbone and head
        together, with its labels and settings. <em>Head only</em>: the small classifier alone,
        which takes {backbone.name} features, not images. <em>Features</em>: <code>.npy</code>{' '}
        files, labels and a Keras script to carry on in Python. <em>Import model</em> (under
        Projects) takes back either model file when this browser has the same {backbone.name}{' '}
        weights.
      </p>
    </div>
  );
}
