// Label with the model's help (issue #29): a pile of photos without labels comes in beside the
// class folders; once a model exists each gets its suggested class, and the person sorts them by
// keyboard, or accepts every suggestion above a confidence whose precision was measured on held-out
// images. After every N labels the model retrains and the suggestions refresh.
import { useState, type DragEvent } from 'react';
import type { ContentHash } from '../../shared/brand';
import type { DroppedFile } from '../../shared/dataset';
import type {
  AcceptPreview,
  LabelDecision,
  LabelPoolState,
  RetrainProgress,
  SuggestionList,
} from '../../shared/labelAssist';
import { filesFromFolderInput, walkEntries } from '../walk';
import { percent, plural } from '../format';
import { AcceptBar } from './AcceptBar';
import { TriageGrid, type GridItem } from './TriageGrid';
import styles from './LabelAssist.module.css';

const folderPickerAttributes = { webkitdirectory: '', directory: '' } as Record<string, string>;

type View = 'open' | 'accepted' | 'labelled';

function retrainWords(progress: RetrainProgress): string {
  if (progress.stage === 'extracting')
    return `Retraining… features ${progress.done}/${progress.total}`;
  if (progress.stage === 'training')
    return `Retraining… epoch ${progress.epoch}/${progress.epochs}`;
  return 'Retraining…';
}

interface Props {
  readonly pool: LabelPoolState | null;
  readonly suggestions: SuggestionList | null;
  readonly thumbs: ReadonlyMap<ContentHash, Blob>;
  readonly busy: boolean;
  /** The background retrain under way (the results stay on screen meanwhile), or null. */
  readonly retraining: RetrainProgress | null;
  readonly message: string | null;
  readonly accuracy: { readonly from: number; readonly to: number } | null;
  readonly threshold: number;
  readonly onThreshold: (percent: number) => void;
  readonly preview: AcceptPreview | null;
  readonly onFiles: (files: readonly DroppedFile[]) => void;
  readonly onDecide: (decisions: readonly LabelDecision[]) => void;
  readonly onUndo: (id?: ContentHash) => void;
  readonly onNewClass: (name: string) => Promise<boolean>;
  readonly onAccept: () => void;
}

