import { describe, expect, it } from 'vitest';
import type { SkippedFile, SkipReason } from '../../../src/shared/dataset';
import { describeSkipped } from '../../../src/ui/DatasetSummary/skipWords';

const skips = (reason: SkipReason, n: number): SkippedFile[] =>
  Array.from({ length: n }, (_, i) => ({ path: `c/${reason}${i}`, reason }));

describe('describeSkipped', () => {
  it('summarises reasons in a fixed order with the right plurals', () => {
    expect(describeSkipped([...skips('unreadable', 3), ...skips('not-an-image', 9)])).toBe(
      '12 files skipped: 9 not images, 3 unreadable',
    );
    expect(describeSkipped(skips('not-an-image', 1))).toBe('1 file skipped: 1 not an image');
    expect(
      describeSkipped([
        ...skips('too-large', 2),
        ...skips('outside-class-folder', 1),
        ...skips('hidden', 1),
        ...skips('empty-file', 2),
        ...skips('hidden', 1),
      ]),
    ).toBe(
      '7 files skipped: 2 empty, 2 hidden or system files, 1 outside a class folder, 2 too large',
    );
    expect(describeSkipped(skips('hidden', 1))).toBe('1 file skipped: 1 hidden or system file');
  });

  it('says nothing when nothing was skipped', () => {
    expect(describeSkipped([])).toBe('');
  });
});
