// Remembered files (storage/knownFiles.ts): forgetting a deleted project's images removes every
// stamp (path, size, time) that named their contents, and nothing else.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openGraftDb } from '../../../src/storage/db';
import { createKnownFileStore } from '../../../src/storage/knownFiles';
import type { KnownFile } from '../../../src/shared/stores';
import type { ContentHash } from '../../../src/shared/brand';

const file = (digit: string): KnownFile => ({
  id: digit.repeat(64) as ContentHash,
  info: { format: 'png', width: 8, height: 8, orientation: 1, frames: 1 },
});

describe('forgetting remembered files', () => {
  it('drops every stamp of the given contents and keeps the others', async () => {
    const store = createKnownFileStore(() => openGraftDb('graft-known-forget'));
    await store.remember(
      new Map([
        ['a/1.png\u00001\u00001', file('a')],
        ['copy/of/1.png\u00001\u00002', file('a')], // the same bytes under another path
        ['b/2.png\u00001\u00001', file('b')],
        ['c/3.png\u00001\u00001', file('c')],
      ]),
    );
    expect(await store.forget([file('a').id, file('c').id, 'f'.repeat(64)])).toBe(3);
    const left = await store.recall([
      'a/1.png\u00001\u00001',
      'copy/of/1.png\u00001\u00002',
      'b/2.png\u00001\u00001',
      'c/3.png\u00001\u00001',
    ]);
    expect([...left.keys()]).toEqual(['b/2.png\u00001\u00001']);
    expect(await store.forget([])).toBe(0);
  });
});
