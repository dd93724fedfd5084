// Work started beside the session's phases: the fine-tuning cost measurement, the k-fold estimate,
// the data check, label assist's retrain after every N labels. They run in the engine worker, whose
// one thread a software GPU's synchronous shader compiles hold for minutes, so an action started
// meanwhile (train, import, open a project) would sit silently behind them. While one runs the page
// counts as busy: such actions are disabled, and the status bar says what is running. Renaming,
// duplicating and deleting a project run in the projects worker (bridge/projects.ts) and stay
// available.
import { useCallback, useRef, useState } from 'react';

export type SideWork = 'fine-tune-cost' | 'k-fold' | 'data-check' | 'retrain';

export const SIDE_WORK_WORDS: Record<SideWork, string> = {
  'fine-tune-cost': 'measuring the fine-tuning cost',
  'k-fold': 'cross-validating',
  'data-check': 'checking the data',
  retrain: 'retraining after new labels',
};

export function useSideWork() {
  const [running, setRunning] = useState<SideWork | null>(null);
  // The latest start owns the indicator: an earlier one finishing late does not clear it.
  const latest = useRef(0);
  const track = useCallback(<T>(work: SideWork, run: () => Promise<T>): Promise<T> => {
    const token = ++latest.current;
    setRunning(work);
    return run().finally(() => {
      if (latest.current === token) setRunning(null);
    });
  }, []);
  return { running, track };
}

export type TrackSideWork = ReturnType<typeof useSideWork>['track'];
