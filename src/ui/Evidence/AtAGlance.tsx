// "Per class, at a glance": for each class, the training photos the model finds most typical of it
// and the least typical ones (the odd ones out, often a labelling slip or an unusual view), each
// with its evidence. Computed on request from the saved features: a head pass, no extraction.
import { useState } from 'react';
import type { ContentHash } from '../../shared/brand';
import type { ExplainById } from '../../shared/evidence';
import { errorMessage } from '../../shared/text';
import type { ClassAtAGlance, TypicalImage } from '../../shared/typical';
import { percent } from '../format';
import { Thumb } from '../Thumb';
import { ShowEvidence } from './ShowEvidence';
import styles from './Evidence.module.css';

interface Props {
  readonly classNames: readonly string[];
  readonly load: () => Promise<ClassAtAGlance[]>;
  /** The photo of a dataset image, when this session holds it, and its path. */
  readonly photoOf: (id: ContentHash) => Blob | undefined;
  readonly pathOf: (id: ContentHash) => string;
  readonly explain: ExplainById;
  readonly disabled: boolean;
}

type State =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'shown'; readonly classes: readonly ClassAtAGlance[] }
  | { readonly kind: 'failed'; readonly message: string };

export function AtAGlance({ classNames, load, photoOf, pathOf, explain, disabled }: Props) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const run = () => {
    setState({ kind: 'loading' });
    load().then(
      (classes) => setState({ kind: 'shown', classes }),
      (error: unknown) => setState({ kind: 'failed', message: errorMessage(error) }),
    );
  };
  const row = (images: readonly TypicalImage[], classIndex: number) => (
    <div className={styles.glanceRow}>
      {images.map((m) => (
        <figure key={m.id} className={styles.glanceFigure}>
          <Thumb blob={photoOf(m.id)} alt={pathOf(m.id)} size={80} />
          <figcaption>
            {percent(m.probability)}
            <ShowEvidence
              photo={photoOf(m.id)}
              label={pathOf(m.id)}
              explain={(c, layer) => explain(m.id, c ?? classIndex, layer)}
            />
          </figcaption>
        </figure>
      ))}
    </div>
  );
  return (
    <section
      className={styles.glance}
      aria-label="Per class, at a glance"
      data-testid="at-a-glance"
    >
      <div className={styles.controls}>
        <button type="button" onClick={run} disabled={disabled || state.kind === 'loading'}>
          Show typical and odd photos
        </button>
        <span className={styles.muted}>
          The training photos the model finds most and least typical of their class.
        </span>
      </div>
      {state.kind === 'loading' && <p className={styles.muted}>Ranking the training photos…</p>}
      {state.kind === 'failed' && (
        <p className={styles.error} role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'shown' &&
        state.classes.map((c) => (
          <div key={c.classIndex} className={styles.glanceClass}>
            <h4 className={styles.glanceName}>{classNames[c.classIndex]}</h4>
            <div className={styles.glanceSide}>
              <p className={styles.muted}>Most typical</p>
              {row(c.most, c.classIndex)}
            </div>
            {c.least.length > 0 && (
              <div className={styles.glanceSide}>
                <p className={styles.muted}>Least typical</p>
                {row(c.least, c.classIndex)}
              </div>
            )}
          </div>
        ))}
    </section>
  );
}
