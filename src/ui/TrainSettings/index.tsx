// The training settings form: backbone, input size, head, optimizer and schedule.
import type { ReactNode } from 'react';
import type { HeadKind, OptimizerKind, TrainConfig } from '../../shared/training';
import { INPUT_SIZES, type BackboneChoice, type Settings } from '../../shared/session';
import {
  BUILTIN_BACKBONES,
  BUILTIN_BACKBONE_FACTS,
  type BuiltinBackboneId,
} from '../../shared/backbone';
import styles from './TrainSettings.module.css';

interface Props {
  readonly settings: Settings;
  readonly onChange: (settings: Settings) => void;
  readonly disabled: boolean;
}

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className={styles.field}>
      <span className={styles.label}>{label}</span>
      {children}
      {hint && <span className={styles.hint}>{hint}</span>}
    </label>
  );
}

function numberInput(
  value: number,
  onValue: (n: number) => void,
  attrs: { min: number; max: number; step: number | 'any' },
) {
  return (
    <input
      type="number"
      value={value}
      {...attrs}
      onChange={(e) => {
        const n = e.currentTarget.valueAsNumber;
        if (Number.isFinite(n) && n >= attrs.min && n <= attrs.max) onValue(n);
      }}
    />
  );
}

const isBuiltin = (value: string): value is BuiltinBackboneId =>
  (BUILTIN_BACKBONES as readonly string[]).includes(value);

function backboneHint(choice: BackboneChoice): string {
  if (choice.kind === 'descriptor')
    return 'Any TensorFlow.js layers model, described by a small JSON file.';
  const facts = BUILTIN_BACKBONE_FACTS[choice.id];
  return `${facts.summary} Features: ${facts.featureShapeAt224.join(' × ')} at 224 px.`;
}

export function TrainSettings({ settings, onChange, disabled }: Props) {
  const setTrain = (patch: Partial<TrainConfig>) =>
    onChange({ ...settings, train: { ...settings.train, ...patch } });
  const { train } = settings;
  return (
    <fieldset className={styles.form} disabled={disabled}>
      <legend className={styles.legend}>Settings</legend>
      <Field label="Backbone" hint={backboneHint(settings.backbone)}>
        <select
          value={settings.backbone.kind === 'builtin' ? settings.backbone.id : 'descriptor'}
          onChange={(e) => {
            const value = e.currentTarget.value;
            onChange({
              ...settings,
              backbone: isBuiltin(value)
                ? { kind: 'builtin', id: value }
                : { kind: 'descriptor', url: '' },
              inputSize: isBuiltin(value)
                ? (settings.inputSize ?? BUILTIN_BACKBONE_FACTS[value].defaultInputSize)
                : null,
            });
          }}
        >
          {BUILTIN_BACKBONES.map((id) => {
            const facts = BUILTIN_BACKBONE_FACTS[id];
            return (
              <option key={id} value={id}>
                {facts.label} · {(facts.params / 1e6).toFixed(1)}M parameters · {facts.gflopsAt224}{' '}
                GFLOP/image
              </option>
            );
          })}
          <option value="descriptor">Custom (descriptor URL)</option>
        </select>
      </Field>
      {settings.backbone.kind === 'descriptor' && (
        <Field
          label="Descriptor URL"
          hint="JSON: name, modelUrl, inputSize, preprocess, featureLayer."
        >
          <input
            type="url"
            value={settings.backbone.url}
            onChange={(e) =>
              onChange({
                ...settings,
                backbone: { kind: 'descriptor', url: e.currentTarget.value },
              })
            }
          />
        </Field>
      )}
      <Field label="Input size" hint="Pixels per side. Larger is slower; 224 is VGG16's own size.">
        <select
          value={settings.inputSize ?? ''}
          onChange={(e) =>
            onChange({
              ...settings,
              inputSize: e.currentTarget.value === '' ? null : Number(e.currentTarget.value),
            })
          }
        >
          {settings.backbone.kind === 'descriptor' && <option value="">Backbone default</option>}
          {[...new Set([...INPUT_SIZES, ...(settings.inputSize ? [settings.inputSize] : [])])]
            .sort((a, b) => a - b)
            .map((size) => (
              <option key={size} value={size}>
                {size} × {size}
              </option>
            ))}
        </select>
      </Field>
      <Field label="Head" hint="Pooled: small and robust. Flatten: the original tutorial's head.">
        <select
          value={train.head}
          onChange={(e) => setTrain({ head: e.currentTarget.value as HeadKind })}
        >
          <option value="pooled">Global average pooling → Dense 256 → Dropout → Softmax</option>
          <option value="flatten">Flatten → Dense 256 → Dropout → Softmax</option>
        </select>
      </Field>
      <Field label="Optimizer">
        <select
          value={train.optimizer}
          onChange={(e) => setTrain({ optimizer: e.currentTarget.value as OptimizerKind })}
        >
          <option value="adam">Adam</option>
          <option value="sgd">SGD with momentum 0.9</option>
        </select>
      </Field>
      <div className={styles.row}>
        <Field label="Learning rate">
          {numberInput(train.learningRate, (learningRate) => setTrain({ learningRate }), {
            min: 1e-6,
            max: 1,
            step: 'any',
          })}
        </Field>
        <Field label="Epochs">
          {numberInput(train.epochs, (epochs) => setTrain({ epochs }), {
            min: 1,
            max: 1000,
            step: 1,
          })}
        </Field>
        <Field label="Batch size">
          {numberInput(train.batchSize, (batchSize) => setTrain({ batchSize }), {
            min: 1,
            max: 1024,
            step: 1,
          })}
        </Field>
        <Field label="Early-stop patience" hint="Epochs; 0 = off">
          {numberInput(train.patience, (patience) => setTrain({ patience }), {
            min: 0,
            max: 1000,
            step: 1,
          })}
        </Field>
        <Field label="Seed">
          {numberInput(train.seed, (seed) => setTrain({ seed }), { min: 0, max: 2 ** 31, step: 1 })}
        </Field>
      </div>
    </fieldset>
  );
}
