// Bring any backbone without writing JSON: a TensorFlow.js layers model as a folder, files or a URL,
// or a Teachable Machine image export. The worker inspects it and proposes the feature layer, input
// size and preprocessing, each with its reason; the person checks, changes if needed, and keeps it.
import { useEffect, useRef, useState } from 'react';
import { PREPROCESS_MODES, type PreprocessMode } from '../../shared/backbone';
import type {
  BackboneImportChoice,
  BackboneImportSource,
  BackboneInspection,
  ImportedBackbone,
} from '../../shared/backboneImport';
import type { DroppedFile } from '../../shared/dataset';
import { formatBytes } from '../../shared/text';
import forms from '../forms.module.css';
import { SourcePicker } from '../SourcePicker';
import { reveal } from '../reveal';
import styles from './BackboneImport.module.css';

export const PREPROCESS_WORDS: Record<PreprocessMode, string> = {
  caffe: 'BGR minus ImageNet means (Keras VGG16, ResNet)',
  tf: 'Scale to [-1, 1] (MobileNet, Teachable Machine)',
  unit: 'Scale to [0, 1]',
};

interface Props {
  readonly disabled: boolean;
  readonly inspect: (source: BackboneImportSource) => Promise<BackboneInspection>;
  readonly save: (token: string, choice: BackboneImportChoice) => Promise<ImportedBackbone>;
  readonly onSaved: (backbone: ImportedBackbone) => void;
  readonly onClose: () => void;
}

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working'; readonly words: string }
  | { readonly kind: 'inspected'; readonly inspection: BackboneInspection }
  | { readonly kind: 'refused'; readonly message: string };

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const shapeWords = (shape: readonly (number | null)[]) =>
  shape.map((d) => d ?? '?').join(' × ') || 'scalar';

export function BackboneImport({ disabled, inspect, save, onSaved, onClose }: Props) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [choice, setChoice] = useState<BackboneImportChoice | null>(null);
  const busy = disabled || status.kind === 'working';
  // Opened from the backbone picker: into view and focus, not somewhere below unannounced.
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => reveal(title.current), []);

  const run = async (source: BackboneImportSource) => {
    setStatus({ kind: 'working', words: 'Reading and inspecting the model…' });
    try {
      const inspection = await inspect(source);
      setChoice({
        name: inspection.suggestedName,
        featureLayer: inspection.proposedLayer,
        inputSize: inspection.inputSize,
        preprocess: inspection.preprocess,
      });
      setStatus({ kind: 'inspected', inspection });
    } catch (error) {
      setStatus({ kind: 'refused', message: messageOf(error) });
    }
  };

  const keep = async (inspection: BackboneInspection, c: BackboneImportChoice) => {
    setStatus({ kind: 'working', words: 'Checking the backbone at these settings and saving it…' });
    try {
      onSaved(await save(inspection.token, c));
    } catch (error) {
      setStatus({ kind: 'refused', message: messageOf(error) });
    }
  };

  const pick = (list: FileList, folder: boolean) => {
    const files: DroppedFile[] = Array.from(list, (file) => ({
      file,
      path: (folder && file.webkitRelativePath) || file.name,
    }));
    void run({ kind: 'files', files });
  };

  return (
    <section className={styles.panel} aria-labelledby="import-title">
      <div className={styles.top}>
        <h3 id="import-title" className={styles.title} ref={title} tabIndex={-1}>
          Import a backbone
        </h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className={forms.muted}>
        A TensorFlow.js layers model (<code>model.json</code> with its <code>.bin</code> files), or
        a Teachable Machine image export (its <code>metadata.json</code> too). It is inspected here
        and kept in this browser; it works offline.
      </p>
      <SourcePicker
        pickers={[
          {
            kind: 'folder',
            words: 'Model folder…',
            ariaLabel: 'Backbone model folder',
            onPick: (list) => pick(list, true),
          },
          {
            kind: 'files',
            words: 'Model files…',
            ariaLabel: 'Backbone model files',
            accept: '.json,.bin',
            multiple: true,
            onPick: (list) => pick(list, false),
          },
        ]}
        url={{
          ariaLabel: 'Backbone model URL',
          submitWords: 'Inspect',
          onUrl: (href) => void run({ kind: 'url', url: href }),
        }}
        disabled={busy}
        urlClassName={styles.url}
      />
      {status.kind === 'working' && <p role="status">{status.words}</p>}
      {status.kind === 'refused' && (
        <p role="alert" className={forms.error} data-testid="import-refused">
          Refused: {status.message}
        </p>
      )}
      {status.kind === 'inspected' && choice && (
        <Proposal
          inspection={status.inspection}
          choice={choice}
          onChange={setChoice}
          onKeep={() => void keep(status.inspection, choice)}
          disabled={busy}
        />
      )}
    </section>
  );
}

interface ProposalProps {
  readonly inspection: BackboneInspection;
  readonly choice: BackboneImportChoice;
  readonly onChange: (choice: BackboneImportChoice) => void;
  readonly onKeep: () => void;
  readonly disabled: boolean;
}

function Proposal({ inspection: i, choice, onChange, onKeep, disabled }: ProposalProps) {
  return (
    <div className={styles.proposal} data-testid="import-proposal">
      <p className={styles.found}>
        {i.teachableMachine ? (
          <>
            <strong>Teachable Machine export</strong> (trained there on{' '}
            {i.teachableMachine.labels.join(', ')}): its base gives the features.
          </>
        ) : (
          <strong>TensorFlow.js layers model</strong>
        )}{' '}
        From {i.from}, {formatBytes(i.weightBytes)} of weights.
      </p>
      <label className={styles.field}>
        <span className={styles.label}>Feature layer</span>
        <select
          value={choice.featureLayer}
          onChange={(e) => onChange({ ...choice, featureLayer: e.currentTarget.value })}
        >
          {i.candidates.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} · {c.className} · {shapeWords(c.outputShape)}
              {c.name === i.proposedLayer ? ' (proposed)' : ''}
            </option>
          ))}
        </select>
        <span className={styles.hint} data-testid="layer-reason">
          {i.layerReason}
        </span>
      </label>
      <label className={styles.field}>
        <span className={styles.label}>Input size (pixels per side)</span>
        <input
          type="number"
          min={8}
          max={1024}
          value={choice.inputSize}
          disabled={i.inputSizeFixed}
          onChange={(e) => {
            const n = e.currentTarget.valueAsNumber;
            if (Number.isInteger(n) && n >= 8 && n <= 1024) onChange({ ...choice, inputSize: n });
          }}
        />
        <span className={styles.hint}>{i.inputSizeReason}</span>
      </label>
      <label className={styles.field}>
        <span className={styles.label}>Preprocessing</span>
        <select
          value={choice.preprocess}
          onChange={(e) =>
            onChange({ ...choice, preprocess: e.currentTarget.value as PreprocessMode })
          }
        >
          {PREPROCESS_MODES.map((m) => (
            <option key={m} value={m}>
              {PREPROCESS_WORDS[m]}
            </option>
          ))}
        </select>
        <span className={styles.hint}>{i.preprocessReason}</span>
      </label>
      <label className={styles.field}>
        <span className={styles.label}>Name</span>
        <input
          type="text"
          value={choice.name}
          onChange={(e) => onChange({ ...choice, name: e.currentTarget.value })}
        />
      </label>
      <button type="button" className={styles.keep} disabled={disabled} onClick={onKeep}>
        Use this backbone
      </button>
    </div>
  );
}
