import { describe, expect, it } from 'vitest';
import { meanSd, wilsonInterval } from '../../../src/shared/stats';

describe('wilsonInterval', () => {
  it('matches published values', () => {
    // 26 of 28 (92.9%), worked by hand from Wilson's formula.
    const a = wilsonInterval(26, 28);
    expect(a.low).toBeCloseTo(0.7735, 4);
    expect(a.high).toBeCloseTo(0.9802, 4);
    // 81 of 263 (Wilson's worked example in Newcombe 1998): 0.2553 to 0.3662.
    const b = wilsonInterval(81, 263);
    expect(b.low).toBeCloseTo(0.2553, 4);
    expect(b.high).toBeCloseTo(0.3662, 4);
  });

  it('stays honest at the ends', () => {
    const all = wilsonInterval(28, 28);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.8794, 4);
    const none = wilsonInterval(0, 10);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
  });

  it('narrows with more images and says nothing for none', () => {
    const small = wilsonInterval(9, 10);
    const large = wilsonInterval(900, 1000);
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 5);
    expect(wilsonInterval(0, 0).low).toBeNaN();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
  });
});

describe('meanSd', () => {
  it('uses the sample standard deviation', () => {
    const r = meanSd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(r.mean).toBe(5);
    expect(r.sd).toBeCloseTo(2.138, 3);
    expect(meanSd([0.8]).sd).toBe(0);
    expect(meanSd([]).mean).toBeNaN();
  });
});
