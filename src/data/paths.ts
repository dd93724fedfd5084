// Labels from paths: which class folder a dropped file belongs to, which files are system litter,
// and the one locale-independent ordering used for class names and paths everywhere.

export type PathClass =
  | { readonly kind: 'class'; readonly className: string }
  | { readonly kind: 'top-level' }
  | { readonly kind: 'hidden' };

// Compared lower-case: Windows writes these with varying case and its file system ignores case.
const SYSTEM_NAMES = new Set(['__macosx', 'thumbs.db', 'ehthumbs.db', 'desktop.ini']);

/** A name the operating system or a zip tool made, not the person: `.DS_Store`, `__MACOSX`, dotfiles. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.') || SYSTEM_NAMES.has(name.toLowerCase());
}

function segments(path: string): string[] {
  // Empty segments come from a leading slash (FileSystemEntry.fullPath) or a doubled one.
  return path.split('/').filter((s) => s.length > 0);
}

/**
 * `daisy/x.jpg` and `daisy/a/b/x.jpg` are class `daisy`; `x.jpg` is top-level; anything with a
 * hidden segment anywhere is hidden. Class names are NFC-normalised (macOS hands out NFD names, so
 * the same folder typed on two machines would otherwise be two classes) and otherwise kept exactly:
 * spaces, case, Unicode and emoji are part of the label.
 */
export function classifyPath(path: string): PathClass {
  const parts = segments(path);
  if (parts.some(isHiddenName)) return { kind: 'hidden' };
  const first = parts[0];
  if (parts.length < 2 || first === undefined) return { kind: 'top-level' };
  return { kind: 'class', className: first.normalize('NFC') };
}

/**
 * The class folder a path sits in, even when the file itself is hidden or skipped
 * (`daisy/.DS_Store` -> `daisy`), so a folder holding no usable image can still be named in a
 * warning. Null for top-level files and for paths inside hidden folders (`__MACOSX/daisy/x.jpg`).
 */
export function classFolderOf(path: string): string | null {
  const parts = segments(path);
  const first = parts[0];
  if (parts.length < 2 || first === undefined || isHiddenName(first)) return null;
  return first.normalize('NFC');
}
