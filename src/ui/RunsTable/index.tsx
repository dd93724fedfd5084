// Every training run on this dataset, with its settings and test result, so head-only, augmented and
// fine-tuned runs can be compared side by side. Intervals overlap often on small test sets: the
// table shows them so a difference is not read into noise.
import type { RunRecord } from '../../shared/session';
import { wilsonInterval } from '../../shared/stats';
import { duration, percent, plural } from '../format';
import styles from './RunsTable.module.css';

interface Props {
  readonly runs: readonly RunRecord[];
}

/** "head only", "augmented ×4 + test-time flip", "fine-tuned": what makes the run different. */
export function describeRun(run: RunRecord): string {
  const parts = [
    run.augmentViews > 0 && `augmented ×${run.augmentViews}`,
    run.testTimeFlip && 'test-time flip',
    run.fineTuned && 'fine-tuned',
  ].filter(Boolean);
  const setting = parts.length === 0 ? 'head only' : parts.join(' + ');
  const edits = run.dataFixes?.edits ?? 0;
  return edits > 0 ? `${setting}, after ${plural(edits, 'data fix', 'data fixes')}` : setting;
}

/**
 * "35 s (extract 28 s, train 5 s)": the whole wait from the click to the result first, then its
 * parts (the rest is choosing the backend and loading the backbone). A fine-tuning run's own time
 * includes its frozen-part extraction.
 */
export function runTime(run: RunRecord): string {
  const { wallSeconds, extractSeconds } = run.timing;
  const parts = [
    extractSeconds !== null && `extract ${duration(extractSeconds)}`,
    `${run.fineTuned ? 'fine-tune' : 'train'} ${duration(run.seconds)}`,
  ].filter(Boolean);
  return `${duration(wallSeconds)} (${parts.join(', ')})`;
}

export function RunsTable({ runs }: Props) {
  if (runs.length === 0) return null;
  const best = Math.max(...runs.map((r) => r.accuracy));
  return (
    // Eight columns do not fit a phone: the table scrolls sideways in its own box, not the page.
    // Focusable, so a keyboard can scroll it too.
    <div className={styles.scroll} role="region" aria-label="Runs on this dataset" tabIndex={0}>
      <table className={styles.table} data-testid="runs-table">
        <caption>Runs on this dataset</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Setting</th>
            <th scope="col">Backbone</th>
            <th scope="col">Head</th>
            <th scope="col">Trained on</th>
            <th scope="col">Test accuracy</th>
            <th scope="col">95% interval</th>
            <th scope="col" title="From the click to the result, and its parts">
              Time
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const interval = wilsonInterval(run.correct, run.tested);
            return (
              <tr
                key={run.index}
                data-testid="run-row"
                className={run.accuracy === best ? styles.best : undefined}
              >
                <td>{run.index}</td>
                <th scope="row">{describeRun(run)}</th>
                <td>
                  {run.backbone} · {run.inputSize} px
                </td>
                <td>
                  {run.head}, {run.optimizer} {run.learningRate}
                </td>
                <td>{run.trainExamples.toLocaleString('en')} vectors</td>
                <td>
                  {percent(run.accuracy)} ({run.correct}/{run.tested})
                </td>
                <td>
                  {run.tested > 0 ? `${percent(interval.low)} – ${percent(interval.high)}` : '–'}
                </td>
                <td data-testid="run-time">{runTime(run)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
