// The result is what a person waits for: when training ends, and when a reload brings back the
// project opened last, the results step comes into view with focus on its heading (the page
// otherwise sat on the charts above it, or at the top after a reload).
import { useEffect, useRef } from 'react';
import { reveal, typingElsewhere } from '../ui/reveal';
import type { Activity } from './session';

/** The results step's heading: its id, for aria-labelledby and to reveal it. */
export const RESULTS_HEADING_ID = 'step-results';

const revealResult = () => reveal(document.getElementById(RESULTS_HEADING_ID));

export function useRevealResult(phase: Activity['phase'], restoring: boolean, hasResult: boolean) {
  const lastPhase = useRef(phase);
  useEffect(() => {
    const trained = lastPhase.current === 'training' && phase === 'done';
    lastPhase.current = phase;
    // Not while the person types elsewhere (a project's new name, a class for the webcam).
    if (trained && !typingElsewhere()) revealResult();
  }, [phase]);

  const wasRestoring = useRef(restoring);
  useEffect(() => {
    const restored = wasRestoring.current && !restoring;
    wasRestoring.current = restoring;
    // Only while the person has not started on something else (focus still on the page itself).
    const untouched = document.activeElement === null || document.activeElement === document.body;
    if (restored && hasResult && untouched) revealResult();
  }, [restoring, hasResult]);
}
