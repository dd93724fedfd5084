// One image's evidence: the photo with the heatmap over it, a colour legend, an opacity slider, a
// class selector ("why not tulips?") that explains any other class, and a layer selector: the map's
// layer, which a person may change to an earlier (finer) one.
import { useEffect, useId, useRef, useState } from 'react';
import type { Evidence, ExplainFn } from '../../shared/evidence';
import { errorMessage } from '../../shared/text';
import { percent } from '../format';
import { HeatmapCanvas } from './HeatmapCanvas';
import { rampGradient } from './colours';
import styles from './Evidence.module.css';

interface Props {
  /** The photo; absent when this session does not hold its pixels (the map is still shown). */
  readonly photo: Blob | undefined;
  /** Its name, for the photo's alternative text. */
  readonly label: string;
  readonly explain: ExplainFn;
}

type State =
  | { readonly kind: 'loading'; readonly shown: Evidence | null }
  | { readonly kind: 'shown'; readonly evidence: Evidence }
  | { readonly kind: 'failed'; readonly message: string; readonly shown: Evidence | null };

/** Side of the heatmap's bitmap: plenty for a smooth map under a photo shown at most 480 px wide. */
const BITMAP = 256;

/** What to explain: null class, the one the model predicts; null layer, the engine's current one. */
interface Wanted {
  readonly classIndex: number | null;
  readonly layer: string | null;
}

export function EvidenceView({ photo, label, explain }: Props) {
  const [wanted, setWanted] = useState<Wanted>({ classIndex: null, layer: null });
  const [state, setState] = useState<State>({ kind: 'loading', shown: null });
  const [opacity, setOpacity] = useState(0.6);
  const layerId = useId();
  const image = useRef<HTMLImageElement>(null);
  // The parent passes a new function each render; only a change of class or layer asks again.
  const explainNow = useRef(explain);
  useEffect(() => {
    explainNow.current = explain;
  });

  useEffect(() => {
    const element = image.current;
    if (!photo || !element) return;
    const url = URL.createObjectURL(photo);
    element.src = url;
    return () => {
      element.removeAttribute('src');
      URL.revokeObjectURL(url);
    };
  }, [photo]);

  useEffect(() => {
    let current = true;
    explainNow.current(wanted.classIndex, wanted.layer).then(
      (evidence) => current && setState({ kind: 'shown', evidence }),
      (error: unknown) =>
        current &&
        setState((s) => ({
          kind: 'failed',
          message: errorMessage(error),
          shown: s.kind === 'loading' ? s.shown : null,
        })),
    );
    return () => {
      current = false;
    };
  }, [wanted]);

  const evidence = state.kind === 'shown' ? state.evidence : state.shown;
  const choose = (change: Partial<Wanted>) => {
    setState({ kind: 'loading', shown: evidence });
    setWanted((w) => ({ ...w, ...change }));
  };
  const predicted = evidence ? argmax(evidence.probabilities) : -1;
  return (
    <div className={styles.view} aria-busy={state.kind === 'loading'}>
      <div className={styles.stage}>
        {photo ? (
          <img ref={image} className={styles.photo} alt={label} />
        ) : (
          <div className={styles.noPhoto} role="note">
            The photo itself is not in this session (drop the folder again to see it under the map);
            the map alone is shown.
          </div>
        )}
        {evidence && (
          <HeatmapCanvas
            evidence={evidence}
            opacity={opacity}
            width={BITMAP}
            height={BITMAP}
            className={styles.overlay}
          />
        )}
      </div>
      {state.kind === 'loading' && <p className={styles.muted}>Computing the evidence…</p>}
      {state.kind === 'failed' && (
        <p className={styles.error} role="alert">
          No evidence for this image: {state.message}
        </p>
      )}
      {evidence && (
        <>
          <div className={styles.legend}>
            <span>less</span>
            <span className={styles.ramp} style={{ background: rampGradient() }} aria-hidden />
            <span>more evidence for {evidence.className}</span>
          </div>
          <p className={styles.muted}>
            The model predicts <strong>{evidence.classNames[predicted]}</strong> (
            {percent(evidence.probabilities[predicted] ?? 0)}). Grad-CAM on layer{' '}
            <code data-testid="evidence-layer">{evidence.layer}</code>
            {evidence.mapFrom === 'cache' ? ', its map read from the saved features.' : '.'}
          </p>
          <div className={styles.controls}>
            <label>
              Explain class{' '}
              <select
                value={wanted.classIndex ?? evidence.classIndex}
                onChange={(e) => choose({ classIndex: Number(e.target.value) })}
              >
                {evidence.classNames.map((name, i) => (
                  <option key={name} value={i}>
                    {i === predicted ? `${name} (predicted)` : `why not ${name}?`} —{' '}
                    {percent(evidence.probabilities[i] ?? 0)}
                  </option>
                ))}
              </select>
            </label>
            {/* Named "Layer" alone (not by its option, as a wrapping label would add). */}
            <span>
              <label htmlFor={layerId}>Layer</label>{' '}
              <select
                id={layerId}
                value={evidence.layer}
                disabled={evidence.layers.length < 2}
                onChange={(e) => choose({ layer: e.target.value })}
              >
                {evidence.layers.map((name, i) => (
                  <option key={name} value={name}>
                    {i === 0 ? `${name} (last spatial map)` : name}
                  </option>
                ))}
              </select>
            </span>
            <label>
              Heatmap opacity{' '}
              <input
                type="range"
                min={0}
                max={100}
                value={Math.round(opacity * 100)}
                onChange={(e) => setOpacity(Number(e.target.value) / 100)}
              />
            </label>
          </div>
        </>
      )}
    </div>
  );
}

function argmax(values: readonly number[]): number {
  return values.indexOf(Math.max(...values));
}
