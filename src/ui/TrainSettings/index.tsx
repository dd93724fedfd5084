// The training settings always in view: backbone, input size and epochs. The rest (head, optimizer,
// schedule, augmentation) waits under Advanced (TrainAdvanced, AugmentSettings).
import type { TrainConfig } from '../../shared/training';
import { INPUT_SIZES, type BackboneChoice, type Settings } from '../../shared/session';
import {
  BUILTIN_BACKBONES,
  BUILTIN_BACKBONE_FACTS,
  gflopsAt224,
  type BuiltinBackboneId,
} from '../../shared/backbone';
import type { ImportedBackbone } from '../../shared/backboneImport';
import forms from '../forms.module.css';
import { Field, numberInput } from './fields';
import { inputSizeHint } from './inputSizeHint';

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
      <Field label="Epochs" hint="At most; early stopping usually ends sooner.">
        {numberInput(train.epochs, (epochs) => setTrain({ epochs }), {
          min: 1,
          max: 1000,
          step: 1,
        })}
      </Field>
    </fieldset>
  );
}
