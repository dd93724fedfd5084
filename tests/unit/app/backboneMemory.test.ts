// What the browser remembers across visits (issue 25): the person's last backbone pick and the
// measured extraction speeds, validated when read back; no localStorage is no memory, not a crash.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  measuredRate,
  rateKey,
  rememberedPick,
  rememberPick,
  rememberRate,
  restorePick,
} from '../../../src/app/backboneMemory';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('backboneMemory', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it('remembers the last pick, and reads nothing from what it did not write', () => {
    expect(rememberedPick()).toBeNull();
    const pick = { backbone: { kind: 'imported', id: 'tm' }, inputSize: null } as const;
    rememberPick(pick);
    expect(rememberedPick()).toEqual(pick);
    rememberPick({ backbone: { kind: 'descriptor', url: '' }, inputSize: null });
    expect(rememberedPick()).toEqual(pick); // a half-made custom choice is not remembered
    storage.setItem('graft.backbone.v1', '{"backbone":{"kind":"builtin","id":"resnet"}}');
    expect(rememberedPick()).toBeNull();
    storage.setItem('graft.backbone.v1', 'not json');
    expect(rememberedPick()).toBeNull();
  });

  it('validates picks read from a project', () => {
    expect(restorePick({ backbone: { kind: 'builtin', id: 'vgg16' }, inputSize: 224 })).toEqual({
      backbone: { kind: 'builtin', id: 'vgg16' },
      inputSize: 224,
    });
    expect(restorePick({ backbone: { kind: 'builtin', id: 'vgg16' }, inputSize: -1 })).toBeNull();
    expect(restorePick({ backbone: { kind: 'imported' }, inputSize: null })).toBeNull();
    expect(restorePick(null)).toBeNull();
  });

  it('keeps the measured speed per backbone and backend; the latest run wins', () => {
    const key = rateKey('{"kind":"imported","id":"tm"}', 'wasm');
    expect(measuredRate(key)).toBeNull();
    rememberRate(key, 0.5);
    rememberRate(key, 0.25);
    rememberRate(rateKey('x', 'wasm'), Number.NaN);
    expect(measuredRate(key)).toBe(0.25);
    expect(measuredRate(rateKey('{"kind":"imported","id":"tm"}', 'webgl'))).toBeNull();
    expect(measuredRate(rateKey('x', 'wasm'))).toBeNull();
  });

  it('without localStorage, nothing is remembered and nothing throws', () => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
    rememberPick({ backbone: { kind: 'builtin', id: 'vgg16' }, inputSize: 224 });
    expect(rememberedPick()).toBeNull();
  });
});
