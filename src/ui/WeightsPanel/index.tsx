// Real pretrained weights for a built-in backbone: what is in use, and three ways to supply them
// (Keras's .h5 file, a TensorFlow.js model folder, or a URL). Stored in this browser once.
import { useState, type DragEvent } from 'react';
import {
  BUILTIN_BACKBONE_FACTS,
  type BackboneInfo,
  type BuiltinBackboneId,
} from '../../shared/backbone';
import type {
  InstalledWeights,
  WeightsInstallEvent,
  WeightsInstallSource,
} from '../../shared/engine';
import { filesFromFolderInput, walkEntries } from '../walk';
import { formatBytes } from '../../shared/text';
import { describeWeights, shortHash } from '../weightsWords';
import forms from '../forms.module.css';
import { SourcePicker } from '../SourcePicker';
import styles from './WeightsPanel.module.css';
import { errorMessage } from '../../shared/text';

const STAGE_WORDS: Record<WeightsInstallEvent['stage'], string> = {
  reading: 'Reading…',
  converting: 'Converting the Keras file…',
  verifying: 'Checking every layer…',
  saving: 'Saving in this browser…',
};

type Status =
  | { readonly kind: 'idle' }
  | { readonly kind: 'working'; readonly stage: WeightsInstallEvent['stage'] }
  | { readonly kind: 'installed'; readonly weights: InstalledWeights }
  | { readonly kind: 'refused'; readonly message: string };

interface Props {
  readonly id: BuiltinBackboneId;
  /** The backbone loaded now, if it is this one: says which weights are in use. */
  readonly inUse: BackboneInfo | null;
  readonly disabled: boolean;
  readonly install: (
    id: BuiltinBackboneId,
    source: WeightsInstallSource,
    onStage: (stage: WeightsInstallEvent['stage']) => void,
  ) => Promise<InstalledWeights>;
}

/** The panel's element id: a warning beside a result scrolls to it and focuses it. */
export const WEIGHTS_PANEL_ID = 'weights-panel';

/** Brings the panel into view and focus: the way from a meaningless result to real weights. */
export function openWeightsPanel() {
  const panel = document.getElementById(WEIGHTS_PANEL_ID);
  panel?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  panel?.focus({ preventScroll: true });
}

export function WeightsPanel({ id, inUse, disabled, install }: Props) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const facts = BUILTIN_BACKBONE_FACTS[id];
  const busy = disabled || status.kind === 'working';

  const run = async (source: WeightsInstallSource) => {
    setStatus({ kind: 'working', stage: 'reading' });
    try {
      const weights = await install(id, source, (stage) => setStatus({ kind: 'working', stage }));
      setStatus({ kind: 'installed', weights });
    } catch (error) {
      setStatus({
        kind: 'refused',
        message: errorMessage(error),
      });
    }
  };

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    if (busy) return;
    const entries = [...event.dataTransfer.items]
      .map((item) => item.webkitGetAsEntry())
      .filter((entry): entry is FileSystemEntry => entry !== null);
    const files = await walkEntries(entries);
    const h5 = files.length === 1 && /\.(h5|hdf5|keras)$/i.test(files[0]!.path) ? files[0]! : null;
    void run(h5 ? { kind: 'h5', file: h5.file, name: h5.path } : { kind: 'folder', files });
  };

  return (
    <section
      id={WEIGHTS_PANEL_ID}
      tabIndex={-1}
      className={styles.panel}
      aria-label={`${facts.label} weights`}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => void onDrop(e)}
    >
      <h3 className={styles.title}>{facts.label} weights</h3>
      <p
        className={inUse?.weights.kind === 'generated' ? styles.warning : forms.muted}
        data-testid="weights-in-use"
      >
        {inUse ? `In use: ${describeWeights(inUse)}` : 'Not loaded yet.'}
      </p>
      <p className={forms.muted}>
        Drop Keras's <code>{facts.kerasFileName}</code> here, or a TensorFlow.js model folder. It is
        checked layer by layer and kept in this browser, so it is needed only once and works
        offline.
      </p>
      <SourcePicker
        pickers={[
          {
            kind: 'files',
            words: '.h5 file…',
            ariaLabel: 'Weights file',
            accept: '.h5,.hdf5',
            multiple: false,
            onPick: (files) => {
              const file = files[0];
              if (file) void run({ kind: 'h5', file, name: file.name });
            },
          },
          {
            kind: 'folder',
            words: 'Model folder…',
            ariaLabel: 'Weights folder',
            onPick: (files) => void run({ kind: 'folder', files: filesFromFolderInput(files) }),
          },
        ]}
        url={{
          ariaLabel: 'Weights URL',
          submitWords: 'Load',
          onUrl: (url) => void run({ kind: 'url', url }),
        }}
        disabled={busy}
        urlClassName={styles.url}
      />
      {status.kind === 'working' && <p role="status">{STAGE_WORDS[status.stage]}</p>}
      {status.kind === 'installed' && (
        <p role="status" data-testid="weights-installed">
          Installed {formatBytes(status.weights.bytes)} from {status.weights.from} (weights{' '}
          {shortHash(status.weights.weightsHash)}).
        </p>
      )}
      {status.kind === 'refused' && (
        <p role="alert" className={forms.error}>
          Refused: {status.message} The weights already installed are unchanged.
        </p>
      )}
    </section>
  );
}
