// Says, beside a result, when the backbone behind it has no real weights: an accuracy from random
// features looks like a result and is not one. One click leads to the Weights panel.
import { weightsTrust, type BackboneInfo } from '../../shared/backbone';
import styles from './WeightsWarning.module.css';

interface Props {
  readonly backbone: BackboneInfo | null;
  /** What the result is: "This accuracy", "This prediction". */
  readonly subject: string;
  /** Opens the Weights panel; absent when the backbone has none (an imported one). */
  readonly onOpenWeights?: () => void;
}

export function WeightsWarning({ backbone, subject, onOpenWeights }: Props) {
  const trust = weightsTrust(backbone);
  if (trust === 'pretrained') return null;
  return (
    <div className={styles.warning} role="note" data-testid="weights-warning">
      <p className={styles.text}>
        <strong>{subject} is meaningless.</strong>{' '}
        {trust === 'untrained'
          ? `${backbone?.name ?? 'The backbone'} ran on generated (untrained) weights, for testing only: its features are random, so the result says nothing about your photos.`
          : 'The weights behind it are unknown, so the result cannot be trusted.'}{' '}
        Install real weights, then train again.
      </p>
      {onOpenWeights && (
        <button type="button" className={styles.button} onClick={onOpenWeights}>
          Get real weights
        </button>
      )}
    </div>
  );
}
