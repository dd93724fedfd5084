// The webcam's "Show evidence" switch: the live frames explained (Grad-CAM heatmap over the video)
// and what that costs, measured here: predictions per second with the switch on and off, each the
// last rate the live loop measured in that mode (nothing shown for a mode not yet measured).
import { useState } from 'react';
import { formatFps } from './liveStats';
import type { LiveState } from './useLiveClassifier';
import styles from './WebcamPanel.module.css';

interface Props {
  readonly on: boolean;
  readonly onChange: (on: boolean) => void;
  readonly live: LiveState;
  readonly disabled: boolean;
}

interface Rates {
  readonly with: number | null;
  readonly without: number | null;
}

export function EvidenceSwitch({ on, onChange, live, disabled }: Props) {
  const [rates, setRates] = useState<Rates>({ with: null, without: null });
  // Each new rate is kept for its mode as it arrives (state updated while rendering, guarded).
  if (live.kind === 'live' && live.view.fps !== null) {
    const key = live.view.evidence ? 'with' : 'without';
    if (rates[key] !== live.view.fps) setRates({ ...rates, [key]: live.view.fps });
  }
  const words = (fps: number | null) => (fps === null ? 'not measured yet' : `${formatFps(fps)}`);
  return (
    <div className={styles.evidenceRow}>
      <label className={styles.check}>
        <input
          type="checkbox"
          role="switch"
          checked={on}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
        />
        Show evidence
      </label>
      <span
        className={styles.muted}
        data-testid="evidence-cost"
        {...(rates.with !== null && { 'data-fps-with': rates.with.toFixed(2) })}
        {...(rates.without !== null && { 'data-fps-without': rates.without.toFixed(2) })}
      >
        frames/s with evidence: {words(rates.with)}; without: {words(rates.without)}
      </span>
    </div>
  );
}
