import { describe, expect, it } from 'vitest';
import { createProgressReporter, formatProgress } from '../../../scripts/lib/progress';

describe('download progress', () => {
  it('formats percent, megabytes and speed', () => {
    expect(
      formatProgress('VGG16 weights', { received: 29_444_628, total: 58_889_256 }, 12_345_678),
    ).toBe('VGG16 weights: 50% (29.4 of 58.9 MB) at 12.3 MB/s');
    expect(formatProgress('x', { received: 3_000_000, total: null }, 1_000_000)).toBe(
      'x: 3.0 MB at 1.0 MB/s',
    );
  });

  it('prints at most four times a second on a terminal, redrawing one line, and ends at 100%', () => {
    let clock = 0;
    let out = '';
    const report = createProgressReporter(
      'w',
      { write: (t) => (out += t), isTTY: true },
      250,
      () => clock,
    );
    // 2 s of 64 KB chunks every 5 ms: 400 callbacks at 13.1 MB/s.
    for (let i = 0; i <= 400; i++) {
      clock = i * 5;
      report({ received: i * 65_536, total: 400 * 65_536 });
    }
    report.finish();
    const redraws = out.split('\r').filter(Boolean);
    expect(redraws.length).toBeLessThanOrEqual(9); // 2 s at 4 per second, plus the final state
    expect(redraws.length).toBeGreaterThanOrEqual(8);
    const clearToEnd = '\u001b[K'; // erases what a longer previous line left
    expect(redraws[0]!.endsWith(clearToEnd)).toBe(true);
    expect(redraws[0]!.slice(0, -clearToEnd.length)).toMatch(
      /^w: \d+% \(\d+\.\d of 26\.2 MB\) at 13\.1 MB\/s$/,
    );
    expect(redraws.at(-1)).toMatch(/^w: 100% \(26\.2 of 26\.2 MB\) .*\n$/);
  });

  it('writes whole lines, once a second by default, to a log', () => {
    let clock = 0;
    const lines: string[] = [];
    const report = createProgressReporter(
      'w',
      { write: (t) => lines.push(t) },
      undefined,
      () => clock,
    );
    for (let i = 0; i <= 300; i++) {
      clock = i * 10;
      report({ received: i, total: 300 });
    }
    report.finish();
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^w: 100% /);
  });
});
