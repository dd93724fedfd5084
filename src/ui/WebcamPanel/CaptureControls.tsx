// Capture into the dataset: pick a class (or type a new one), or "Unlabeled" (label assist's pool:
// the model suggests a class, the person decides later), hold the button (or Space on it) to add
// frames at a limited rate, and review what was captured, removing frames before training.
import { useState, type KeyboardEvent, type RefObject } from 'react';
import type { ContentHash } from '../../shared/brand';
import type { AddedImage, DatasetEdit } from '../../shared/webcam';
import type { UnlabeledCapture } from '../../shared/labelAssist';
import { plural } from '../format';
import { Thumb } from '../Thumb';
import { CAPTURE_FPS, useCapture, type CaptureTo } from './useCapture';
import styles from './WebcamPanel.module.css';

const NEW_CLASS = '\u0000new';
/** The choice "Unlabeled": no class name can hold a NUL. */
const UNLABELED = '\u0000unlabeled';
/** Captured frames shown for review; older ones stay in the dataset table. */
const REVIEW_LIMIT = 40;

interface Props {
  readonly videoRef: RefObject<HTMLVideoElement | null>;
  readonly classCounts: readonly { readonly name: string; readonly count: number }[];
  readonly disabled: string | null;
  readonly capture: (frames: ImageBitmap[], className: string) => Promise<DatasetEdit>;
  /** Frames into the unlabelled pool (label assist); no "Unlabeled" choice without it. */
  readonly captureUnlabeled?: (frames: ImageBitmap[]) => Promise<UnlabeledCapture>;
  /** Photos of the pool still without a label. */
  readonly unlabeledCount: number;
  readonly captured: readonly AddedImage[];
  readonly remove: (ids: readonly ContentHash[]) => Promise<void>;
}

export function CaptureControls({
  videoRef,
  classCounts,
  disabled,
  capture,
  captureUnlabeled,
  unlabeledCount,
  captured,
  remove,
}: Props) {
  const [choice, setChoice] = useState(classCounts[0]?.name ?? NEW_CLASS);
  const [typed, setTyped] = useState('');
  const unlabeled = choice === UNLABELED && captureUnlabeled !== undefined;
  const isNew = !unlabeled && (choice === NEW_CLASS || !classCounts.some((c) => c.name === choice));
  const className = unlabeled ? UNLABELED : isNew ? typed.trim() : choice;
  const captureTo: CaptureTo = (frames, name) =>
    name === UNLABELED && captureUnlabeled ? captureUnlabeled(frames) : capture(frames, name);
  const { holding, problem, start, stop, setProblem } = useCapture(videoRef, className, captureTo);
  const count = classCounts.find((c) => c.name === className)?.count ?? 0;

  const begin = () => {
    if (disabled) return;
    if (className === '') setProblem('Type a name for the new class first.');
    else start();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) {
      event.preventDefault();
      begin();
    }
  };
  const onKeyUp = (event: KeyboardEvent) => {
    if (event.key === ' ' || event.key === 'Enter') stop();
  };

  return (
    <div className={styles.capture}>
      <h4 className={styles.h4}>Add frames to the dataset</h4>
      <div className={styles.row}>
        <label>
          Add to{' '}
          <select
            aria-label="Add to class"
            value={unlabeled ? UNLABELED : isNew ? NEW_CLASS : choice}
            onChange={(e) => setChoice(e.target.value)}
          >
            {classCounts.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.count})
              </option>
            ))}
            <option value={NEW_CLASS}>New class…</option>
            {captureUnlabeled && (
              <option value={UNLABELED}>Unlabeled, label later ({unlabeledCount})</option>
            )}
          </select>
        </label>
        {isNew && (
          <input
            aria-label="New class name"
            placeholder="New class name"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        )}
        <button
          type="button"
          className={holding ? styles.holding : styles.primary}
          disabled={disabled !== null}
          onPointerDown={(event) => {
            // Held even if the pointer drifts off the button; released on pointerup anywhere.
            event.currentTarget.setPointerCapture(event.pointerId);
            begin();
          }}
          onPointerUp={stop}
          onPointerCancel={stop}
          onKeyDown={onKeyDown}
          onKeyUp={onKeyUp}
          onBlur={stop}
        >
          {holding ? 'Capturing…' : 'Hold to capture'}
        </button>
        <span className={styles.muted} data-testid="capture-count">
          {unlabeled
            ? `${plural(unlabeledCount, 'photo')} without a label`
            : className
              ? `${plural(count, 'image')} in "${className}"`
              : ''}
        </span>
      </div>
      <p className={styles.muted}>
        {disabled ??
          (unlabeled
            ? `Up to ${CAPTURE_FPS} frames a second while held (Space works too). Frames join the photos without a label (step 1): the model suggests a class for each, you decide.`
            : `Up to ${CAPTURE_FPS} frames a second while held (Space works too). Frames join the dataset like dropped photos; press Train to use them.`)}
      </p>
      {problem && (
        <p className={styles.error} role="alert">
          {problem}
        </p>
      )}
      {captured.length > 0 && (
        <details className={styles.review}>
          <summary>Review captured frames ({captured.length}) </summary>
          <button type="button" onClick={() => void remove(captured.map((c) => c.id))}>
            Remove all captured
          </button>
          <ul className={styles.thumbs} aria-label="Captured frames">
            {captured.slice(-REVIEW_LIMIT).map((image) => (
              <li key={image.id}>
                <Thumb blob={image.file} alt={image.path} size={64} />
                <button
                  type="button"
                  aria-label={`Remove ${image.path}`}
                  onClick={() => void remove([image.id])}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
