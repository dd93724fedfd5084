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
import styles from './Evaluation.module.css';

interface Props {
  readonly outcome: TrainOutcome;
  readonly manifest: DatasetManifest;
  readonly filesByPath: ReadonlyMap<string, Blob>;
  /** Opens the Weights panel, offered when the backbone's weights are generated. */
  readonly onOpenWeights?: () => void;
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

interface Cell {
  readonly trueClass: number;
  readonly predictedClass: number;
}

export function Evaluation({ outcome, manifest, filesByPath, onOpenWeights }: Props) {
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
                <figcaption>{percent(p.confidence)}</figcaption>
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
                </figcaption>
              </figure>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

/** Past this many classes a full matrix is unreadable (and thousands of buttons): list the top confusions. */
const MAX_MATRIX_CLASSES = 30;
const TOP_CONFUSIONS = 20;

interface MatrixProps {
  readonly names: readonly string[];
  readonly confusion: readonly (readonly number[])[];
  readonly onSelect: (cell: Cell) => void;
}

function ConfusionMatrix({
  names,
  confusion,
  selected,
  onSelect,
}: MatrixProps & { selected: Cell | null }) {
  const maxCell = Math.max(1, ...confusion.flat());
  return (
    <table className={styles.confusion} data-testid="confusion-matrix">
      <caption>
        Confusion matrix: rows are true classes, columns predicted. Click a cell to see its images.
      </caption>
      <thead>
        <tr>
          <th scope="col">true ↓ / predicted →</th>
          {names.map((n) => (
            <th scope="col" key={n} className={styles.colName}>
              {n}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.map((row, t) => (
          <tr key={names[t]}>
            <th scope="row">{names[t]}</th>
            {row.map((count, p) => (
              <td key={p}>
                <button
                  type="button"
                  className={`${styles.cell} ${t === p ? styles.diagonal : ''}`}
                  style={{ ['--strength' as string]: String(count / maxCell) }}
                  aria-label={`${count} ${names[t]} predicted as ${names[p]}`}
                  aria-pressed={selected?.trueClass === t && selected.predictedClass === p}
                  onClick={() => onSelect({ trueClass: t, predictedClass: p })}
                >
                  {count}
                </button>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TopConfusions({ names, confusion, onSelect }: MatrixProps) {
  const pairs = confusion
    .flatMap((row, t) => row.map((count, p) => ({ t, p, count })))
    .filter(({ t, p, count }) => t !== p && count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, TOP_CONFUSIONS);
  return (
    <div data-testid="confusion-matrix">
      <p className={styles.muted}>
        With {names.length} classes the full matrix would be unreadable; the most frequent
        confusions are:
      </p>
      {pairs.length === 0 ? (
        <p className={styles.muted}>No test image was confused with another class.</p>
      ) : (
        <ol>
          {pairs.map(({ t, p, count }) => (
            <li key={`${t}-${p}`}>
              <button type="button" onClick={() => onSelect({ trueClass: t, predictedClass: p })}>
                {names[t]} → {names[p]}: {count}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
