// One sort order for paths and class names on both sides of the worker boundary.

/**
 * Orders by Unicode code point, independent of the user's locale, so every machine numbers the
 * classes the same way. Code points (not UTF-16 units) also match Python's `sorted()`, which is how
 * Keras orders class folders.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      // Equal units before i, so at i both are whole code points or both are low surrogates.
      return (a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0);
    }
  }
  return a.length - b.length;
}
