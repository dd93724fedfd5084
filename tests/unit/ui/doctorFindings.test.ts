import { describe, expect, it } from 'vitest';
import type { ContentHash } from '../../../src/shared/brand';
import type { DataCheckReport, DataFix } from '../../../src/shared/doctor';
import { DEFAULT_DATA_CHECK } from '../../../src/shared/doctor';
import { findingsOf, fixOf } from '../../../src/ui/DataDoctor/findings';

const id = (c: string) => c.repeat(64) as ContentHash;
const image = (c: string, path: string, classIndex: number, split: 'train' | 'test' = 'train') => ({
  id: id(c),
  path,
  classIndex,
  split,
});

const report: DataCheckReport = {
  images: 10,
  classes: ['daisy', 'roses'],
  options: DEFAULT_DATA_CHECK,
  mislabeled: [
    {
      ...image('a', 'daisy/1.jpg', 0),
      suggestedClass: 1,
      givenProbability: 0.1,
      suggestedProbability: 0.9,
      margin: 0.8,
    },
  ],
  duplicates: [
    {
      members: [image('c', 'roses/2.jpg', 1, 'test'), image('b', 'roses/1.jpg', 1)],
      similarity: 0.97,
      leak: true,
    },
  ],
  outliers: [{ ...image('d', 'daisy/black.jpg', 0), score: 0.9, z: 12, nearestClass: 1 }],
  seconds: { labels: 1, duplicates: 0.1, outliers: 0.01 },
};

describe('findingsOf', () => {
  it('lists suspects, then the extra members of groups, then outliers, with their fixes', () => {
    const findings = findingsOf(report, []);
    expect(findings.map((f) => [f.kind, f.path, f.suggestedClass])).toEqual([
      ['mislabeled', 'daisy/1.jpg', 'roses'],
      ['leak', 'roses/2.jpg', null], // roses/1.jpg sorts first and stays as the group's original
      ['outlier', 'daisy/black.jpg', 'roses'],
    ]);
    expect(findings[0]!.why).toContain('roses 90%');
  });

  it('leaves out what the log has fixed or kept, for that reason only', () => {
    const [suspect, leak] = findingsOf(report, []);
    const log: DataFix[] = [
      fixOf(suspect!, { type: 'move', to: 'roses' }),
      { ...fixOf(leak!, { type: 'keep' }), problem: 'outlier' }, // another reason: still shown
    ];
    expect(findingsOf(report, log).map((f) => f.path)).toEqual(['roses/2.jpg', 'daisy/black.jpg']);
  });
});
