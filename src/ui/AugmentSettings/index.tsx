// Augmentation settings: the tutorial's ImageDataGenerator parameters, K views per training image
// (with what they will cost before anything runs), and test-time flip.
import type { ReactNode } from 'react';
import { MAX_VIEWS, type AugmentConfig } from '../../shared/augment';
import { about, plural } from '../format';
import forms from '../forms.module.css';
import styles from './AugmentSettings.module.css';

interface Props {
  readonly augment: AugmentConfig;
  readonly onChange: (augment: AugmentConfig) => void;
  readonly disabled: boolean;
  /** Training and test images of the imported dataset (null before an import). */
  readonly trainImages: number | null;
  readonly testImages: number | null;
  /** The backbone's measured speed on this device, when known. */
  readonly msPerImage: number | null;
}

function Num(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  unit?: string;
  onValue: (n: number) => void;
}): ReactNode {
  return (
    <label className={forms.field}>
      <span className={forms.label}>
        {props.label}
        {props.unit && <span className={styles.unit}> ({props.unit})</span>}
      </span>
      <input
        type="number"
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step}
        onChange={(e) => {
          const n = e.currentTarget.valueAsNumber;
          if (Number.isFinite(n) && n >= props.min && n <= props.max) props.onValue(n);
        }}
      />
    </label>
  );
}

/** "48 more images to extract, about 5 s at 94 ms/image": said before anything runs. */
export function extraExtraction(
  augment: AugmentConfig,
  trainImages: number | null,
  testImages: number | null,
  msPerImage: number | null,
): string {
  if (trainImages === null) return 'Import photos to see what this costs.';
  const extra = augment.views * trainImages + (augment.testTimeFlip ? (testImages ?? 0) : 0);
  if (extra === 0) return 'No extra features to extract.';
  const time = msPerImage
    ? `, ${about((extra * msPerImage) / 1000)} at ${Math.round(msPerImage)} ms/image`
    : '';
  return `Up to ${plural(extra, 'more image')} to extract${time} (views already saved are reused); training takes ${augment.views + 1} times as long per epoch.`;
}

export function AugmentSettings({ augment, onChange, disabled, ...cost }: Props) {
  const set = (patch: Partial<AugmentConfig>) => onChange({ ...augment, ...patch });
  return (
    <fieldset className={forms.settings} disabled={disabled}>
      <legend className={forms.legend}>Augmentation</legend>
      <label className={forms.field}>
        <span className={forms.label}>Augmented views per training image (K)</span>
        <select
          value={augment.views}
          onChange={(e) => set({ views: Number(e.currentTarget.value) })}
          data-testid="augment-views"
        >
          {Array.from({ length: MAX_VIEWS + 1 }, (_, k) => (
            <option key={k} value={k}>
              {k === 0 ? 'Off' : `${k} view${k > 1 ? 's' : ''}`}
            </option>
          ))}
        </select>
      </label>
      <div className={forms.fieldRow}>
        <Num
          label="Rotation"
          unit="±°"
          value={augment.rotation}
          min={0}
          max={180}
          step={1}
          onValue={(rotation) => set({ rotation })}
        />
        <Num
          label="Width shift"
          unit="±"
          value={augment.widthShift}
          min={0}
          max={0.9}
          step={0.05}
          onValue={(widthShift) => set({ widthShift })}
        />
        <Num
          label="Height shift"
          unit="±"
          value={augment.heightShift}
          min={0}
          max={0.9}
          step={0.05}
          onValue={(heightShift) => set({ heightShift })}
        />
        <Num
          label="Shear"
          unit="±°"
          value={augment.shear}
          min={0}
          max={80}
          step={0.1}
          onValue={(shear) => set({ shear })}
        />
        <Num
          label="Zoom"
          unit="±"
          value={augment.zoom}
          min={0}
          max={0.9}
          step={0.05}
          onValue={(zoom) => set({ zoom })}
        />
        <Num
          label="Seed"
          value={augment.seed}
          min={0}
          max={2 ** 31}
          step={1}
          onValue={(seed) => set({ seed })}
        />
      </div>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={augment.horizontalFlip}
          onChange={(e) => set({ horizontalFlip: e.currentTarget.checked })}
        />
        Random horizontal flip · edges filled with the nearest pixel
      </label>
      <label className={styles.check}>
        <input
          type="checkbox"
          checked={augment.testTimeFlip}
          onChange={(e) => set({ testTimeFlip: e.currentTarget.checked })}
          data-testid="augment-tta"
        />
        Test-time flip: average each test image with its mirror image
      </label>
      <span className={forms.hint} data-testid="augment-cost">
        {extraExtraction(augment, cost.trainImages, cost.testImages, cost.msPerImage)} Validation
        and test images are never augmented.
      </span>
    </fieldset>
  );
}
