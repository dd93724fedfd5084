// Know the cost before paying it: how long extracting this dataset's features takes with each
// backend measured on this device, and, when that is long, the faster backbone one click away.
import type { BackendStatus } from '../../shared/engine';
import { BACKEND_DEVICE } from '../../shared/backbone';
import { about, duration } from '../format';
import styles from './CostEstimate.module.css';

/** Longer than this, the faster backbone is suggested. */
const LONG_SECONDS = 60;

interface Props {
  readonly images: number;
  /** The backend chosen for the backbone selected now, with the measurement behind it. */
  readonly backend: BackendStatus | null;
  readonly backboneLabel: string;
  /** A faster backbone: its name and its cost relative to this one (operation counts). */
  readonly faster?: {
    readonly label: string;
    readonly costRatio: number;
    readonly use: () => void;
  };
}

export function CostEstimate({ images, backend, backboneLabel, faster }: Props) {
  const measured = backend?.measured;
  if (!measured || images === 0) return null;
  const timed = measured.timings.filter((t) => t.msPerImage !== null);
  const seconds = (images * measured.msPerImage) / 1000;
  const fasterSeconds = faster ? seconds * faster.costRatio : 0;
  return (
    <div className={styles.box} data-testid="cost-estimate">
      <p className={styles.line}>
        Extracting {images.toLocaleString('en')} images with {backboneLabel} takes{' '}
        <strong>{about(seconds)}</strong> here on {backend.detail} (cached images are free).
      </p>
      {timed.length > 1 && (
        <ul className={styles.list} aria-label="Estimated extraction time per backend">
          {timed.map((t) => (
            <li key={t.name}>
              {BACKEND_DEVICE[t.name].replace(/ (device|context|backend)$/, '')}:{' '}
              {duration((images * t.msPerImage!) / 1000)} ({t.msPerImage!.toFixed(0)} ms/image)
            </li>
          ))}
        </ul>
      )}
      {faster && seconds > LONG_SECONDS && (
        <p className={styles.line}>
          {faster.label} would take {about(fasterSeconds)} (estimated from its operation count).{' '}
          <button type="button" onClick={faster.use}>
            Use {faster.label}
          </button>
        </p>
      )}
    </div>
  );
}
