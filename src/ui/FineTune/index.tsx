// The "fine-tune the last block" action under the results: offered once per trained head, with what
// it will cost (storage, extraction and epoch time) measured on one batch, on request, before anything starts.
import { useEffect, useRef, useState } from 'react';
import type { FineTuneEstimate } from '../../shared/engine';
import styles from './FineTune.module.css';
import { describeEstimate } from './describeEstimate';

interface Props {
  /** The model shown is already fine-tuned. */
  readonly fineTuned: boolean;
  readonly disabled: boolean;
  readonly onStart: () => void;
  /** Measures the cost on one batch, on request; an answer holds until `measureKey` changes (a new head, new settings). */
  readonly measure: () => Promise<FineTuneEstimate>;
  readonly measureKey: string;
}

export function FineTune({ fineTuned, disabled, onStart, measure, measureKey }: Props) {
  // Measured on request, not after every training: on a software GPU one measurement compiles the
  // gradient shaders and keeps the worker busy for minutes the person did not ask to spend.
  const [estimate, setEstimate] = useState<{ key: string; text: string } | null>(null);
  const [measuring, setMeasuring] = useState<string | null>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const measureNow = () => {
    const key = measureKey;
    setMeasuring(key);
    measure()
      .then(
        (e) => live.current && setEstimate({ key, text: describeEstimate(e) }),
        (error: unknown) =>
          live.current &&
          setEstimate({
            key,
            text: `Cannot fine-tune this backbone: ${error instanceof Error ? error.message : String(error)}`,
          }),
      )
      .finally(() => live.current && setMeasuring(null));
  };
  const current = estimate?.key === measureKey ? estimate.text : null;
  return (
    <div className={styles.row}>
      <button
        type="button"
        disabled={disabled || fineTuned}
        onClick={onStart}
        data-testid="fine-tune"
      >
        Fine-tune the last block
      </button>
      <span className={styles.muted}>
        {fineTuned
          ? 'This model is fine-tuned; train a new head to fine-tune again.'
          : "Trains the backbone's last block with this head (SGD, learning rate 1e-4, momentum 0.9), with the augmented views and test-time flip if they are on. Its input is computed once per image and saved."}
      </span>
      {!fineTuned && (
        <span className={styles.muted} data-testid="fine-tune-estimate">
          {current ??
            (measuring === measureKey ? (
              'Measuring the cost on one batch…'
            ) : (
              <button
                type="button"
                disabled={disabled || measuring !== null}
                onClick={measureNow}
                data-testid="fine-tune-measure"
              >
                What will it cost?
              </button>
            ))}
        </span>
      )}
    </div>
  );
}
