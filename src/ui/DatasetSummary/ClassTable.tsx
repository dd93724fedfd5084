// One row per class: name, image count, split and a few thumbnails. Windowed past 40 classes, so a
// dataset of hundreds of classes keeps a few dozen rows and thumbnails alive, not thousands.
import type { DatasetClass, DatasetImage } from '../../shared/dataset';
import { Thumb } from '../Thumb';
import { VirtualScroller } from './VirtualScroller';
import styles from './DatasetSummary.module.css';

const THUMBS_PER_CLASS = 5;
/** Must match `.classRow` height and `.classScroller` max-height in the CSS module. */
export const CLASS_ROW_HEIGHT = 58;
const VIEWPORT_HEIGHT = 480;
const VIRTUALISE_ABOVE = 40;

interface Props {
  readonly classes: readonly DatasetClass[];
  readonly byClass: readonly (readonly DatasetImage[])[];
  readonly filesByPath: ReadonlyMap<string, Blob>;
}

export function ClassTable({ classes, byClass, filesByPath }: Props) {
  return (
    <VirtualScroller
      count={classes.length}
      rowHeight={CLASS_ROW_HEIGHT}
      viewportHeight={VIEWPORT_HEIGHT}
      virtualiseAbove={VIRTUALISE_ABOVE}
      label="Classes"
      testId="class-list"
      className={styles.classScroller}
    >
      {(rows) => (
        <table className={styles.classes}>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Images</th>
              <th scope="col">Train / val / test</th>
              <th scope="col">Examples</th>
            </tr>
          </thead>
          <tbody>
            {rows.padTop > 0 && <tr aria-hidden="true" style={{ height: rows.padTop }} />}
            {classes.slice(rows.first, rows.last).map((cls, offset) => {
              const i = rows.first + offset;
              return (
                <tr key={cls.name} data-testid="class-row" className={styles.classRow}>
                  <th scope="row" className={styles.className} title={cls.name}>
                    {cls.name}
                  </th>
                  <td>{cls.counts.train + cls.counts.val + cls.counts.test}</td>
                  <td>
                    {cls.counts.train} / {cls.counts.val} / {cls.counts.test}
                  </td>
                  <td>
                    <span className={styles.thumbs}>
                      {byClass[i]?.slice(0, THUMBS_PER_CLASS).map((image) => (
                        <Thumb
                          key={image.id}
                          blob={filesByPath.get(image.path)}
                          alt={image.path}
                          size={48}
                        />
                      ))}
                    </span>
                  </td>
                </tr>
              );
            })}
            {rows.padBottom > 0 && <tr aria-hidden="true" style={{ height: rows.padBottom }} />}
          </tbody>
        </table>
      )}
    </VirtualScroller>
  );
}
