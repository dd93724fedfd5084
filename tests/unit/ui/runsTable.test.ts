// The runs table's time: the whole wait from the click to the result first, then its parts.
import { describe, expect, it } from 'vitest';
import { describeRun, runTime } from '../../../src/ui/RunsTable';
import type { RunRecord } from '../../../src/shared/session';

const row = (r: Partial<RunRecord>) => ({ fineTuned: false, seconds: 5, ...r }) as RunRecord;

describe('describeRun', () => {
  it('says a run came after data fixes, and says nothing of them otherwise', () => {
    const fixes = (edits: number) => ({ dataFixes: { edits, movedForLeaks: 1 } });
    expect(describeRun(row({ augmentViews: 0 }))).toBe('head only');
    expect(describeRun(row(fixes(0)))).toBe('head only');
    expect(describeRun(row(fixes(1)))).toBe('head only, after 1 data fix');
    expect(describeRun(row({ augmentViews: 2, ...fixes(3) }))).toBe(
      'augmented ×2, after 3 data fixes',
    );
  });
});

describe('runTime', () => {
  it('says the wall time a person waited, then extraction and training', () => {
    expect(runTime(row({ timing: { wallSeconds: 35.2, extractSeconds: 28.4 } }))).toBe(
      '35 s (extract 28 s, train 5 s)',
    );
  });

  it('a fine-tuning run has no extraction of its own to list', () => {
    expect(
      runTime(
        row({ fineTuned: true, seconds: 70, timing: { wallSeconds: 71, extractSeconds: null } }),
      ),
    ).toBe('1 min 11 s (fine-tune 1 min 10 s)');
  });
});
