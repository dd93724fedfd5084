// How good the model is on the held-out test split: accuracy, per-class report, confusion matrix
// (click a cell to see its images) and the misclassified images.
import { useMemo, useState } from 'react';
import type { ContentHash } from '../../shared/brand';
import type { DatasetManifest } from '../../shared/dataset';
import type { TrainOutcome } from '../../shared/engine';
import type { DataFixSummary } from '../../shared/training';
import { wilsonInterval } from '../../shared/stats';
import { percent, plural } from '../format';
import { PerClassTable } from '../PerClassTable';
import { ScrollBox } from '../ScrollBox';
import { Thumb } from '../Thumb';
import { WeightsWarning } from '../WeightsWarning';
import { weightsTrust } from '../../shared/backbone';
import type { ExplainById } from '../../shared/evidence';
import { ShowEvidence } from '../Evidence';
import { ConfusionMatrix, MAX_MATRIX_CLASSES, TopConfusions, type Cell } from './ConfusionMatrix';
import styles from './Evaluation.module.css';

interface Props {
  readonly outcome: TrainOutcome;
  readonly manifest: DatasetManifest;
  readonly filesByPath: ReadonlyMap<string, Blob>;
  /** Opens the Weights panel, offered when the backbone's weights are generated. */
  readonly onOpenWeights?: () => void;
  /** Explains test image `id` for a class (null: the predicted one); no "Show evidence" without it. */
  readonly explain?: ExplainById;
}

const STOP_WORDS = {
  completed: 'ran every epoch',
  'early-stopped': 'stopped early: validation loss stopped improving',
  'stopped-by-user': 'stopped by you',
} as const;

/** What Check data changed in the split this model was tested on; nothing when it changed nothing. */
function DataFixesLine({ fixes }: { readonly fixes: DataFixSummary | undefined }) {
  if (!fixes || (fixes.edits === 0 && fixes.movedForLeaks === 0)) return null;
  return (
    <p className={styles.muted}>
      Trained and tested after {plural(fixes.edits, 'data fix', 'data fixes')};{' '}
      <span data-testid="run-leak-count">{fixes.movedForLeaks}</span>{' '}
      {fixes.movedForLeaks === 1 ? 'image' : 'images'} moved between train, validation and test to
      keep near-duplicate groups on one side of the split.
    </p>
  );
}

export function Evaluation({ outcome, manifest, filesByPath, onOpenWeights, explain }: Props) {
  const { evaluation, result } = outcome;
  const [cell, setCell] = useState<Cell | null>(null);
  const pathOf = useMemo(
    () => new Map<ContentHash, string>(manifest.images.map((i) => [i.id, i.path])),
    [manifest],
  );
  const names = manifest.classes.map((c) => c.name);
  const testCount = evaluation.predictions.length;
  const correct = evaluation.predictions.filter((p) => p.predictedClass === p.trueClass).length;
  const interval = wilsonInterval(correct, testCount);
  const cellImages = cell
    ? evaluation.predictions.filter(
        (p) => p.trueClass === cell.trueClass && p.predictedClass === cell.predictedClass,
      )
    : [];
  const evidenceFor = (id: ContentHash) =>
    explain && (
      <ShowEvidence
        photo={filesByPath.get(pathOf.get(id) ?? '')}
        label={pathOf.get(id) ?? ''}
        explain={(c, layer) => explain(id, c, layer)}
      />
    );

  return (
    <div className={styles.eval}>
      <div className={styles.headline}>
        <div>
          <div
            className={
              weightsTrust(outcome.backbone) === 'pretrained' ? styles.big : styles.bigMeaningless
            }
            data-testid="test-accuracy"
          >
            {percent(evaluation.accuracy)}
          </div>
          <div className={styles.muted}>
            test accuracy: {correct} of {plural(testCount, 'held-out image')}
          </div>
          {testCount > 0 && (
            <div className={styles.muted} data-testid="test-interval">
              95% interval {percent(interval.low)} to {percent(interval.high)} (Wilson)
            </div>
          )}
        </div>
        <p className={styles.muted}>
          Kept the weights of epoch {result.bestEpoch} (best validation loss); training{' '}
          {STOP_WORDS[result.stopReason]}. Chance level is {percent(1 / Math.max(1, names.length))}.
        </p>
      </div>
      <DataFixesLine fixes={outcome.run.dataFixes} />
      <WeightsWarning
        backbone={outcome.backbone}
        subject="This accuracy"
        onOpenWeights={onOpenWeights}
      />

      <div className={styles.columns}>
        <PerClassTable
          caption="Per class (test split)"
          classNames={names}
          perClass={evaluation.perClass}
          withF1
        />

        {names.length <= MAX_MATRIX_CLASSES ? (
          <ScrollBox label="Confusion matrix">
            <ConfusionMatrix
              names={names}
              confusion={evaluation.confusion}
              selected={cell}
              onSelect={setCell}
            />
          </ScrollBox>
        ) : (
          <TopConfusions names={names} confusion={evaluation.confusion} onSelect={setCell} />
        )}
      </div>

      {cell && (
        <section aria-label="Images in the selected cell">
          <h3 className={styles.h3}>
            True {names[cell.trueClass]}, predicted {names[cell.predictedClass]} (
            {cellImages.length})
          </h3>
          <div className={styles.gallery}>
            {cellImages.map((p) => (
              <figure key={p.id} className={styles.figure}>
                <Thumb
                  blob={filesByPath.get(pathOf.get(p.id) ?? '')}
                  alt={pathOf.get(p.id) ?? ''}
                  size={96}
                />
                <figcaption>
                  {percent(p.confidence)}
                  {evidenceFor(p.id)}
                </figcaption>
              </figure>
            ))}
          </div>
        </section>
      )}

      <section aria-label="Misclassified test images">
        <h3 className={styles.h3}>Misclassified test images ({evaluation.misclassified.length})</h3>
        {evaluation.misclassified.length === 0 ? (
          <p className={styles.muted}>None: every test image was classified correctly.</p>
        ) : (
          <div className={styles.gallery} data-testid="misclassified">
            {evaluation.misclassified.map((m) => (
              <figure key={m.id} className={styles.figure}>
                <Thumb
                  blob={filesByPath.get(pathOf.get(m.id) ?? '')}
                  alt={pathOf.get(m.id) ?? ''}
                  size={96}
                />
                <figcaption>
                  <span className={styles.truth}>{names[m.trueClass]}</span>
                  <span>
                    → {names[m.predictedClass]} {percent(m.confidence)}
                  </span>
                  {evidenceFor(m.id)}
                </figcaption>
              </figure>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
