// A few training images beside their augmented views, drawn from the worker's own transform, so a
// person sees what the settings do before any features are computed.
import { useEffect, useRef } from 'react';
import type { AugmentPreview as Preview } from '../../shared/engine';
import styles from './AugmentPreview.module.css';

interface Props {
  readonly preview: Preview;
  readonly classNames: readonly string[];
}

function Tile({ pixels, size, label }: { pixels: Uint8ClampedArray; size: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = ref.current?.getContext('2d');
    context?.putImageData(new ImageData(new Uint8ClampedArray(pixels), size, size), 0, 0);
  }, [pixels, size]);
  return <canvas ref={ref} width={size} height={size} className={styles.tile} aria-label={label} />;
}

export function AugmentPreview({ preview, classNames }: Props) {
  const views = preview.rows[0]?.views.length ?? 0;
  return (
    <figure className={styles.grid} data-testid="augment-preview">
      <div className={styles.row}>
        <span className={styles.head}>Original</span>
        {Array.from({ length: views }, (_, v) => (
          <span key={v} className={styles.head}>
            View {v + 1}
          </span>
        ))}
      </div>
      {preview.rows.map((row) => (
        <div key={row.path} className={styles.row}>
          <Tile pixels={row.original} size={preview.size} label={`${row.path}, original`} />
          {row.views.map((pixels, v) => (
            <Tile
              key={v}
              pixels={pixels}
              size={preview.size}
              label={`${row.path}, view ${v + 1}`}
            />
          ))}
          <span className={styles.caption}>{classNames[row.classIndex]}</span>
        </div>
      ))}
    </figure>
  );
}
