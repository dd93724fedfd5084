// What the engine computes with: the backend (started once, measured per backbone for 'auto',
// replaced after a device loss) and the one backbone loaded on it. Exactly one backbone is held at a
// time; each swap frees the one it replaces as soon as that one is no longer loading.
import type { BackendName, BuiltinBackboneId } from '../shared/backbone';
import type { BackboneSpec, BackendPreference, BackendStatus } from '../shared/engine';
import type { Backbone } from '../ml/backbones/backbone';
import type { BackendChooser } from '../ml/backends/backendChoice';
import type { BackendChoiceEvent } from '../shared/events';

export interface ComputeSlotDeps {
  /** Starts a backend; `exclude` names those whose device was lost (never tried again). */
  readonly initBackend: (
    preference: BackendPreference,
    exclude?: ReadonlySet<BackendName>,
  ) => Promise<BackendStatus>;
  readonly loadBackbone: (spec: BackboneSpec) => Promise<Backbone>;
  /** For 'auto': picks the fastest backend per backbone by measurement. Without it, the static order. */
  readonly chooser?: BackendChooser;
}

interface LoadedBackbone {
  readonly spec: BackboneSpec;
  readonly key: string;
  /** The backend it was loaded on: another backend means loading it again. */
  readonly backend: BackendName;
  readonly promise: Promise<Backbone>;
}

const specKey = (spec: BackboneSpec) => JSON.stringify(spec);

export function createComputeSlot(deps: ComputeSlotDeps) {
  let backend: Promise<BackendStatus> | null = null;
  let preference: BackendPreference = 'auto';
  /** The measured backend for the backbone last asked for (see backendFor). */
  let chosen: { key: string; promise: Promise<BackendStatus> } | null = null;
  let backbone: LoadedBackbone | null = null;
  /** Backends whose device was lost in this worker: not used again until the page is reloaded. */
  const lostBackends = new Set<BackendName>();

  function startBackend(
    requested: BackendPreference,
    exclude?: ReadonlySet<BackendName>,
  ): Promise<BackendStatus> {
    const started = deps.initBackend(requested, exclude).catch((error: unknown) => {
      if (backend === started) backend = null;
      throw error;
    });
    backend = started;
    return started;
  }

  function ensureBackend(requested: BackendPreference = 'auto'): Promise<BackendStatus> {
    if (backend) return backend;
    preference = requested;
    return startBackend(requested);
  }

  /** Holds `next` instead of the current backbone, and frees that one unless it is `keep`. */
  function swapBackbone(next: LoadedBackbone | null, keep?: Backbone) {
    const previous = backbone;
    backbone = next;
    void previous?.promise.then(
      (old) => old !== keep && old.dispose(),
      () => undefined,
    );
  }

  /**
   * The backend to run `spec` on: for 'auto', the one measured fastest for it (remembered per
   * device); after a device loss, the fallback (a remembered choice could name the lost backend).
   * `onChoice` hears the progress of a measurement this call starts (first use of `spec` here).
   */
  async function backendFor(
    spec: BackboneSpec,
    onChoice?: (event: BackendChoiceEvent) => void,
  ): Promise<BackendStatus> {
    const status = await ensureBackend();
    const chooser = deps.chooser;
    if (!chooser || preference !== 'auto' || lostBackends.size > 0) return status;
    const key = specKey(spec);
    if (chosen?.key !== key) {
      const promise = chooser
        .choose(spec, onChoice)
        .then(({ status: measured, backbone: warm }) => {
          // The measurement's backbone is loaded and warm on the winner: keep it.
          if (warm) {
            const loaded = Promise.resolve(warm);
            swapBackbone({ spec, key, backend: measured.name, promise: loaded }, warm);
          }
          return measured;
        });
      chosen = { key, promise };
      promise.catch(() => {
        if (chosen?.key === key) chosen = null;
      });
    }
    return chosen.promise;
  }

  async function ensureBackbone(
    spec: BackboneSpec,
    onChoice?: (event: BackendChoiceEvent) => void,
  ): Promise<Backbone> {
    const status = await backendFor(spec, onChoice);
    const key = specKey(spec);
    if (backbone?.key !== key || backbone.backend !== status.name) {
      const loading: LoadedBackbone = {
        spec,
        key,
        backend: status.name,
        promise: deps.loadBackbone(spec),
      };
      swapBackbone(loading);
      loading.promise.catch(() => {
        if (backbone === loading) backbone = null;
      });
    }
    return backbone!.promise;
  }

  return {
    /** Starts the backend once (later calls return the first one's status, whatever they ask). */
    ensureBackend,
    backendFor,
    /** `spec`'s backbone, loaded on the backend chosen for it (loaded again if that changed). */
    ensureBackbone,

    /** The backbone loaded now, if any (it may still be loading, or have failed: then null). */
    async loaded(): Promise<Backbone | null> {
      return (await backbone?.promise.catch(() => null)) ?? null;
    },

    /** Frees the loaded backbone if it is built-in `id`, so that its next use loads new weights. */
    forgetBuiltin(id: BuiltinBackboneId): boolean {
      const spec = backbone?.spec;
      if (spec?.kind !== 'builtin' || spec.id !== id) return false;
      swapBackbone(null);
      return true;
    },

    /**
     * Marks `lost` as unusable here and starts the next backend in its place. The backbone loaded on
     * it is loaded again on the next use, since the backend no longer matches.
     */
    replaceLostBackend(lost: BackendName): Promise<BackendStatus> {
      lostBackends.add(lost);
      chosen = null;
      return startBackend('auto', lostBackends);
    },
  };
}

export type ComputeSlot = ReturnType<typeof createComputeSlot>;
