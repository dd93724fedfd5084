// Every file the import left out, one row each: its name, where it sat, and why, in words. Windowed,
// so an import that skips 10,000 files lists them all without 10,000 rows in the DOM.
import type { SkippedFile } from '../../shared/dataset';
import { skipDetail, skipLabel, splitPath } from './skipWords';
import { VirtualList } from './VirtualList';
import styles from './DatasetSummary.module.css';

/** Must match `.skippedRow` height and `.scroller` max-height in the CSS module. */
const ROW_HEIGHT = 64;
const VIEWPORT_HEIGHT = 320;

export function SkippedList({ skipped }: { readonly skipped: readonly SkippedFile[] }) {
  return (
    <VirtualList
      items={skipped}
      rowHeight={ROW_HEIGHT}
      viewportHeight={VIEWPORT_HEIGHT}
      label="Skipped files"
      testId="skipped-list"
      className={styles.skippedRow}
      rowKey={(s, i) => `${i}:${s.path}`}
      renderRow={(s) => {
        const [name, folder] = splitPath(s.path);
        return (
          <div data-testid="skipped-file" data-reason={s.reason} title={s.path}>
            <div className={styles.fileLine}>
              <span className={styles.fileName}>{name}</span>
              <span className={styles.muted}>{folder ? `in ${folder}` : 'at the top level'}</span>
            </div>
            <div className={styles.reasonLine}>
              <strong>{skipLabel(s.reason)}</strong>: {skipDetail(s)}
            </div>
          </div>
        );
      }}
    />
  );
}
