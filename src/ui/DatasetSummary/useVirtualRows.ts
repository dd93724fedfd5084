// Windowing for long lists of fixed-height rows: only the rows in view (plus a few either side) are
// in the DOM, so 10,000 skipped files or 300 classes cost what 20 do. Short lists render whole, so
// the page reads normally (and find-in-page works) for the usual dataset.
import { useCallback, useState, type UIEvent } from 'react';

/** Rows rendered beyond each edge of the viewport, so fast scrolling does not show blanks. */
const OVERSCAN = 8;

export interface VirtualRows {
  /** Index of the first and one past the last row to render. */
  readonly first: number;
  readonly last: number;
  /** Space standing in for the rows above and below the window, in pixels. */
  readonly padTop: number;
  readonly padBottom: number;
  readonly onScroll: (event: UIEvent<HTMLElement>) => void;
}

/**
 * `viewportHeight` is the scroll container's CSS max-height; rows must be exactly `rowHeight`
 * pixels tall. Lists of at most `virtualiseAbove` rows are rendered whole.
 */
export function useVirtualRows(
  count: number,
  rowHeight: number,
  viewportHeight: number,
  virtualiseAbove: number,
): VirtualRows {
  const [scrollTop, setScrollTop] = useState(0);
  const onScroll = useCallback((event: UIEvent<HTMLElement>) => {
    setScrollTop(event.currentTarget.scrollTop);
  }, []);
  if (count <= virtualiseAbove) return { first: 0, last: count, padTop: 0, padBottom: 0, onScroll };
  // Clamped: a new, shorter list can arrive while the container is still scrolled far down.
  const first = Math.min(count, Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN));
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + OVERSCAN);
  return {
    first,
    last: Math.max(first, last),
    padTop: first * rowHeight,
    padBottom: (count - Math.max(first, last)) * rowHeight,
    onScroll,
  };
}
