// The time left of one backend's timing, priced from the plan of passes timeBackbone runs.
import { describe, expect, it } from 'vitest';
import {
  candidateMsLeft,
  choiceEtaSeconds,
  timingDone,
} from '../../../../src/ml/backends/choiceEta';
import { BUDGETS } from '../../../../src/ml/backends/backendBenchmark';

describe('candidateMsLeft', () => {
  const fresh = { singleDone: false, timedPasses: 0, timedMs: 0 };

  it('one candidate: the single image, and at batch > 1 one untimed and one timed pass', () => {
    expect(
      candidateMsLeft({ ...fresh, passMs: 1400, batch: 1, batchWarmed: true }, BUDGETS.only),
    ).toBe(1400);
    expect(
      candidateMsLeft({ ...fresh, passMs: 100, batch: 5, batchWarmed: false }, BUDGETS.only),
    ).toBe(100 + 500 + 500);
    const afterSingle = { passMs: 100, batch: 5, singleDone: true, timedPasses: 0, timedMs: 0 };
    expect(candidateMsLeft({ ...afterSingle, batchWarmed: false }, BUDGETS.only)).toBe(1000);
    expect(candidateMsLeft({ ...afterSingle, batchWarmed: true }, BUDGETS.only)).toBe(500);
    expect(
      candidateMsLeft(
        { ...afterSingle, batchWarmed: true, timedPasses: 1, timedMs: 500 },
        BUDGETS.only,
      ),
    ).toBe(0);
  });

  it('competing: passes until half a second went in, at most three', () => {
    const s = { passMs: 50, batch: 2, singleDone: true, batchWarmed: true };
    expect(candidateMsLeft({ ...s, timedPasses: 0, timedMs: 0 }, BUDGETS.compete)).toBe(300);
    expect(candidateMsLeft({ ...s, timedPasses: 2, timedMs: 200 }, BUDGETS.compete)).toBe(100);
    const slow = { passMs: 2000, batch: 1, singleDone: true, batchWarmed: true };
    expect(candidateMsLeft({ ...slow, timedPasses: 1, timedMs: 2000 }, BUDGETS.compete)).toBe(0);
  });

  it('WASM or plain JS alone: the single image only', () => {
    const c = { passMs: 90, batch: 6, batchWarmed: false, timedPasses: 0, timedMs: 0 };
    expect(candidateMsLeft({ ...c, singleDone: false }, BUDGETS.onlyCpuSide)).toBe(90);
    expect(candidateMsLeft({ ...c, singleDone: true }, BUDGETS.onlyCpuSide)).toBe(0);
  });
});

describe('timingDone', () => {
  it('stops at the budget, at the pass limit, or after one pass slower than slowPassMs', () => {
    expect(timingDone(1, 4000, BUDGETS.all)).toBe(true);
    expect(timingDone(1, 1600, BUDGETS.all)).toBe(false); // the benchmark wants two passes
    expect(timingDone(2, 1600, BUDGETS.all)).toBe(true);
    expect(timingDone(6, 10, BUDGETS.all)).toBe(true);
    expect(timingDone(0, 0, BUDGETS.only)).toBe(false);
  });
});

describe('choiceEtaSeconds', () => {
  it('prices later backends like the current one, scaled by their probes', () => {
    expect(choiceEtaSeconds(500, 2000, 10, [20, null])).toBe((500 + 4000 + 2000) / 1000);
    expect(choiceEtaSeconds(500, 2000, null, [20])).toBe(2.5);
  });
});
