// The k-fold estimate on request: every image tested once across k heads trained on the cached
// features, reported as the mean and spread over folds and per class. On a small dataset this says
// more than one test split of a few dozen images.
import { useState } from 'react';
import type { KFoldResult } from '../../shared/training';
import { percent } from '../format';
import { PerClassTable } from '../PerClassTable';
import forms from '../forms.module.css';
import styles from './KFold.module.css';

interface Props {
  readonly classNames: readonly string[];
  readonly run: (k: number, onFold: (done: number, k: number) => void) => Promise<KFoldResult>;
  readonly disabled: boolean;
}

type View =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly done: number; readonly k: number }
  | { readonly kind: 'done'; readonly result: KFoldResult }
  | { readonly kind: 'error'; readonly message: string };

export function KFold({ classNames, run, disabled }: Props) {
  const [k, setK] = useState(5);
  const [view, setView] = useState<View>({ kind: 'idle' });
  const start = () => {
    setView({ kind: 'running', done: 0, k });
    run(k, (done, of) => setView({ kind: 'running', done, k: of })).then(
      (result) => setView({ kind: 'done', result }),
      (error: unknown) =>
        setView({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <section className={styles.box} aria-label="k-fold estimate">
      <div className={forms.actionRow}>
        <label>
          Folds{' '}
          <select value={k} onChange={(e) => setK(Number(e.currentTarget.value))}>
            {[3, 5, 10].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={start}
          disabled={disabled || view.kind === 'running'}
          data-testid="kfold-start"
        >
          Estimate with {k}-fold cross-validation
        </button>
        <span className={forms.muted}>
          Trains {k} heads on the saved features; each image is a test image once.
        </span>
      </div>
      {view.kind === 'running' && (
        <p className={forms.muted}>
          Fold {view.done + 1} of {view.k}…
        </p>
      )}
      {view.kind === 'error' && <p role="alert">{view.message}</p>}
      {view.kind === 'done' && <KFoldTable result={view.result} classNames={classNames} />}
    </section>
  );
}

function KFoldTable({
  result,
  classNames,
}: {
  result: KFoldResult;
  classNames: readonly string[];
}) {
  return (
    <div>
      <p data-testid="kfold-accuracy">
        <strong>
          {percent(result.accuracy.mean)} ± {percent(result.accuracy.sd)}
        </strong>{' '}
        mean accuracy ± standard deviation over {result.k} folds (
        {result.foldAccuracies.map((a) => percent(a)).join(', ')}).
      </p>
      <PerClassTable
        caption="Per class, every image tested once"
        classNames={classNames}
        perClass={result.perClass}
        withF1={false}
      />
    </div>
  );
}
