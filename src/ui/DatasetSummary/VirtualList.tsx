// A scrolling <ul> of fixed-height rows that renders only the rows in view once it is long.
import type { ReactNode } from 'react';
import { VirtualScroller } from './VirtualScroller';
import styles from './DatasetSummary.module.css';

interface Props<T> {
  readonly items: readonly T[];
  /** Must match the row's CSS height exactly. */
  readonly rowHeight: number;
  /** Must match the container's CSS max-height. */
  readonly viewportHeight: number;
  readonly virtualiseAbove?: number;
  readonly label: string;
  readonly testId?: string;
  readonly rowKey: (item: T, index: number) => string;
  /** The content of one <li>; the row's height and overflow are the caller's CSS. */
  readonly renderRow: (item: T, index: number) => ReactNode;
  readonly className: string | undefined;
}

export function VirtualList<T>({
  items,
  rowHeight,
  viewportHeight,
  virtualiseAbove = 100,
  label,
  testId,
  rowKey,
  renderRow,
  className,
}: Props<T>) {
  return (
    <VirtualScroller
      count={items.length}
      rowHeight={rowHeight}
      viewportHeight={viewportHeight}
      virtualiseAbove={virtualiseAbove}
      label={label}
      testId={testId}
      className={styles.scroller}
    >
      {(rows) => (
        <ul
          className={styles.virtualList}
          style={{ paddingTop: rows.padTop, paddingBottom: rows.padBottom }}
        >
          {items.slice(rows.first, rows.last).map((item, i) => (
            <li key={rowKey(item, rows.first + i)} className={className}>
              {renderRow(item, rows.first + i)}
            </li>
          ))}
        </ul>
      )}
    </VirtualScroller>
  );
}
