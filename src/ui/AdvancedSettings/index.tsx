// The settings a first run does not need, folded under one "Advanced" disclosure (as Teachable
// Machine does), with a one-line digest of them so a changed value is never out of sight.
import type { ReactNode } from 'react';
import type { AugmentConfig } from '../../shared/augment';
import type { TrainConfig } from '../../shared/training';
import styles from './AdvancedSettings.module.css';

interface Props {
  /** Open or folded; the app remembers it across visits. */
  readonly open: boolean;
  readonly onToggle: (open: boolean) => void;
  readonly train: TrainConfig;
  readonly augment: AugmentConfig;
  readonly children: ReactNode;
}

/** "Adam, learning rate 0.001, batch 32, early stop after 5, augmentation off". */
export function advancedDigest(train: TrainConfig, augment: AugmentConfig): string {
  const optimizer = train.optimizer === 'adam' ? 'Adam' : 'SGD';
  const stop = train.patience === 0 ? 'no early stop' : `early stop after ${train.patience}`;
  const views = augment.views === 0 ? 'augmentation off' : `${augment.views} augmented views`;
  return [
    `${train.head} head`,
    optimizer,
    `learning rate ${train.learningRate}`,
    `batch ${train.batchSize}`,
    stop,
    views,
    ...(augment.testTimeFlip ? ['test-time flip'] : []),
  ].join(', ');
}

export function AdvancedSettings({ open, onToggle, train, augment, children }: Props) {
  return (
    <details
      className={styles.advanced}
      open={open}
      onToggle={(e) => onToggle(e.currentTarget.open)}
      data-testid="advanced-settings"
    >
      <summary className={styles.summary}>
        <span className={styles.title}>Advanced</span>
        <span className={styles.digest} data-testid="advanced-digest">
          {advancedDigest(train, augment)}
        </span>
      </summary>
      <div className={styles.body}>{children}</div>
    </details>
  );
}
