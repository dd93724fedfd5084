// The training settings under Advanced: head, optimizer, learning rate, batch size, early stopping
// and seed. Defaults that work; a person who wants to change them opens Advanced.
import type { HeadKind, OptimizerKind, TrainConfig } from '../../shared/training';
import { Field, numberInput } from '../TrainSettings/fields';
import forms from '../forms.module.css';

interface Props {
  readonly train: TrainConfig;
  readonly onChange: (train: TrainConfig) => void;
  readonly disabled: boolean;
}

export function TrainAdvanced({ train, onChange, disabled }: Props) {
  const setTrain = (patch: Partial<TrainConfig>) => onChange({ ...train, ...patch });
  return (
    <fieldset className={forms.settings} disabled={disabled}>
      <legend className={forms.legend}>Training</legend>
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
