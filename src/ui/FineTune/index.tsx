// The "fine-tune the last block" action under the results: offered once per trained head.
import styles from './FineTune.module.css';

interface Props {
  /** The model shown is already fine-tuned. */
  readonly fineTuned: boolean;
  readonly disabled: boolean;
  readonly onStart: () => void;
}

export function FineTune({ fineTuned, disabled, onStart }: Props) {
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
          : "Trains the backbone's last block with this head (SGD, learning rate 1e-4, momentum 0.9). Its input is computed once per image and saved."}
      </span>
    </div>
  );
}
