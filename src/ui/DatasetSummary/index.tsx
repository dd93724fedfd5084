// The imported dataset at a glance: classes with counts, split and thumbnails; problems; skipped
// files with the reason for each. Names come from the person's files and are only ever rendered as
// text (React escapes them); long lists are windowed so 10,000 files keep the page responsive.
import { useMemo } from 'react';
import type {
  DatasetImage,
  DatasetProblem,
  LabelConflict,
  SkippedFile,
} from '../../shared/dataset';
import type { ImportResult } from '../../shared/engine';
import { describeSkipped } from './skipWords';
import { plural } from '../format';
import { isBlocking, problemLines } from './problemWords';
import { ClassTable } from './ClassTable';
import { SkippedList } from './SkippedList';
import { VirtualList } from './VirtualList';
import styles from './DatasetSummary.module.css';

const CONFLICT_ROW_HEIGHT = 44;

interface Props {
  readonly dataset: ImportResult;
  readonly filesByPath: ReadonlyMap<string, Blob>;
  readonly decodeFailures: readonly { readonly path: string; readonly detail: string }[];
}

export function isTrainable(problems: readonly DatasetProblem[]): boolean {
  return !problems.some(isBlocking);
}

export function DatasetSummary({ dataset, filesByPath, decodeFailures }: Props) {
  const { manifest, problems } = dataset;
  const byClass = useMemo(() => {
    const groups: DatasetImage[][] = manifest.classes.map(() => []);
    for (const image of manifest.images) groups[image.classIndex]?.push(image);
    return groups;
  }, [manifest]);
  const totals = manifest.classes.reduce(
    (t, c) => ({
      train: t.train + c.counts.train,
      val: t.val + c.counts.val,
      test: t.test + c.counts.test,
    }),
    { train: 0, val: 0, test: 0 },
  );
  const skipped: readonly SkippedFile[] = useMemo(
    () => [
      ...manifest.skipped,
      ...decodeFailures.map((f) => ({
        path: f.path,
        reason: 'unreadable' as const,
        detail: f.detail,
      })),
    ],
    [manifest, decodeFailures],
  );

  return (
    <div className={styles.summary}>
      <p className={styles.headline}>
        {plural(manifest.images.length, 'image')} in{' '}
        {plural(manifest.classes.length, 'class', 'classes')} · split{' '}
        <strong>{totals.train}</strong> train / <strong>{totals.val}</strong> validation /{' '}
        <strong>{totals.test}</strong> test
        {manifest.duplicatesMerged > 0 && (
          <> · {plural(manifest.duplicatesMerged, 'duplicate')} merged</>
        )}
      </p>

      {problems.length > 0 && (
        <ul className={styles.problems}>
          {problemLines(problems).map(({ text, blocking }, i) => (
            <li
              key={i}
              className={blocking ? styles.error : styles.warning}
              role={blocking ? 'alert' : undefined}
            >
              {text}
            </li>
          ))}
        </ul>
      )}

      <ClassTable classes={manifest.classes} byClass={byClass} filesByPath={filesByPath} />

      {manifest.conflicts.length > 0 && (
        <details className={styles.details}>
          <summary>Same image under several classes ({manifest.conflicts.length})</summary>
          <VirtualList
            items={manifest.conflicts}
            rowHeight={CONFLICT_ROW_HEIGHT}
            viewportHeight={320}
            label="Images under several classes"
            className={styles.conflictRow}
            rowKey={(c: LabelConflict) => c.id}
            renderRow={(c: LabelConflict) => (
              <div title={c.paths.join('\n')}>
                <div className={styles.fileLine}>{c.paths.join(' · ')}</div>
                <div className={styles.reasonLine}>
                  Left out of training: filed under{' '}
                  {c.classNames.map((n) => `"${n}"`).join(' and ')}
                </div>
              </div>
            )}
          />
        </details>
      )}

      <details className={styles.details}>
        <summary>
          <span data-testid="skipped-count" hidden>
            {skipped.length}
          </span>
          {skipped.length === 0 ? 'No files skipped' : describeSkipped(skipped)}
        </summary>
        {skipped.length > 0 && <SkippedList skipped={skipped} />}
      </details>
    </div>
  );
}
