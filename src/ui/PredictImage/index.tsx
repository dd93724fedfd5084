// Try the trained model on one new image: drop or pick it, see the top-3 classes, and a verdict: the
// top class, or "not sure" when its probability is below the model's confidence floor.
import { useState, type DragEvent } from 'react';
import { floorWords, isSure, type ConfidenceFloor } from '../../shared/confidence';
import type { PredictOutcome } from '../../shared/engine';
import { percent } from '../format';
import { Thumb } from '../Thumb';
import { WeightsWarning } from '../WeightsWarning';
import type { BackboneInfo } from '../../shared/backbone';
import styles from './PredictImage.module.css';
import { errorMessage } from '../../shared/text';

interface Props {
  readonly classNames: readonly string[];
  readonly predict: (file: Blob) => Promise<PredictOutcome>;
  /** The backbone the model was trained on: its weights say what a prediction is worth. */
  readonly backbone: BackboneInfo;
  /** The model's "not sure" level; null when it has none. */
  readonly floor: ConfidenceFloor | null;
  readonly onOpenWeights?: () => void;
}

type State =
  | { readonly kind: 'empty' }
  | { readonly kind: 'running'; readonly file: File }
  | { readonly kind: 'done'; readonly file: File; readonly outcome: PredictOutcome }
  | { readonly kind: 'failed'; readonly file: File; readonly message: string };

export function PredictImage({ classNames, predict, backbone, floor, onOpenWeights }: Props) {
  const [state, setState] = useState<State>({ kind: 'empty' });

  const run = async (file: File | undefined) => {
    if (!file) return;
    setState({ kind: 'running', file });
    try {
      setState({ kind: 'done', file, outcome: await predict(file) });
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
      {state.kind !== 'empty' && (
        <div className={styles.result}>
          <Thumb blob={state.file} alt={state.file.name} size={112} />
          <div>
            <div className={styles.name}>{state.file.name}</div>
            {state.kind === 'running' && <p>Classifying…</p>}
            {state.kind === 'failed' && (
              <p role="alert">Could not classify this image: {state.message}</p>
            )}
            {state.kind === 'done' && (
              <Verdict outcome={state.outcome} classNames={classNames} floor={floor} />
            )}
            {state.kind === 'done' && (
              <ol className={styles.top} data-testid="prediction">
                {state.outcome.top.map((p) => (
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
            )}
            {state.kind === 'done' && (
              <WeightsWarning
                backbone={backbone}
                subject="This prediction"
                onOpenWeights={onOpenWeights}
              />
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function Verdict({
  outcome,
  classNames,
  floor,
}: {
  readonly outcome: PredictOutcome;
  readonly classNames: readonly string[];
  readonly floor: ConfidenceFloor | null;
}) {
  const top = outcome.top[0];
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
