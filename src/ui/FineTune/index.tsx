// The "fine-tune the last block" action under the results: offered once per trained head, with what
// it will cost (storage, extraction and epoch time) measured on one batch before anything starts.
import { useEffect, useState } from 'react';
import type { FineTuneEstimate } from '../../shared/engine';
import styles from './FineTune.module.css';
import { describeEstimate } from './describeEstimate';

interface Props {
  /** The model shown is already fine-tuned. */
  readonly fineTuned: boolean;
  readonly disabled: boolean;
  readonly onStart: () => void;
  /** Measures the cost on one batch; called again when `measureKey` changes (a new head, new settings). */
  readonly measure: () => Promise<FineTuneEstimate>;
  readonly measureKey: string;
}

export function FineTune({ fineTuned, disabled, onStart, measure, measureKey }: Props) {
  const [estimate, setEstimate] = useState<{ key: string; text: string } | null>(null);
  const wanted = !fineTuned && !disabled;
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    measure().then(
      (e) => live && setEstimate({ key: measureKey, text: describeEstimate(e) }),
      (error: unknown) =>
        live &&
        setEstimate({
          key: measureKey,
          text: `Cannot fine-tune this backbone: ${error instanceof Error ? error.message : String(error)}`,
        }),
    );
    return () => {
      live = false;
    };
    // measure is a new function each render; the key says when the answer would differ.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [measureKey, wanted]);
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
          {estimate?.key === measureKey ? estimate.text : 'Measuring the cost on one batch…'}
        </span>
      )}
    </div>
  );
}
