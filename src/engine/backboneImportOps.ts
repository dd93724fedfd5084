// Any TensorFlow.js layers model as a backbone, without a descriptor: inspect what was brought (a
// folder, files or a URL; a Teachable Machine export is recognised), then keep it at the settings
// the person confirmed. The inspected model's bytes wait here between the two calls.
import type {
  BackboneImportChoice,
  BackboneImportSource,
  BackboneInspection,
  ImportedBackbone,
} from '../shared/backboneImport';
import type { ImportedBackboneStore } from '../shared/stores';
import { inspectSource, saveImport } from '../ml/backbones/importedBackbone';
import { readModelSource, type ModelSource } from '../ml/backbones/modelFiles';
import type { EngineContext } from './context';

export function createBackboneImportOps(ctx: EngineContext) {
  let pending: { token: string; source: ModelSource } | null = null;
  let counter = 0;
  const store = (): ImportedBackboneStore => {
    if (!ctx.deps.backbones) throw new Error('Imported backbones are not available here.');
    return ctx.deps.backbones;
  };

  return {
    /** Reads and inspects a model; proposes feature layer, input size and preprocessing. */
    async inspectBackbone(source: BackboneImportSource): Promise<BackboneInspection> {
      await ctx.compute.ensureBackend();
      pending = null;
      const read = await readModelSource(source);
      const inspection = await inspectSource(read);
      const token = `import-${++counter}`;
      pending = { token, source: read };
      return { token, ...inspection };
    },

    /** Keeps the inspected model `token` as a backbone at `choice`; returns what was kept. */
    async saveImportedBackbone(
      token: string,
      choice: BackboneImportChoice,
    ): Promise<ImportedBackbone> {
      if (pending?.token !== token)
        throw new Error('That model is no longer held here: choose its files again.');
      const saved = await saveImport(pending.source, choice, store());
      pending = null;
      return saved;
    },

    importedBackbones(): Promise<ImportedBackbone[]> {
      return ctx.deps.backbones ? ctx.deps.backbones.list() : Promise.resolve([]);
    },

    removeImportedBackbone(id: string): Promise<void> {
      return store().remove(id);
    },
  };
}
