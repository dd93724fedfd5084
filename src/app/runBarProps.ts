// What the pinned progress bar shows for the session's current activity (null: nothing running).
// Pure, so the words for each phase are testable without React.
import type { RunBarProps } from '../ui/RunBar';
import { timeLeft as left } from '../ui/format';
import { backendChoiceWords } from '../ui/backendChoiceWords';
import type { SessionState } from './session';

export function runBarProps(state: SessionState, onStop: () => void): RunBarProps | null {
  const { activity } = state;
  switch (activity.phase) {
    case 'importing':
      return {
        title: 'Reading files',
        progress: { done: activity.done, total: activity.total },
        detail: `${activity.done.toLocaleString('en')} / ${activity.total.toLocaleString('en')} files`,
        eta: '',
      };
    case 'extracting': {
      const stop = { label: 'Cancel', busy: activity.cancelling, onStop };
      if (activity.waitingForOtherTab)
        return {
          title: 'Waiting for another tab',
          progress: null,
          detail: 'it is extracting features; this tab reuses them',
          eta: '',
          stop,
        };
      const p = activity.progress;
      if (!p && state.backendChoice)
        return { ...backendChoiceWords(state.backendChoice), progress: null, stop };
      if (!p)
        return {
          title: 'Extracting features',
          progress: null,
          detail: 'loading the backbone and checking the saved features',
          eta: '',
          stop,
        };
      const speed = p.imagesPerSecond > 0 ? ` · ${p.imagesPerSecond.toFixed(1)} images/s` : '';
      return {
        title: 'Extracting features',
        progress: { done: p.done, total: p.total },
        detail: `${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} images${speed}`,
        eta: p.done < p.total ? left(p.etaSeconds) : '',
        stop,
      };
    }
    case 'training': {
      const curves = state.curves;
      const epochs = curves?.epochs.length ?? 0;
      const planned = curves?.plannedEpochs ?? 0;
      return {
        title: 'Training',
        progress: { done: epochs, total: planned },
        detail: `epoch ${epochs} of up to ${planned}`,
        eta: epochs > 0 ? left(activity.epochEtaSeconds) : 'estimating time left…',
        stop: { label: 'Stop (keep best model)', busy: activity.stopping, onStop },
      };
    }
    default:
      return state.backendChoice
        ? { ...backendChoiceWords(state.backendChoice), progress: null }
        : null;
  }
}
