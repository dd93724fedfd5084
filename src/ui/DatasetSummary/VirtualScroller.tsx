// The scrolling region of a windowed list or table: a focusable, labelled container whose content
// renders only the rows `useVirtualRows` says are in view.
import type { ReactNode } from 'react';
import { useVirtualRows, type VirtualRows } from './useVirtualRows';

interface Props {
  readonly count: number;
  /** Must match the row's CSS height exactly. */
  readonly rowHeight: number;
  /** Must match the container's CSS max-height. */
  readonly viewportHeight: number;
  readonly virtualiseAbove: number;
  readonly label: string;
  readonly testId: string | undefined;
  readonly className: string | undefined;
  readonly children: (rows: VirtualRows) => ReactNode;
}

export function VirtualScroller(props: Props) {
  const rows = useVirtualRows(
    props.count,
    props.rowHeight,
    props.viewportHeight,
    props.virtualiseAbove,
  );
  return (
    <div
      className={props.className}
      onScroll={rows.onScroll}
      tabIndex={0}
      role="region"
      aria-label={props.label}
      data-testid={props.testId}
    >
      {props.children(rows)}
    </div>
  );
}
