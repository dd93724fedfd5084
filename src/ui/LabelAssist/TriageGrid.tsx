// The triage grid: photos without a label, each with the model's suggestion when there is one.
// Keyboard first, on the focused grid: 1..9 pick a class, Enter accepts the suggestion, Backspace
// skips, the arrows move, u (or Ctrl+Z) undoes the last decision. A labelled photo leaves the grid,
// so the cursor then rests on the next one without a key press.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ContentHash } from '../../shared/brand';
import type { LabelDecision, PhotoStatus, Suggestion } from '../../shared/labelAssist';
import { Thumb } from '../Thumb';
import styles from './LabelAssist.module.css';

export interface GridItem {
  readonly id: ContentHash;
  readonly path: string;
  readonly status: PhotoStatus;
  readonly suggestion: Suggestion | null;
}

interface Props {
  readonly items: readonly GridItem[];
  readonly classes: readonly string[];
  readonly thumbs: ReadonlyMap<ContentHash, Blob>;
  readonly onDecide: (decision: LabelDecision) => void;
  readonly onUndo: () => void;
}

/** How many items sit on one row of the grid now (for Up and Down). */
function columnsOf(grid: HTMLElement | null): number {
  const cells = grid?.querySelectorAll<HTMLElement>('[role="option"]');
  if (!cells || cells.length === 0) return 1;
  const top = cells[0]!.offsetTop;
  let n = 0;
  while (n < cells.length && cells[n]!.offsetTop === top) n++;
  return Math.max(1, n);
}

const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export function TriageGrid({ items, classes, thumbs, onDecide, onUndo }: Props) {
  const grid = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState(0);
  /** Why the last key did nothing, when it did nothing (never silently). */
  const [hint, setHint] = useState<string | null>(null);
  const at = Math.min(cursor, Math.max(0, items.length - 1));
  const current = items[at];

  useEffect(() => {
    grid.current
      ?.querySelector<HTMLElement>(`[data-index="${at}"]`)
      ?.scrollIntoView?.({ block: 'nearest' });
  }, [at]);

  const label = (item: GridItem, className: string, fromSuggestion: boolean) => {
    const s = item.suggestion;
    onDecide({
      kind: 'label',
      id: item.id,
      className,
      source: fromSuggestion ? 'suggestion' : 'picked',
      probability: s && s.suggested === className ? s.probability : null,
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const key = event.key;
    setHint(null);
    const move = (to: number) => setCursor(Math.max(0, Math.min(items.length - 1, to)));
    if (key === 'u' || (key === 'z' && (event.ctrlKey || event.metaKey))) {
      event.preventDefault();
      onUndo();
      return;
    }
    if (key === 'ArrowRight') move(at + 1);
    else if (key === 'ArrowLeft') move(at - 1);
    else if (key === 'ArrowDown') move(at + columnsOf(grid.current));
    else if (key === 'ArrowUp') move(at - columnsOf(grid.current));
    else if (key === 'Home') move(0);
    else if (key === 'End') move(items.length - 1);
    else if (!current) return;
    else if (/^[1-9]$/.test(key) && !event.ctrlKey && !event.altKey && !event.metaKey) {
      const className = classes[Number(key) - 1];
      if (className === undefined) {
        setHint(
          classes.length === 0
            ? 'There are no classes yet: make one with New class.'
            : `There is no class ${key}: the keys go up to ${Math.min(9, classes.length)}.`,
        );
        return;
      }
      label(current, className, false);
    } else if (key === 'Enter') {
      if (!current.suggestion) {
        setHint('This photo has no suggestion yet: pick its class with a number key.');
        return;
      }
      label(current, current.suggestion.suggested, true);
    } else if (key === 'Backspace') {
      onDecide({ kind: 'skip', id: current.id });
      move(at + 1);
    } else return;
    event.preventDefault();
  };

  if (items.length === 0) return <p className={styles.muted}>No photos here.</p>;
  return (
    <>
      <div
        ref={grid}
        className={styles.grid}
        role="listbox"
        tabIndex={0}
        aria-label="Photos to label"
        aria-activedescendant={current ? `triage-${current.id}` : undefined}
        data-testid="label-grid"
        onKeyDown={onKeyDown}
      >
        {items.map((item, index) => {
          const s = item.suggestion;
          const selected = index === at;
          return (
            <div
              key={item.id}
              id={`triage-${item.id}`}
              role="option"
              aria-selected={selected}
              data-index={index}
              className={`${styles.cell} ${selected ? styles.selected : ''} ${item.status.kind === 'skipped' ? styles.skipped : ''}`}
              data-testid={s ? 'suggestion' : 'unlabeled-photo'}
              data-path={item.path}
              data-status={item.status.kind}
              {...(s && {
                'data-suggested': s.suggested,
                'data-probability': String(s.probability),
                'data-uncertainty': String(s.uncertainty),
              })}
              onClick={() => {
                setCursor(index);
                grid.current?.focus();
              }}
            >
              <Thumb blob={thumbs.get(item.id)} alt={name(item.path)} size={96} />
              <span className={styles.caption}>
                {s ? (
                  <>
                    <strong>{s.suggested}</strong>
                    <span>{Math.round(s.probability * 100)}%</span>
                  </>
                ) : item.status.kind === 'labelled' ? (
                  <strong>{item.status.className}</strong>
                ) : (
                  <span className={styles.muted}>no suggestion</span>
                )}
              </span>
              {item.status.kind === 'skipped' && <span className={styles.tag}>skipped</span>}
            </div>
          );
        })}
      </div>
      <p className={styles.muted} role="status" data-testid="grid-hint">
        {hint}
      </p>
    </>
  );
}
