// Try the trained model on one new image: drop or pick it, see the top-3 classes and a verdict (the
// top class, or "not sure" below the model's confidence floor). The last one stays shown (and is
// restored with the project after a reload) until the next one or a new model.
import { useState, type DragEvent } from 'react';
import { floorWords, isSure, type ConfidenceFloor } from '../../shared/confidence';
import type { PredictOutcome } from '../../shared/engine';
import { percent } from '../format';
import { Thumb } from '../Thumb';
import { WeightsWarning } from '../WeightsWarning';
import type { BackboneInfo } from '../../shared/backbone';
import type { SavedPrediction } from '../../shared/project';
import styles from './PredictImage.module.css';
import { errorMessage } from '../../shared/text';
import type { Evidence } from '../../shared/evidence';
import { ShowEvidence } from '../Evidence';

interface Props {
  readonly classNames: readonly string[];
  readonly predict: (file: Blob) => Promise<PredictOutcome>;
  /** The last prediction made with this model (restored with the project after a reload). */
  readonly last: SavedPrediction | null;
  /** A prediction succeeded: the page shows it as `last` and keeps it with the project. */
  readonly onPredicted: (file: File, top: PredictOutcome['top']) => void;
  /** The backbone the model was trained on: its weights say what a prediction is worth. */
  readonly backbone: BackboneInfo;
  /** The model's "not sure" level; null when it has none. */
  readonly floor: ConfidenceFloor | null;
  readonly onOpenWeights?: () => void;
  /** Explains an image for a class (null: the predicted one); no "Show evidence" without it. */
  readonly explain?: (
    image: Blob,
    classIndex: number | null,
    layer: string | null,
  ) => Promise<Evidence>;
}

/** What is in flight here; a finished prediction is the page's (`last`). */
type State =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly file: File }
  | { readonly kind: 'failed'; readonly file: File; readonly message: string };

export function PredictImage({
  classNames,
  predict,
  last,
  onPredicted,
  backbone,
  floor,
  onOpenWeights,
  explain,
}: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  const run = async (file: File | undefined) => {
    if (!file) return;
    setState({ kind: 'running', file });
    try {
      const outcome = await predict(file);
      setState({ kind: 'idle' });
      onPredicted(file, outcome.top);
    } catch (error) {
      setState({
        kind: 'failed',
        file,
        message: errorMessage(error),
      });
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    void run(event.dataTransfer.files[0]);
  };

  return (
    <div className={styles.box} onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
      <label className={styles.pick}>
        Drop an image here, or <span className={styles.link}>choose one</span>
        <input
          className={styles.input}
          type="file"
          accept="image/*"
          aria-label="Image to classify"
          onChange={(e) => void run(e.currentTarget.files?.[0])}
        />
      </label>
      {state.kind !== 'idle' ? (
        <div className={styles.result}>
          <Thumb blob={state.file} alt={state.file.name} size={112} />
          <div>
            <div className={styles.name}>{state.file.name}</div>
            {state.kind === 'running' && <p>Classifying…</p>}
            {state.kind === 'failed' && (
              <p role="alert">Could not classify this image: {state.message}</p>
            )}
          </div>
        </div>
      ) : (
        last && (
          <div className={styles.result}>
            {/* A project that does not keep images keeps the name and the result, not the picture. */}
            <Thumb blob={last.image ?? undefined} alt={last.name} size={112} />
            <div>
              <div className={styles.name}>{last.name}</div>
              <Verdict top={last.top} classNames={classNames} floor={floor} />
              <ol className={styles.top} data-testid="prediction">
                {last.top.map((p) => (
                  <li
                    key={p.classIndex}
                    data-class={classNames[p.classIndex]}
                    data-probability={p.probability}
                  >
                    <span
                      className={styles.bar}
                      style={{ width: `${Math.round(p.probability * 100)}%` }}
                    />
                    <span className={styles.label}>
                      {classNames[p.classIndex]} <strong>{percent(p.probability)}</strong>
                    </span>
                  </li>
                ))}
              </ol>
              <WeightsWarning
                backbone={backbone}
                subject="This prediction"
                onOpenWeights={onOpenWeights}
              />
              {explain && <PredictionEvidence last={last} explain={explain} />}
            </div>
          </div>
        )
      )}
    </div>
  );
}

function Verdict({
  top: ranked,
  classNames,
  floor,
}: {
  readonly top: PredictOutcome['top'];
  readonly classNames: readonly string[];
  readonly floor: ConfidenceFloor | null;
}) {
  const top = ranked[0];
  if (!top) return null;
  const name = classNames[top.classIndex];
  const sure = isSure(floor, top.probability);
  return (
    <>
      <p className={styles.verdict} data-testid="prediction-top" data-sure={String(sure)}>
        {sure ? (
          <strong>{name}</strong>
        ) : (
          <>
            <strong>Not sure</strong>{' '}
            <span className={styles.guess}>
              best guess {name} {percent(top.probability)}
            </span>
          </>
        )}
      </p>
      <p className={styles.floor}>{floorWords(floor)}</p>
    </>
  );
}

/**
 * The last prediction's evidence, from the picked file (after a reload, from the thumbnail the
 * project kept); a project that keeps no images has neither, and says so.
 */
function PredictionEvidence({
  last,
  explain,
}: {
  readonly last: SavedPrediction;
  readonly explain: NonNullable<Props['explain']>;
}) {
  const image = last.image;
  if (!image) {
    return (
      <p className={styles.floor}>
        Evidence needs the picture: this project keeps no images, so choose it again.
      </p>
    );
  }
  return (
    <ShowEvidence
      photo={image}
      label={last.name}
      explain={(c, layer) => explain(image, c, layer)}
    />
  );
}
