// What is kept on disk and can be managed from the page: installed backbone weights, and the saved
// features per setting.
import type { FeatureSettingsId } from '../shared/brand';
import type { BuiltinBackboneId } from '../shared/backbone';
import type {
  InstalledWeights,
  SavedFeatures,
  WeightsInstallEvent,
  WeightsInstallSource,
} from '../shared/engine';
import { describeSettingsId } from '../shared/featureKey';
import { installWeights } from '../ml/weights/installWeights';
import { settingsIdOf, type EngineContext } from './context';

export function createStorageOps(ctx: EngineContext) {
  const { compute, deps } = ctx;
  return {
    /**
     * Verifies and stores real weights for a built-in backbone; the next load of that backbone uses
     * them. A refused source throws WeightsRefusedError and leaves installed weights untouched.
     */
    async installWeights(
      id: BuiltinBackboneId,
      source: WeightsInstallSource,
      onEvent?: (event: WeightsInstallEvent) => void,
    ): Promise<InstalledWeights> {
      await compute.ensureBackend();
      const installed = await installWeights(id, source, deps.weights, onEvent);
      ctx.forgetBuiltin(id);
      return installed;
    },

    installedWeights(): Promise<InstalledWeights[]> {
      return deps.weights.list();
    },

    async removeInstalledWeights(id: BuiltinBackboneId): Promise<void> {
      await deps.weights.remove(id);
      ctx.forgetBuiltin(id);
    },

    /** Saved features per setting, the loaded backbone's marked, so a person can free space. */
    async savedFeatures(): Promise<SavedFeatures[]> {
      const loaded = await compute.loaded();
      const current = loaded ? settingsIdOf(loaded.info) : null;
      const summary = await (await ctx.getCache()).summary();
      return summary.map((s) => ({
        settingsId: s.settingsId,
        label: describeSettingsId(s.settingsId),
        count: s.count,
        bytes: s.bytes,
        current: s.settingsId === current,
      }));
    },

    async deleteSavedFeatures(settingsId: string): Promise<void> {
      await (await ctx.getCache()).deleteSettings(settingsId as FeatureSettingsId);
    },
  };
}
