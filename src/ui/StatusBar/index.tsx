// The always-visible facts: what the app is doing, on which backend, with which backbone weights.
import type { Phase } from '../../shared/session';
import type { BackboneInfo } from '../../shared/backbone';
import type { BackendStatus } from '../../shared/engine';
import type { StorageUsage } from '../../shared/session';
import type { BackendChoiceProgress } from '../../shared/events';
import { backendChoiceWords } from '../backendChoiceWords';
import { formatBytes } from '../../shared/text';
import { describeWeights } from '../weightsWords';
import styles from './StatusBar.module.css';

const PHASE_WORDS: Record<Phase, string> = {
  idle: 'Ready',
  importing: 'Reading files',
  extracting: 'Extracting features',
  training: 'Training',
  done: 'Trained',
  error: 'Error',
};

interface Props {
  readonly phase: Phase;
  readonly backend: BackendStatus | null;
  /** The backend choice in progress (first use of a backbone on this device), else null. */
  readonly backendChoice: BackendChoiceProgress | null;
  readonly backbone: BackboneInfo | null;
  readonly usage: StorageUsage | null;
  /** Work running beside the phase (a k-fold estimate, say), in words; null when none. */
  readonly working: string | null;
}

export function StatusBar({ phase, backend, backendChoice, backbone, usage, working }: Props) {
  const choice = backendChoice && backendChoiceWords(backendChoice);
  return (
    <dl className={styles.bar}>
      <div>
        <dt>Status</dt>
        <dd>
          {PHASE_WORDS[phase]}
          {working && <span className={styles.detail}> · {working}…</span>}
          {/* The automation contract reads the code; people read the words. */}
          <code className={styles.machine} data-testid="phase" aria-hidden>
            {phase}
          </code>
        </dd>
      </div>
      <div>
        <dt>Backend</dt>
        <dd title={backend?.detail}>
          <span data-testid="backend">{backend ? backend.name : 'starting…'}</span>
          {choice ? (
            <span
              className={styles.detail}
              role="status"
              data-testid="backend-choice"
              title={choice.detail}
            >
              {' '}
              choosing the fastest: {choice.short}
              {choice.eta && ` · ${choice.eta}`}
            </span>
          ) : (
            backend && <span className={styles.detail}> {backend.detail}</span>
          )}
        </dd>
      </div>
      <div>
        <dt>Backbone</dt>
        <dd data-testid="backbone">
          {backbone ? (
            <>
              {backbone.name} {backbone.inputSize}px ·{' '}
              <span className={backbone.weights.kind === 'generated' ? styles.warning : undefined}>
                {describeWeights(backbone)}
              </span>
            </>
          ) : (
            'loads on Train'
          )}
        </dd>
      </div>
      {usage && (
        <div>
          <dt>Storage</dt>
          <dd
            title={
              usage.persisted
                ? 'Persistent: the browser will not evict it'
                : 'The browser may evict it under pressure'
            }
          >
            {formatBytes(usage.usageBytes)} of {formatBytes(usage.quotaBytes)}
          </dd>
        </div>
      )}
    </dl>
  );
}
