import { describe, expect, it } from 'vitest';
import type { ContentHash } from '../../../src/shared/brand';
import type { DatasetManifest } from '../../../src/shared/dataset';
import type { DataFix } from '../../../src/shared/doctor';
import { applyFixes, fixesCsv, keptFindings, keptKey, rebase } from '../../../src/data/doctorFixes';
import { assignSplits, countSplits } from '../../../src/data/split';

const hash = (n: number) => n.toString(16).padStart(8, '0').repeat(8) as ContentHash;

/** Two classes of 20 images, split as import splits them. */
function manifest(): DatasetManifest {
  const images = [0, 1].flatMap((classIndex) =>
    Array.from({ length: 20 }, (_, i) => ({
      id: hash(1 + classIndex * 100 + i * 7919),
      path: `${classIndex === 0 ? 'daisy' : 'roses'}/${i}.jpg`,
      classIndex,
      format: 'jpeg' as const,
      bytes: 1000,
    })),
  );
  const splits = assignSplits(images, 0);
  // Sorted by path, as import sorts them.
  const withSplits = images
    .map((i) => ({ ...i, split: splits.get(i.id)! }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const counts = countSplits(withSplits, 2);
  return {
    classes: ['daisy', 'roses'].map((name, i) => ({ name, counts: counts[i]! })),
    images: withSplits,
    skipped: [],
    conflicts: [],
    duplicatesMerged: 0,
    splitSeed: 0,
  };
}

const fix = (
  base: DatasetManifest,
  index: number,
  action: DataFix['action'],
  problem: DataFix['problem'] = 'mislabeled',
): DataFix => {
  const image = base.images[index]!;
  return {
    id: image.id,
    path: image.path,
    problem,
    folderClass: base.classes[image.classIndex]!.name,
    suggestedClass: action.type === 'move' ? action.to : null,
    action,
  };
};

describe('applyFixes', () => {
  it('without fixes or groups gives the imported manifest back', () => {
    const base = manifest();
    const { manifest: fixed, movedForGroups } = applyFixes(base, [], []);
    expect(fixed).toEqual(base);
    expect(movedForGroups).toEqual([]);
  });

  it('moves and removes in the manifest, keeps the dropped path, and undoes exactly', () => {
    const base = manifest();
    const move = fix(base, 3, { type: 'move', to: 'roses' });
    const remove = fix(base, 25, { type: 'remove' });
    const { manifest: fixed } = applyFixes(base, [move, remove], []);
    expect(fixed.images).toHaveLength(39);
    expect(fixed.images.find((i) => i.id === remove.id)).toBeUndefined();
    const moved = fixed.images.find((i) => i.id === move.id)!;
    expect(fixed.classes[moved.classIndex]!.name).toBe('roses');
    expect(moved.path).toBe(move.path);
    const total = (c: { counts: { train: number; val: number; test: number } }) =>
      c.counts.train + c.counts.val + c.counts.test;
    expect(fixed.classes.map(total)).toEqual([19, 20]);
    // Undo the move: only the removal is left, so the image is back in daisy.
    const undone = applyFixes(base, [remove], []).manifest;
    const back = undone.images.find((i) => i.id === move.id)!;
    expect(undone.classes[back.classIndex]!.name).toBe('daisy');
    expect(applyFixes(base, [], []).manifest).toEqual(base);
  });

  it('lets the later fix of an image win, and Keep changes nothing', () => {
    const base = manifest();
    const log = [
      fix(base, 2, { type: 'remove' }),
      fix(base, 2, { type: 'move', to: 'roses' }),
      fix(base, 5, { type: 'keep' }, 'outlier'),
    ];
    const { manifest: fixed } = applyFixes(base, log, []);
    expect(fixed.images).toHaveLength(40);
    const image = fixed.images.find((i) => i.id === log[0]!.id)!;
    expect(fixed.classes[image.classIndex]!.name).toBe('roses');
    expect(keptFindings(log)).toEqual(new Set([keptKey(log[2]!.id, 'outlier')]));
  });

  it('keeps near-duplicate groups on one side and reports the images that moved', () => {
    const base = manifest();
    const test = base.images.filter((i) => i.split === 'test' && i.classIndex === 0);
    const train = base.images.filter((i) => i.split === 'train' && i.classIndex === 0);
    const group = [test[0]!.id, train[0]!.id];
    const { manifest: fixed, movedForGroups } = applyFixes(base, [], [group]);
    const splitOf = (id: ContentHash) => fixed.images.find((i) => i.id === id)!.split;
    expect(splitOf(group[0]!)).toBe(splitOf(group[1]!));
    expect(movedForGroups.length).toBeGreaterThan(0);
    expect(fixed.classes.map((c) => c.counts)).toEqual(base.classes.map((c) => c.counts));
  });
});

describe('rebase', () => {
  it('takes in images added and drops images removed elsewhere, keeping moves undoable', () => {
    const base = manifest();
    const log = [fix(base, 1, { type: 'move', to: 'roses' }), fix(base, 2, { type: 'remove' })];
    const fixed = applyFixes(base, log, []).manifest;
    // Elsewhere: a capture removed, a new class with one capture added.
    const capture = { ...fixed.images[5]!, id: hash(999), path: 'tulips/webcam-1.jpg' };
    const gone = fixed.images[10]!.id;
    const classes = [...fixed.classes, { name: 'tulips', counts: { train: 1, val: 0, test: 0 } }];
    const current = {
      ...fixed,
      classes,
      images: [...fixed.images.filter((i) => i.id !== gone), { ...capture, classIndex: 2 }],
    };
    const rebased = rebase(base, log, current);
    const names = (m: typeof base) =>
      m.images.map((i) => `${m.classes[i.classIndex]!.name}:${i.id}`).sort();
    expect(rebased.images.map((i) => i.id)).toContain(hash(999));
    expect(rebased.images.map((i) => i.id)).not.toContain(gone);
    // The moved image is in its imported class in the base, the removed one still there.
    expect(names(rebased)).toContain(`daisy:${log[0]!.id}`);
    expect(rebased.images.map((i) => i.id)).toContain(log[1]!.id);
    // Applying the log to the rebased base gives the current images back.
    expect(names(applyFixes(rebased, log, []).manifest)).toEqual(names(current));
  });
});

describe('fixesCsv', () => {
  it('writes one row per fix, quoting what needs it', () => {
    const base = manifest();
    const odd = { ...fix(base, 1, { type: 'move', to: 'roses, red' }), path: 'daisy/a "b".jpg' };
    const removed = fix(base, 30, { type: 'remove' }, 'duplicate');
    const csv = fixesCsv([odd, removed]);
    expect(csv.split('\r\n')).toEqual([
      'path,problem,folder class,suggested class,action',
      '"daisy/a ""b"".jpg",mislabeled,daisy,"roses, red","move to roses, red"',
      `${removed.path},duplicate,roses,,remove`,
      '',
    ]);
  });
});
