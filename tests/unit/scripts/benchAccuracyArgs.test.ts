// The accuracy benchmark's command line: its default run is the short one that decides whether to
// offer fine-tuning (head alone and fine-tuning, three seeds); every setting comes on request.
import { describe, expect, it } from 'vitest';
import { parseAccuracyArgs, SETTINGS } from '../../../scripts/lib/accuracyArgs.mjs';

describe('bench:accuracy arguments', () => {
  it('defaults to the head alone and fine-tuning over three seeds, at the app epochs', () => {
    const o = parseAccuracyArgs([]);
    expect(o.settings).toEqual(['head', 'fine-tune']);
    expect(o.seeds).toBe(3);
    expect(o.fineTuneEpochs).toBeNull();
  });

  it('runs every setting on --settings all, or the ones named', () => {
    expect(parseAccuracyArgs(['--settings', 'all']).settings).toEqual(SETTINGS);
    expect(SETTINGS).toHaveLength(8);
    const o = parseAccuracyArgs(['--settings', 'head,fine-tune+flip', '--seeds', '5']);
    expect(o.settings).toEqual(['head', 'fine-tune+flip']);
    expect(o.seeds).toBe(5);
  });

  it('names an unknown setting or option', () => {
    expect(() => parseAccuracyArgs(['--settings', 'head,fine-tuning'])).toThrow(
      /Unknown setting fine-tuning/,
    );
    expect(() => parseAccuracyArgs(['--seed', '3'])).toThrow(/Unknown option --seed/);
    expect(() => parseAccuracyArgs(['--seeds', '0'])).toThrow(/positive integer/);
  });
});
