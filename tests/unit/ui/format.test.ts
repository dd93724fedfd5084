// Times in words: an estimate said once, and a countdown.
import { describe, expect, it } from 'vitest';
import { about, timeLeft } from '../../../src/ui/format';

describe('about', () => {
  it('says an estimate rounded as one: seconds, then minutes, never "about under a second"', () => {
    expect(about(0.4)).toBe('under a second');
    expect(about(1.4)).toBe('about 1 s');
    expect(about(41.6)).toBe('about 42 s');
    expect(about(89)).toBe('about 89 s');
    expect(about(125)).toBe('about 2 min');
    expect(about(3 * 3600 + 600)).toBe('about 3 h 10 min');
  });
});

describe('timeLeft', () => {
  it('counts down in seconds, says under a second plainly, and waits for a rate', () => {
    expect(timeLeft(75)).toBe('about 1 min 15 s left');
    expect(timeLeft(0.3)).toBe('under a second left');
    expect(timeLeft(NaN)).toBe('estimating time left…');
  });
});
