// Which backbones the page says are ready offline.
import { describe, expect, it } from 'vitest';
import { readinessOf } from '../../../src/app/offlineBackbones';

const served = { vgg16: ['models/vgg16/model.json', 'models/vgg16/group1-shard1of1.bin'] };

describe('readinessOf', () => {
  it('installed weights win, whatever the app serves', () => {
    expect(readinessOf('vgg16', new Set(['vgg16']), served, () => false)).toBe('installed');
  });

  it('served weights are ready only when every file is cached', () => {
    const some = (path: string) => path.endsWith('.json');
    expect(readinessOf('vgg16', new Set(), served, some)).toBe('needs-network');
    expect(readinessOf('vgg16', new Set(), served, () => true)).toBe('cached');
  });

  it('no real weights anywhere: generated ones, which need nothing', () => {
    expect(readinessOf('mobilenetv2', new Set(), served, () => true)).toBe('generated');
    expect(readinessOf('vgg16', new Set(), {}, () => false)).toBe('generated');
  });
});
