// The backend choice as the app makes it at first use (fresh profile: nothing remembered), timed
// from the page: how long, what was chosen, and when each progress event arrived, so the benchmark
// can say where the time went (probing, loading and warming the backbone, timed passes).
import { callback, withEngine } from '../bridge/engine';
import type { BackboneSpec, BackendStatus } from '../shared/engine';
import type { BackendChoiceEvent } from '../shared/events';

export interface ChoiceFigures {
  readonly seconds: number;
  readonly chosen: BackendStatus;
  /** Each progress event with the seconds since the choice began. */
  readonly events: readonly { readonly at: number; readonly event: BackendChoiceEvent }[];
}

export async function timeBackendChoice(spec: BackboneSpec): Promise<ChoiceFigures> {
  const events: { at: number; event: BackendChoiceEvent }[] = [];
  const start = performance.now();
  const since = () => (performance.now() - start) / 1000;
  const chosen = await withEngine((e) =>
    e.chooseBackend(
      spec,
      callback((event: BackendChoiceEvent) => events.push({ at: since(), event })),
    ),
  );
  return { seconds: since(), chosen, events };
}
