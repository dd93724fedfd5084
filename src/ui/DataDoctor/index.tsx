// "Check data": the data doctor's review of the cached features (likely mislabeled images,
// near-duplicates and leaks across the split, outliers), ranked, each with one-click fixes, and the
// edit log of the fixes, each undoable, downloadable as CSV. Fixes change the project, never files.
import { useEffect, useState } from 'react';
import type { DataCheckEvent, DataCheckReport, DataFix, DoctorState } from '../../shared/doctor';
import { Thumb } from '../Thumb';
import type { ExplainById } from '../../shared/evidence';
import { ShowEvidence } from '../Evidence';
import { findingsOf, fixOf, type Finding } from './findings';
import styles from './DataDoctor.module.css';

type Report = DataCheckReport & { readonly movedForLeaks: number };

interface Props {
  readonly filesByPath: ReadonlyMap<string, Blob>;
  readonly disabled: boolean;
  readonly check: (onEvent: (event: DataCheckEvent) => void) => Promise<Report>;
  readonly applyFix: (fix: DataFix) => Promise<DoctorState>;
  readonly undoFix: (index: number) => Promise<DoctorState>;
  readonly loadState: () => Promise<DoctorState>;
  readonly csv: () => Promise<string>;
  /** Stops a check in progress; what was found before is kept as it was. */
  readonly cancel: () => void;
  /** Explains image `id` for a class (null: the predicted one): "Show evidence" on each finding. */
  readonly explain?: ExplainById;
}

const KIND_WORDS: Record<Finding['kind'], string> = {
  mislabeled: 'Likely mislabeled',
  duplicate: 'Near-duplicate',
  leak: 'Leak across the split',
  outlier: 'Outlier',
};

function describeFix(fix: DataFix): string {
  const what =
    fix.action.type === 'move'
      ? `moved to ${fix.action.to}`
      : fix.action.type === 'remove'
        ? 'removed'
        : 'kept';
  return `${fix.path}: ${KIND_WORDS[fix.problem].toLowerCase()}, ${what}`;
}

export function DataDoctor({
  filesByPath,
  disabled,
  check,
  applyFix,
  undoFix,
  loadState,
  csv,
  cancel,
  explain,
}: Props) {
  const [report, setReport] = useState<Report | null>(null);
  const [state, setState] = useState<DoctorState | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [csvUrl, setCsvUrl] = useState<string | null>(null);

  useEffect(() => {
    loadState().then(setState, () => undefined);
  }, [loadState]);
  useEffect(() => () => void (csvUrl && URL.revokeObjectURL(csvUrl)), [csvUrl]);

  const fail = (e: unknown) =>
    setError(
      e instanceof Error && e.name === 'AbortError'
        ? 'Check cancelled: nothing was changed.'
        : e instanceof Error
          ? e.message
          : String(e),
    );
  const start = () => {
    setError(null);
    setProgress('Starting…');
    check((event) => {
      if (event.type === 'heads')
        setProgress(`Out-of-fold heads: ${Math.round((100 * event.done) / event.total)}%`);
      else if (event.type === 'duplicates')
        setProgress(`Comparing all pairs: ${event.done} of ${event.total} blocks`);
    })
      .then((r) => {
        setReport(r);
        return loadState().then(setState);
      }, fail)
      .finally(() => setProgress(null));
  };
  const fix = (f: Finding, action: DataFix['action']) =>
    applyFix(fixOf(f, action)).then(setState, fail);
  const undo = (index: number) => undoFix(index).then(setState, fail);
  const download = () =>
    csv().then(
      (text) => setCsvUrl(URL.createObjectURL(new Blob([text], { type: 'text/csv' }))),
      fail,
    );

  const log = state?.log ?? [];
  const findings = report ? findingsOf(report, log) : [];
  const checking = progress !== null;
  return (
    <section className={styles.box} aria-label="Data check">
      <div className={styles.row}>
        <button type="button" onClick={start} disabled={disabled || checking}>
          Check data
        </button>
        {checking && (
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        )}
        <span className={styles.muted}>
          Looks for mislabeled images, near-duplicates and outliers in the saved features (no new
          extraction).
        </span>
      </div>
      {error && <p role="alert">{error}</p>}
      <p className={styles.muted}>
        <span data-testid="leak-count">{report?.movedForLeaks ?? state?.movedForLeaks ?? 0}</span>{' '}
        images moved between train, validation and test to keep near-duplicate groups on one side.
      </p>
      <div
        data-testid="findings"
        aria-busy={checking}
        aria-live="polite"
        className={styles.findings}
      >
        {checking && <p className={styles.muted}>{progress}</p>}
        {report && !checking && findings.length === 0 && <p>Nothing left to review.</p>}
        {report && !checking && findings.length > 0 && (
          <p className={styles.muted}>
            {findings.length} findings in {report.images} images (checked in{' '}
            {(report.seconds.labels + report.seconds.duplicates + report.seconds.outliers).toFixed(
              1,
            )}{' '}
            s).
          </p>
        )}
        <ol className={styles.list}>
          {findings.map((f) => (
            <li
              key={f.key}
              className={styles.finding}
              data-testid="finding"
              data-kind={f.kind}
              data-path={f.path}
              {...(f.kind === 'mislabeled' && f.suggestedClass
                ? { 'data-suggested': f.suggestedClass }
                : {})}
            >
              <Thumb blob={filesByPath.get(f.path)} alt={f.path} />
              <div className={styles.body}>
                <strong>{KIND_WORDS[f.kind]}</strong> {f.path}
                <br />
                <span className={styles.muted}>
                  Folder: {f.folderClass}
                  {f.suggestedClass ? ` · suggested: ${f.suggestedClass}` : ''}. {f.why}
                </span>
                <div className={styles.row}>
                  {f.suggestedClass && (
                    <button
                      type="button"
                      onClick={() => void fix(f, { type: 'move', to: f.suggestedClass! })}
                    >
                      Move to {f.suggestedClass}
                    </button>
                  )}
                  <button type="button" onClick={() => void fix(f, { type: 'remove' })}>
                    Remove
                  </button>
                  <button type="button" onClick={() => void fix(f, { type: 'keep' })}>
                    Keep
                  </button>
                  {explain && (
                    <ShowEvidence
                      photo={filesByPath.get(f.path)}
                      label={f.path}
                      explain={(c, layer) => explain(f.id, c, layer)}
                    />
                  )}
                </div>
              </div>
            </li>
          ))}
        </ol>
      </div>
      {log.length > 0 && (
        <section aria-label="Edit log">
          <h4>Edit log</h4>
          <ol className={styles.list} data-testid="edit-log">
            {log.map((entry, i) => (
              <li key={`${entry.id}:${i}`}>
                {describeFix(entry)}{' '}
                <button type="button" onClick={() => void undo(i)} disabled={disabled}>
                  Undo
                </button>
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => void download()}>
            Prepare CSV
          </button>{' '}
          {csvUrl && (
            <a href={csvUrl} download="graft-data-fixes.csv">
              Download the edit log (CSV)
            </a>
          )}
        </section>
      )}
    </section>
  );
}
