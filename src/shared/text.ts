// Small text helpers used on both sides of the worker boundary: one of each.

/** An error (or anything thrown) as the sentence to show. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** 512 -> "512 B", 1536 -> "1.5 KB", 58_889_256 -> "56 MB": binary units, one decimal under 10. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of the bytes (a digest, a hash). */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  let out = '';
  for (const byte of bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) out += HEX[byte];
  return out;
}

/** Throws the AbortError a cancelled operation ends with, naming what was cancelled. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw new DOMException(`${what} was cancelled.`, 'AbortError');
}
