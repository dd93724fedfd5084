// The confusion matrix (a button per cell: click to see its images) and, past 30 classes, the list
// of the most frequent confusions instead.
import styles from './Evaluation.module.css';

export interface Cell {
  readonly trueClass: number;
  readonly predictedClass: number;
}

/** Past this many classes a full matrix is unreadable (and thousands of buttons): list the top confusions. */
export const MAX_MATRIX_CLASSES = 30;
const TOP_CONFUSIONS = 20;

interface MatrixProps {
  readonly names: readonly string[];
  readonly confusion: readonly (readonly number[])[];
  readonly onSelect: (cell: Cell) => void;
}

export function ConfusionMatrix({
  names,
  confusion,
  selected,
  onSelect,
}: MatrixProps & { selected: Cell | null }) {
  const maxCell = Math.max(1, ...confusion.flat());
  return (
    <table className={styles.confusion} data-testid="confusion-matrix">
      <caption>
        Confusion matrix: rows are true classes, columns predicted. Click a cell to see its images.
      </caption>
      <thead>
        <tr>
          <th scope="col">true ↓ / predicted →</th>
          {names.map((n) => (
            <th scope="col" key={n} className={styles.colName}>
              {n}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.map((row, t) => (
          <tr key={names[t]}>
            <th scope="row">{names[t]}</th>
            {row.map((count, p) => (
              <td key={p}>
                <button
                  type="button"
                  className={`${styles.cell} ${t === p ? styles.diagonal : ''}`}
                  style={{ ['--strength' as string]: String(count / maxCell) }}
                  aria-label={`${count} ${names[t]} predicted as ${names[p]}`}
                  aria-pressed={selected?.trueClass === t && selected.predictedClass === p}
                  onClick={() => onSelect({ trueClass: t, predictedClass: p })}
                >
                  {count}
                </button>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TopConfusions({ names, confusion, onSelect }: MatrixProps) {
  const pairs = confusion
    .flatMap((row, t) => row.map((count, p) => ({ t, p, count })))
    .filter(({ t, p, count }) => t !== p && count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, TOP_CONFUSIONS);
  return (
    <div data-testid="confusion-matrix">
      <p className={styles.muted}>
        With {names.length} classes the full matrix would be unreadable; the most frequent
        confusions are:
      </p>
      {pairs.length === 0 ? (
        <p className={styles.muted}>No test image was confused with another class.</p>
      ) : (
        <ol>
          {pairs.map(({ t, p, count }) => (
            <li key={`${t}-${p}`}>
              <button type="button" onClick={() => onSelect({ trueClass: t, predictedClass: p })}>
                {names[t]} → {names[p]}: {count}
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
