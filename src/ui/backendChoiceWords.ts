// The words for the backend choice while it runs, shared by the status bar and the pinned progress
// bar: what it is doing (probing, timing which backend, n of m), what was ruled out, and time left.
import type { BackendName } from '../shared/backbone';
import type { BackendChoiceProgress } from '../shared/events';
import { timeLeft } from './format';

const SHORT: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'plain JS',
};

export interface ChoiceWords {
  readonly title: string;
  readonly detail: string;
  /** The detail without what was ruled out: for the one-line status bar. */
  readonly short: string;
  /** "about 2 s left", "estimating time left…", or '' while probing (milliseconds). */
  readonly eta: string;
}

function list(names: readonly BackendName[]): string {
  const words = names.map((n) => SHORT[n]);
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

export function backendChoiceWords(p: BackendChoiceProgress): ChoiceWords {
  const title = 'Choosing the fastest backend';
  if (p.stage === 'probing') {
    const detail = 'looking at this device’s backends (first use only)';
    return { title, detail, short: detail, eta: '' };
  }
  const ruledOut = p.ruledOut.length ? `; ${list(p.ruledOut)} ruled out (cannot win here)` : '';
  const short = `${p.step === 'loading' ? 'loading the backbone on' : 'timing'} ${SHORT[p.backend]} (${p.index} of ${p.count})`;
  return {
    title,
    detail: `${short}${ruledOut}`,
    short,
    eta: timeLeft(p.etaSeconds ?? NaN),
  };
}
