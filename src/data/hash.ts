// Content hashes: the SHA-256 of a file's bytes is the image's identity (feature cache key, split).
import type { ContentHash } from '../shared/brand';
import { toHex } from '../shared/text';

/** Lower-case hex SHA-256. Works in the page, in workers, and in Node 20+ (tests). */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<ContentHash> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    // Browsers hide crypto.subtle outside secure contexts, e.g. a dev server opened by LAN address.
    throw new Error('Hashing needs a secure context: open the app over https or on localhost.');
  }
  // SubtleCrypto refuses views on a SharedArrayBuffer; copy those (a rare case) into a plain buffer.
  const input: ArrayBuffer | Uint8Array<ArrayBuffer> =
    data instanceof Uint8Array
      ? data.buffer instanceof ArrayBuffer
        ? (data as Uint8Array<ArrayBuffer>)
        : new Uint8Array(data)
      : data;
  return toHex(await subtle.digest('SHA-256', input)) as ContentHash;
}
