// Every training run on this dataset, with its settings and test result, so head-only, augmented and
// fine-tuned runs can be compared side by side. Intervals overlap often on small test sets: the
// table shows them so a difference is not read into noise.
import type { RunRecord } from '../../shared/session';
import { wilsonInterval } from '../../shared/stats';
import { duration, percent } from '../format';
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
  return parts.length === 0 ? 'head only' : parts.join(' + ');
}

export function RunsTable({ runs }: Props) {
  if (runs.length === 0) return null;
  const best = Math.max(...runs.map((r) => r.accuracy));
  return (
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
          <th scope="col">Time</th>
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
              <td>{duration(run.seconds)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
