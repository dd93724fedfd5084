// The compute slot holds one backbone at a time, frees what it replaces (never the measurement's
// warm backbone it adopts), and after a device loss starts the next backend and loads again there.
import { describe, expect, it } from 'vitest';
import type { Backbone } from '../../../src/ml/backbones/backbone';
import type { BackendChooser } from '../../../src/ml/backends/backendChoice';
import { createComputeSlot } from '../../../src/engine/computeSlot';
import type { BackendName } from '../../../src/shared/backbone';
import type { BackboneSpec, BackendStatus } from '../../../src/shared/engine';

interface FakeBackbone extends Backbone {
  readonly label: string;
  disposed: boolean;
}

function fakeBackbone(label: string): FakeBackbone {
  const b = {
    label,
    disposed: false,
    info: {} as Backbone['info'],
    extract: () => {
      throw new Error('not used');
    },
    dispose: () => {
      b.disposed = true;
    },
  };
  return b;
}

const vgg: BackboneSpec = { kind: 'builtin', id: 'vgg16', inputSize: 32 };
const mobilenet: BackboneSpec = { kind: 'builtin', id: 'mobilenetv2', inputSize: 96 };
const status = (name: BackendName): BackendStatus => ({ name, detail: name, software: false });

function slotWith(chooser?: BackendChooser) {
  const loaded: FakeBackbone[] = [];
  const starts: BackendName[][] = [];
  const slot = createComputeSlot({
    initBackend: async (_preference, exclude = new Set()) => {
      starts.push([...exclude]);
      return status(exclude.has('webgl') ? 'wasm' : 'webgl');
    },
    loadBackbone: async (spec) => {
      const b = fakeBackbone(spec.kind === 'builtin' ? spec.id : 'descriptor');
      loaded.push(b);
      return b;
    },
    ...(chooser ? { chooser } : {}),
  });
  return { slot, loaded, starts };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('compute slot', () => {
  it('holds one backbone: another spec frees the old one, the same spec reuses it', async () => {
    const { slot, loaded } = slotWith();
    await slot.ensureBackend('webgl');
    const first = await slot.ensureBackbone(vgg);
    expect(await slot.ensureBackbone(vgg)).toBe(first);
    const second = await slot.ensureBackbone(mobilenet);
    await settle();
    expect(loaded.map((b) => [b.label, b.disposed])).toEqual([
      ['vgg16', true],
      ['mobilenetv2', false],
    ]);
    expect(await slot.loaded()).toBe(second);
  });

  it('forgets a built-in backbone only when it is the loaded one', async () => {
    const { slot, loaded } = slotWith();
    await slot.ensureBackbone(vgg);
    expect(slot.forgetBuiltin('mobilenetv2')).toBe(false);
    expect(slot.forgetBuiltin('vgg16')).toBe(true);
    await settle();
    expect(loaded[0]!.disposed).toBe(true);
    expect(await slot.loaded()).toBeNull();
  });

  it('keeps the warm backbone a measurement hands over, and frees the one it replaces', async () => {
    const warm = fakeBackbone('warm');
    const chooser: BackendChooser = {
      choose: async () => ({ status: status('wasm'), backbone: warm }),
      measureAll: async () => {
        throw new Error('not used');
      },
    };
    const { slot, loaded } = slotWith(chooser);
    await slot.ensureBackend('auto');
    expect(await slot.ensureBackbone(vgg)).toBe(warm);
    expect(loaded).toEqual([]);
    await slot.ensureBackbone(mobilenet); // measured again: another warm hand-over
    await settle();
    expect(warm.disposed).toBe(false); // the same object came back: kept, not freed
  });

  it('after a device loss, starts the next backend and loads the backbone again there', async () => {
    const { slot, loaded, starts } = slotWith();
    await slot.ensureBackend('webgl');
    await slot.ensureBackbone(vgg);
    expect((await slot.replaceLostBackend('webgl')).name).toBe('wasm');
    expect(starts).toEqual([[], ['webgl']]);
    expect((await slot.backendFor(vgg)).name).toBe('wasm');
    await slot.ensureBackbone(vgg);
    await settle();
    expect(loaded.map((b) => b.disposed)).toEqual([true, false]);
  });
});
