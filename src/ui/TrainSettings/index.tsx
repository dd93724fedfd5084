// The training settings form: backbone, input size, head, optimizer and schedule.
import { cloneElement, useId, type ReactElement } from 'react';
import type { HeadKind, OptimizerKind, TrainConfig } from '../../shared/training';
import { INPUT_SIZES, type BackboneChoice, type Settings } from '../../shared/session';
import {
  BUILTIN_BACKBONES,
  BUILTIN_BACKBONE_FACTS,
  gflopsAt224,
  type BuiltinBackboneId,
} from '../../shared/backbone';
import type { ImportedBackbone } from '../../shared/backboneImport';
import forms from '../forms.module.css';

interface Props {
  readonly settings: Settings;
  readonly onChange: (settings: Settings) => void;
  readonly disabled: boolean;
  /** Backbones imported into this browser, offered beside the built-in ones. */
  readonly imported?: readonly ImportedBackbone[];
  /** The person picked "Import a model…": show the import panel. */
  readonly onImportRequested?: () => void;
}

const IMPORT_OPTION = 'import';
const IMPORTED_PREFIX = 'imported:';

/** A labelled control; the hint describes it (aria-describedby) without becoming part of its name. */
function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: ReactElement<{ 'aria-describedby'?: string }>;
}) {
  const hintId = useId();
  return (
    <div className={forms.fieldTop}>
      <label className={forms.fieldTop}>
        <span className={forms.label}>{label}</span>
        {hint ? cloneElement(children, { 'aria-describedby': hintId }) : children}
      </label>
      {hint && (
        <span className={forms.hint} id={hintId}>
          {hint}
        </span>
      )}
    </div>
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

function backboneHint(choice: BackboneChoice, imported: readonly ImportedBackbone[]): string {
  if (choice.kind === 'descriptor')
    return 'Any TensorFlow.js layers model, described by a small JSON file.';
  if (choice.kind === 'imported') {
    const b = imported.find((i) => i.id === choice.id);
    return b
      ? `Imported from ${b.from}: layer ${b.featureLayer}, features ${b.featureShape.join(' × ')} at ${b.inputSize} px.`
      : 'Imported backbone.';
  }
  const facts = BUILTIN_BACKBONE_FACTS[choice.id];
  return `${facts.summary} ${(facts.params / 1e6).toFixed(1)}M parameters, ${gflopsAt224(facts).toFixed(1)} GFLOP per 224 px image (${facts.gMultiplyAddsAt224} G multiply-adds), features ${facts.featureShapeAt224.join(' × ')}.`;
}

function inputSizeHint(choice: BackboneChoice, imported: readonly ImportedBackbone[]): string {
  const own =
    choice.kind === 'builtin'
      ? `${BUILTIN_BACKBONE_FACTS[choice.id].defaultInputSize} is ${BUILTIN_BACKBONE_FACTS[choice.id].label}'s own size`
      : choice.kind === 'imported' && imported.find((i) => i.id === choice.id)
        ? `its own size is ${imported.find((i) => i.id === choice.id)!.inputSize}`
        : 'the backbone default is the size it declares';
  return `Pixels per side. Larger is slower; ${own}.`;
}

function selectValue(choice: BackboneChoice): string {
  if (choice.kind === 'builtin') return choice.id;
  return choice.kind === 'imported' ? IMPORTED_PREFIX + choice.id : 'descriptor';
}

export function TrainSettings({
  settings,
  onChange,
  disabled,
  imported = [],
  onImportRequested,
}: Props) {
  const setTrain = (patch: Partial<TrainConfig>) =>
    onChange({ ...settings, train: { ...settings.train, ...patch } });
  const { train } = settings;
  return (
    <fieldset className={forms.settings} disabled={disabled}>
      <legend className={forms.legend}>Settings</legend>
      <Field label="Backbone" hint={backboneHint(settings.backbone, imported)}>
        <select
          value={selectValue(settings.backbone)}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value === IMPORT_OPTION) return onImportRequested?.();
            onChange({
              ...settings,
              backbone: isBuiltin(value)
                ? { kind: 'builtin', id: value }
                : value.startsWith(IMPORTED_PREFIX)
                  ? { kind: 'imported', id: value.slice(IMPORTED_PREFIX.length) }
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
                {facts.label} · {gflopsAt224(facts).toFixed(1)} GFLOP
              </option>
            );
          })}
          {imported.map((b) => (
            <option key={b.id} value={IMPORTED_PREFIX + b.id}>
              {b.name} · imported
            </option>
          ))}
          {onImportRequested && (
            <option value={IMPORT_OPTION}>Import a model (folder, files, URL)…</option>
          )}
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
      <Field label="Input size" hint={inputSizeHint(settings.backbone, imported)}>
        <select
          value={settings.inputSize ?? ''}
          onChange={(e) =>
            onChange({
              ...settings,
              inputSize: e.currentTarget.value === '' ? null : Number(e.currentTarget.value),
            })
          }
        >
          {settings.backbone.kind !== 'builtin' && <option value="">Backbone default</option>}
          {[...new Set([...INPUT_SIZES, ...(settings.inputSize ? [settings.inputSize] : [])])]
            .sort((a, b) => a - b)
            .map((size) => (
              <option key={size} value={size}>
                {size} × {size}
              </option>
            ))}
        </select>
      </Field>
      <Field
        label="Head"
        hint="Pooled (global average): small and robust. Flatten: the original tutorial's. Both with dropout."
      >
        <select
          value={train.head}
          onChange={(e) => setTrain({ head: e.currentTarget.value as HeadKind })}
        >
          <option value="pooled">Pooled → Dense 256 → softmax</option>
          <option value="flatten">Flatten → Dense 256 → softmax</option>
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
      <div className={forms.fieldRow}>
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
