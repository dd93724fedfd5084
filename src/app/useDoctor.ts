// The data doctor's engine calls for the page: each fix (and each check, which keeps near-duplicate
// groups on one side of the split) changes the dataset's manifest, so the session hears about it.
import { useMemo, type Dispatch } from 'react';
import { callback, withEngine } from '../bridge/engine';
import type { BackboneSpec } from '../shared/engine';
import type { DataCheckEvent, DataFix, DoctorState } from '../shared/doctor';
import type { TrainConfig } from '../shared/training';
import type { SessionAction } from './session';

export function useDoctor(dispatch: Dispatch<SessionAction>) {
  return useMemo(() => {
    const updated = (state: DoctorState): DoctorState => {
      dispatch({
        type: 'dataset-updated',
        dataset: { manifest: state.manifest, problems: state.problems },
      });
      return state;
    };
    const doctorState = () => withEngine((engine) => engine.doctorState());
    return {
      checkData: async (
        spec: BackboneSpec,
        config: TrainConfig,
        onEvent: (event: DataCheckEvent) => void,
      ) => {
        const report = await withEngine((engine) =>
          engine.checkData(spec, config, undefined, callback(onEvent)),
        );
        updated(await doctorState());
        return report;
      },
      applyDataFix: (fix: DataFix) =>
        withEngine((engine) => engine.applyDataFix(fix)).then(updated),
      undoDataFix: (index: number) =>
        withEngine((engine) => engine.undoDataFix(index)).then(updated),
      doctorState,
      dataFixesCsv: () => withEngine((engine) => engine.dataFixesCsv()),
      /** Stops a running check (the engine's one cancellable operation). */
      cancelDataCheck: () => void withEngine((engine) => engine.cancel()),
    };
  }, [dispatch]);
}
