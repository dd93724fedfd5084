// The runs table's time: the whole wait from the click to the result first, then its parts.
import { describe, expect, it } from 'vitest';
import { runTime } from '../../../src/ui/RunsTable';
import type { RunRecord } from '../../../src/shared/session';

const row = (r: Partial<RunRecord>) => ({ fineTuned: false, seconds: 5, ...r }) as RunRecord;

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
