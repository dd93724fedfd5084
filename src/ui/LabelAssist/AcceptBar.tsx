// "Accept every suggestion at or above P%", with what it would do said before it is done: how many
// photos, and how often the model was right at that confidence on held-out images (validation and
// test), never judged from the suggestions themselves.
import type { AcceptPreview } from '../../shared/labelAssist';
import { plural } from '../format';
import styles from './LabelAssist.module.css';

interface Props {
  readonly threshold: number;
  readonly onThreshold: (percent: number) => void;
  readonly preview: AcceptPreview | null;
  readonly heldOut: number;
  readonly disabled: boolean;
  readonly onAccept: () => void;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function words(preview: AcceptPreview | null, heldOut: number): string {
  if (!preview) return 'No suggestions to accept yet.';
  const photos = plural(preview.count, 'photo');
  const estimate =
    preview.precision === null || preview.low === null || preview.high === null
      ? `no held-out image reaches ${pct(preview.threshold)}, so there is no estimate of how often it is right`
      : `on ${plural(preview.support, 'held-out image')} at that confidence the model was right ${pct(preview.precision)} of the time (95% interval ${pct(preview.low)}–${pct(preview.high)})`;
  return `${photos} at or above ${pct(preview.threshold)}; ${estimate}. Held-out images in all: ${heldOut}.`;
}

export function AcceptBar({ threshold, onThreshold, preview, heldOut, disabled, onAccept }: Props) {
  const valid = Number.isFinite(threshold) && threshold >= 0 && threshold <= 100;
  return (
    <div className={styles.acceptBar}>
      <label className={styles.threshold}>
        At or above (%)
        <input
          type="number"
          min={0}
          max={100}
          step={1}
          value={Number.isFinite(threshold) ? threshold : ''}
          onChange={(e) => onThreshold(e.currentTarget.valueAsNumber)}
        />
      </label>
      <button
        type="button"
        disabled={disabled || !valid || !preview || preview.count === 0}
        onClick={onAccept}
      >
        Accept suggestions
      </button>
      <p className={styles.preview} data-testid="accept-preview" aria-live="polite">
        {valid ? words(preview, heldOut) : 'Type a percentage from 0 to 100.'}
      </p>
    </div>
  );
}
