// The imported dataset at a glance: classes with counts, split and thumbnails; problems; skipped files.
import { useMemo } from 'react';
import type { DatasetImage, DatasetProblem, SkippedFile } from '../../shared/dataset';
import type { ImportResult } from '../../shared/engine';
import { describeSkipped } from '../../data/ingest';
import { plural } from '../format';
import { Thumb } from '../Thumb';
import styles from './DatasetSummary.module.css';

const THUMBS_PER_CLASS = 5;
const MAX_LISTED = 500;

interface Props {
  readonly dataset: ImportResult;
  readonly filesByPath: ReadonlyMap<string, Blob>;
  readonly decodeFailures: readonly { readonly path: string; readonly detail: string }[];
}

function problemText(problem: DatasetProblem): { text: string; blocking: boolean } {
  switch (problem.type) {
    case 'no-images':
      return {
        text: 'No usable images found. Expected one subfolder per class, each holding images.',
        blocking: true,
      };
    case 'single-class':
      return {
        text: `Only one class ("${problem.className}"). A classifier needs at least two classes to tell apart: add another subfolder.`,
        blocking: true,
      };
    case 'empty-class':
      return {
        text: `Class "${problem.className}" has no usable images and is left out.`,
        blocking: false,
      };
    case 'few-images':
      return {
        text: `Class "${problem.className}" has only ${plural(problem.count, 'image')}: results for it will be unreliable (5 or more recommended).`,
        blocking: false,
      };
    case 'label-conflicts':
      return {
        text: `${plural(problem.count, 'image')} filed under more than one class: left out of training because the label is ambiguous.`,
        blocking: false,
      };
  }
}

export function isTrainable(problems: readonly DatasetProblem[]): boolean {
  return !problems.some((p) => problemText(p).blocking);
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
  const skipped: readonly SkippedFile[] = [
    ...manifest.skipped,
    ...decodeFailures.map((f) => ({
      path: f.path,
      reason: 'unreadable' as const,
      detail: f.detail,
    })),
  ];

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
          {problems.map((problem, i) => {
            const { text, blocking } = problemText(problem);
            return (
              <li
                key={i}
                className={blocking ? styles.error : styles.warning}
                role={blocking ? 'alert' : undefined}
              >
                {text}
              </li>
            );
          })}
        </ul>
      )}

      <table className={styles.classes}>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Images</th>
            <th scope="col">Train / val / test</th>
            <th scope="col">Examples</th>
          </tr>
        </thead>
        <tbody>
          {manifest.classes.map((cls, i) => (
            <tr key={cls.name} data-testid="class-row">
              <th scope="row" className={styles.className}>
                {cls.name}
              </th>
              <td>{cls.counts.train + cls.counts.val + cls.counts.test}</td>
              <td>
                {cls.counts.train} / {cls.counts.val} / {cls.counts.test}
              </td>
              <td className={styles.thumbs}>
                {byClass[i]?.slice(0, THUMBS_PER_CLASS).map((image) => (
                  <Thumb
                    key={image.id}
                    blob={filesByPath.get(image.path)}
                    alt={image.path}
                    size={48}
                  />
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {manifest.conflicts.length > 0 && (
        <details className={styles.details}>
          <summary>Same image under several classes ({manifest.conflicts.length})</summary>
          <ul>
            {manifest.conflicts.map((c) => (
              <li key={c.id}>
                {c.paths.join(' · ')}{' '}
                <span className={styles.muted}>({c.classNames.join(', ')})</span>
              </li>
            ))}
          </ul>
        </details>
      )}

      <details className={styles.details}>
        <summary>
          <span data-testid="skipped-count" hidden>
            {skipped.length}
          </span>
          {skipped.length === 0 ? 'No files skipped' : describeSkipped(skipped)}
        </summary>
        <ul className={styles.skippedList}>
          {skipped.slice(0, MAX_LISTED).map((s, i) => (
            <li key={`${s.path}-${i}`}>
              <span className={styles.path}>{s.path}</span>{' '}
              <span className={styles.muted}>{s.detail ?? s.reason}</span>
            </li>
          ))}
          {skipped.length > MAX_LISTED && (
            <li className={styles.muted}>…and {skipped.length - MAX_LISTED} more</li>
          )}
        </ul>
      </details>
    </div>
  );
}
