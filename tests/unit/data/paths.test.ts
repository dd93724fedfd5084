import { describe, expect, it } from 'vitest';
import { classFolderOf, classifyPath } from '../../../src/data/paths';
import { compareCodePoints } from '../../../src/shared/order';

describe('classifyPath', () => {
  it('takes the first folder as the class, however deep the image sits', () => {
    expect(classifyPath('daisy/x.jpg')).toEqual({ kind: 'class', className: 'daisy' });
    expect(classifyPath('daisy/2024/may/x.jpg')).toEqual({ kind: 'class', className: 'daisy' });
  });

  it('keeps spaces, case, Unicode and emoji in class names', () => {
    expect(classifyPath('Red Roses/x.jpg')).toEqual({ kind: 'class', className: 'Red Roses' });
    expect(classifyPath('🌼 daisy/x.jpg')).toEqual({ kind: 'class', className: '🌼 daisy' });
    expect(classifyPath('猫/x.jpg')).toEqual({ kind: 'class', className: '猫' });
  });

  it('NFC-normalises class names so a macOS folder and a typed name agree', () => {
    const nfd = 'cafe\u0301';
    const result = classifyPath(`${nfd}/x.jpg`);
    expect(result).toEqual({ kind: 'class', className: 'caf\u00e9' });
  });

  it('treats files at the root as top-level', () => {
    expect(classifyPath('x.jpg')).toEqual({ kind: 'top-level' });
    expect(classifyPath('/x.jpg')).toEqual({ kind: 'top-level' });
  });

  it('hides system litter anywhere in the path', () => {
    for (const path of [
      '.DS_Store',
      'daisy/.DS_Store',
      '__MACOSX/daisy/._x.jpg',
      'daisy/Thumbs.db',
      'daisy/thumbs.DB',
      'desktop.ini',
      '.git/objects/ab',
      'daisy/.hidden/x.jpg',
      'daisy/._x.jpg',
    ]) {
      expect(classifyPath(path), path).toEqual({ kind: 'hidden' });
    }
  });
});

describe('classFolderOf', () => {
  it('names the class folder of skipped files, not of hidden folders or root files', () => {
    expect(classFolderOf('daisy/.DS_Store')).toBe('daisy');
    expect(classFolderOf('__MACOSX/daisy/x.jpg')).toBeNull();
    expect(classFolderOf('x.jpg')).toBeNull();
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, like Python sorted() (and so Keras)', () => {
    // U+FF5E (BMP, above the surrogates) sorts before U+1F33C (astral) by code point, though its
    // UTF-16 unit is larger than the emoji's high surrogate.
    const names = ['🌼', '\uff5e', 'b', 'B', 'a', 'ab', ''];
    expect([...names].sort(compareCodePoints)).toEqual(['', 'B', 'a', 'ab', 'b', '\uff5e', '🌼']);
  });
});
