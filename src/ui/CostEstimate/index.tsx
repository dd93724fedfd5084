// Know the cost before paying it: how long extracting this dataset's features takes with the
// backbone selected now, counting what is saved already, and, when that is long or the backbone has
// only generated weights, a better real backbone one click away.
import type { BackendTiming } from '../../shared/engine';
import { BACKEND_DEVICE } from '../../shared/backbone';
import { about, duration } from '../format';
import { describeCost, extractionCost, type CacheCount, type ExtractionRate } from './describeCost';
import styles from './CostEstimate.module.css';

export type { CacheCount, ExtractionRate } from './describeCost';

/** Longer than this, a faster backbone is suggested. */
const LONG_SECONDS = 60;

interface Props {
  /** The backbone selected now, as the person knows it. */
  readonly backboneLabel: string;
  /** null while being counted. */
  readonly count: CacheCount | null;
  readonly rate: ExtractionRate | null;
  /** Every backend's benchmark, when the rate is the benchmark's. */
  readonly timings?: readonly BackendTiming[];
  /** Another real backbone: faster (with its cost relative to this one), or real where this is not. */
  readonly suggestion?: {
    readonly label: string;
    readonly reason: 'faster' | 'real';
    readonly costRatio: number | null;
    readonly costFrom: 'operations' | 'measured' | null;
    readonly use: () => void;
  } | null;
}

export function CostEstimate({ backboneLabel, count, rate, timings = [], suggestion }: Props) {
  const { toExtract, seconds } = count
    ? extractionCost(count, rate)
    : { toExtract: 0, seconds: null };
  const timed = rate?.basis === 'benchmark' ? timings.filter((t) => t.msPerImage !== null) : [];
  const faster =
    suggestion?.reason === 'faster' &&
    suggestion.costRatio !== null &&
    seconds !== null &&
    seconds > LONG_SECONDS;
  return (
    <div className={styles.box} data-testid="cost-estimate">
      <p className={styles.line}>{describeCost(backboneLabel, count, rate)}</p>
      {toExtract > 0 && timed.length > 1 && (
        <ul className={styles.list} aria-label="Estimated extraction time per backend">
          {timed.map((t) => (
            <li key={t.name}>
              {BACKEND_DEVICE[t.name].replace(/ (device|context|backend)$/, '')}:{' '}
              {duration((toExtract * t.msPerImage!) / 1000)} ({t.msPerImage!.toFixed(0)} ms/image)
            </li>
          ))}
        </ul>
      )}
      {suggestion?.reason === 'real' && (
        <p className={styles.line} data-testid="backbone-suggestion">
          {backboneLabel} has only generated (untrained) weights here: its features are random.{' '}
          {suggestion.label} has real weights.{' '}
          <button type="button" onClick={suggestion.use}>
            Use {suggestion.label}
          </button>
        </p>
      )}
      {faster && (
        <p className={styles.line} data-testid="backbone-suggestion">
          {suggestion.label} would take {about(seconds * suggestion.costRatio!)} (
          {suggestion.costFrom === 'measured'
            ? 'at its speed measured here'
            : 'estimated from its operation count'}
          ).{' '}
          <button type="button" onClick={suggestion.use}>
            Use {suggestion.label}
          </button>
        </p>
      )}
    </div>
  );
}