export function LabelAssist(props: Props) {
  const { pool, suggestions, thumbs, message } = props;
  const [order, setOrder] = useState<'uncertain' | 'confident'>('uncertain');
  const [view, setView] = useState<View>('open');
  const [naming, setNaming] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const entries = [...event.dataTransfer.items]
      .map((item) => item.webkitGetAsEntry())
      .filter((entry): entry is FileSystemEntry => entry !== null);
    props.onFiles(await walkEntries(entries, { onUnreadable: () => undefined }));
  };

  const photos = pool?.photos ?? [];
  const suggested = suggestions ? suggestions[order] : [];
  const byId = new Map(photos.map((p) => [p.id, p]));
  const open = (id: ContentHash) => byId.get(id)?.status.kind !== 'labelled';
  const items: GridItem[] = [];
  if (view === 'open') {
    const placed = new Set<ContentHash>();
    for (const s of suggested) {
      const photo = byId.get(s.id);
      if (!photo || !open(s.id)) continue;
      placed.add(s.id);
      items.push({ id: s.id, path: s.path, status: photo.status, suggestion: s });
    }
    for (const p of photos)
      if (open(p.id) && !placed.has(p.id))
        items.push({ id: p.id, path: p.path, status: p.status, suggestion: null });
  }
  const decided = photos.filter(
    (p) =>
      p.status.kind === 'labelled' &&
      (view === 'labelled' || (view === 'accepted' && p.status.source !== 'picked')),
  );

  const createClass = async () => {
    if (naming !== null && (await props.onNewClass(naming))) setNaming(null);
  };

  return (
    <section className={styles.panel} aria-labelledby="label-assist">
      <h3 id="label-assist" className={styles.h3}>
        Label with the model&apos;s help
      </h3>
      <div
        className={`${styles.drop} ${dragging ? styles.dragging : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => void onDrop(e)}
      >
        <span>
          Photos without a label: drop a folder here, or put them in a subfolder named{' '}
          <code>unlabeled</code> of your dataset.
        </span>
        <label className={styles.pick}>
          Choose folder…
          <input
            className={styles.hiddenInput}
            type="file"
            multiple
            aria-label="Unlabeled photos"
            {...folderPickerAttributes}
            onChange={(e) => {
              const files = e.currentTarget.files;
              if (files && files.length > 0) props.onFiles(filesFromFolderInput(files));
              e.currentTarget.value = '';
            }}
          />
        </label>
      </div>
      <p className={styles.status}>
        <span data-testid="unlabeled-count">{pool?.unlabeledCount ?? 0}</span> photos without a
        label{pool && pool.photos.length > 0 && ` (of ${pool.photos.length} added)`}.{' '}
        {pool && (
          <span data-testid="retrain-every">
            The model retrains after every {pool.retrainEvery} labels ({pool.labelsSinceTrain} so
            far).
          </span>
        )}{' '}
        {props.retraining && (
          <strong data-testid="retraining" role="status">
            {retrainWords(props.retraining)}
          </strong>
        )}
      </p>
      {props.accuracy && (
        <p className={styles.status} data-testid="label-accuracy">
          Test accuracy {percent(props.accuracy.from)} → {percent(props.accuracy.to)}
        </p>
      )}
      {message && (
        <p className={styles.error} role="alert">
          {message}
        </p>
      )}
      {pool && pool.refused.length > 0 && (
        <p className={styles.muted} data-testid="unlabeled-refused">
          Left out: {pool.refused.map((r) => `${r.path} (${r.detail})`).join('; ')}.
        </p>
      )}
      {suggestions?.unavailable && photos.length > 0 && (
        <p className={styles.muted}>{suggestions.unavailable}</p>
      )}
      {photos.length > 0 && (
        <>
          <div className={styles.keys} aria-label="Class keys">
            {(pool?.classes ?? []).slice(0, 9).map((name, i) => (
              <span key={name} className={styles.key}>
                <kbd>{i + 1}</kbd> {name}
              </span>
            ))}
            {naming === null ? (
              <button type="button" onClick={() => setNaming('')}>
                New class
              </button>
            ) : (
              <span className={styles.newClass}>
                <input
                  aria-label="New class name"
                  value={naming}
                  autoFocus
                  onChange={(e) => setNaming(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') void createClass();
                    if (e.key === 'Escape') setNaming(null);
                  }}
                />
                <button type="button" onClick={() => void createClass()}>
                  Create
                </button>
              </span>
            )}
          </div>
          <p className={styles.muted}>
            Keys on the grid: 1–9 pick a class, Enter accepts the suggestion, Backspace skips,
            arrows move, u undoes.
          </p>
          <div className={styles.toolbar}>
            <span role="group" aria-label="Order">
              <button
                type="button"
                aria-pressed={order === 'uncertain'}
                onClick={() => setOrder('uncertain')}
              >
                Most uncertain first
              </button>
              <button
                type="button"
                aria-pressed={order === 'confident'}
                onClick={() => setOrder('confident')}
              >
                Most confident first
              </button>
            </span>
            <label>
              Show{' '}
              <select value={view} onChange={(e) => setView(e.currentTarget.value as View)}>
                <option value="open">To label</option>
                <option value="accepted">Accepted suggestions</option>
                <option value="labelled">All labelled here</option>
              </select>
            </label>
            <button type="button" disabled={!pool?.canUndo} onClick={() => props.onUndo()}>
              Undo
            </button>
          </div>
          {view === 'open' ? (
            <TriageGrid
              items={items}
              classes={pool?.classes ?? []}
              thumbs={thumbs}
              onDecide={(d) => props.onDecide([d])}
              onUndo={() => props.onUndo()}
            />
          ) : (
            <ul className={styles.decided} data-testid="decided-list">
              {decided.length === 0 && <li className={styles.muted}>None yet.</li>}
              {decided.map((p) => (
                <li key={p.id} data-testid="decided" data-path={p.path}>
                  <span className={styles.path}>{p.path}</span> →{' '}
                  <strong>{p.status.kind === 'labelled' && p.status.className}</strong>{' '}
                  <span className={styles.muted}>
                    (
                    {p.status.kind === 'labelled' && p.status.source === 'threshold'
                      ? 'accepted by threshold'
                      : p.status.kind === 'labelled' && p.status.source === 'suggestion'
                        ? 'suggestion accepted'
                        : 'picked'}
                    )
                  </span>{' '}
                  <button type="button" onClick={() => props.onUndo(p.id)}>
                    Undo
                  </button>
                </li>
              ))}
            </ul>
          )}
          {suggestions && suggestions.confident.length > 0 && (
            <AcceptBar
              threshold={props.threshold}
              onThreshold={props.onThreshold}
              preview={props.preview}
              heldOut={suggestions.heldOut}
              disabled={props.busy}
              onAccept={props.onAccept}
            />
          )}
          <p className={styles.muted}>
            {plural(photos.length - (pool?.unlabeledCount ?? 0), 'photo')} labelled here so far;
            they are ordinary images of the dataset now.
          </p>
        </>
      )}
    </section>
  );
}
