// The "fine-tune the last block" action under the results: offered once per trained head, with what
// it will cost (storage, extraction and epoch time) measured on one batch before anything starts:
// by itself on WASM, where one measurement takes seconds, and on request elsewhere.
import { useEffect, useRef, useState } from 'react';
import type { FineTuneEstimate } from '../../shared/engine';
import forms from '../forms.module.css';
import { describeEstimate } from './describeEstimate';

interface Props {
  /** The model shown is already fine-tuned. */
  readonly fineTuned: boolean;
  /** Where it was fine-tuned, for people: 'WASM'; unknown for runs recorded before it was kept. */
  readonly fineTunedOn?: string;
  readonly disabled: boolean;
  readonly onStart: () => void;
  /** Measures the cost on one batch; an answer holds until `measureKey` changes (a new head, new settings). */
  readonly measure: () => Promise<FineTuneEstimate>;
  readonly measureKey: string;
  /**
   * Measure without being asked (WASM: seconds of the worker's time). Otherwise only on request: on
   * a software GPU one measurement compiles the gradient shaders and keeps the worker busy for
   * minutes the person did not ask to spend.
   */
  readonly measureByItself: boolean;
}

/** A moment for settings changed in a row to settle before a measurement starts by itself. */
const SETTLE_MS = 300;

export function FineTune(props: Props) {
  const { fineTuned, fineTunedOn, disabled, onStart, measure, measureKey } = props;
  const [estimate, setEstimate] = useState<{ key: string; text: string } | null>(null);
  const [measuring, setMeasuring] = useState<string | null>(null);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);
  const measureNow = () => {
    const key = measureKey;
    setMeasuring(key);
    measure()
      .then(
        (e) => live.current && setEstimate({ key, text: describeEstimate(e) }),
        (error: unknown) =>
          live.current &&
          setEstimate({
            key,
            text: `Cannot fine-tune this backbone: ${error instanceof Error ? error.message : String(error)}`,
          }),
      )
      .finally(() => live.current && setMeasuring(null));
  };
  const answered = estimate?.key === measureKey;
  const byItself = props.measureByItself && !fineTuned && !disabled && !answered;
  useEffect(() => {
    if (!byItself || measuring !== null) return;
    const timer = setTimeout(measureNow, SETTLE_MS);
    return () => clearTimeout(timer);
    // measureNow is a new function each render; what it reads is in the dependencies.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [byItself, measuring, measureKey]);
  const current = estimate?.key === measureKey ? estimate.text : null;
  return (
    <div className={forms.actionRow}>
      <button
        type="button"
        disabled={disabled || fineTuned}
        onClick={onStart}
        data-testid="fine-tune"
      >
        Fine-tune the last block
      </button>
      <span className={forms.muted}>
        {fineTuned
          ? `This model is fine-tuned${fineTunedOn ? ` (on ${fineTunedOn})` : ''}; train a new head to fine-tune again.`
          : "Trains the backbone's last block with this head (SGD, learning rate 1e-4, momentum 0.9), with the augmented views and test-time flip if they are on. Its input is computed once per image and saved."}
      </span>
      {!fineTuned && (
        <span className={forms.muted} data-testid="fine-tune-estimate">
          {current ??
            (measuring === measureKey || byItself ? (
              'Measuring the cost on one batch…'
            ) : (
              <button
                type="button"
                disabled={disabled || measuring !== null}
                onClick={measureNow}
                data-testid="fine-tune-measure"
              >
                What will it cost?
              </button>
            ))}
        </span>
      )}
    </div>
  );
}
