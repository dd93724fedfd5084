// Precision and recall per class, one row a class, as the test split and the k-fold estimate both
// report them.
import type { ClassReport } from '../../shared/training';
import { percent } from '../format';
import tables from '../tables.module.css';
import { ScrollBox } from '../ScrollBox';

interface Props {
  readonly caption: string;
  readonly classNames: readonly string[];
  /** One report a class, in the order of `classNames`. */
  readonly perClass: readonly ClassReport[];
  /** Adds the F1 column. */
  readonly withF1: boolean;
}

export function PerClassTable({ caption, classNames, perClass, withF1 }: Props) {
  return (
    <ScrollBox label={caption}>
      <table className={`${tables.figures} ${tables.ruled} ${tables.numbers}`}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
            {withF1 && <th scope="col">F1</th>}
            <th scope="col">Images</th>
          </tr>
        </thead>
        <tbody>
          {perClass.map((r, i) => (
            <tr key={classNames[i] ?? i}>
              <th scope="row">{classNames[i]}</th>
              <td>{percent(r.precision)}</td>
              <td>{percent(r.recall)}</td>
              {withF1 && <td>{percent(r.f1)}</td>}
              <td>{r.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
