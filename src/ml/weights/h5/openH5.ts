// Opens HDF5 bytes with h5wasm, in the browser worker and in Node alike: the bytes go into h5wasm's
// in-memory file system, the file is opened, read by a callback, then closed and removed.
//
// h5wasm rather than jsfive: it wraps the real HDF5 C library (every layout and string type Keras
// and h5py ever wrote), and it can also WRITE HDF5, which the tests need to build files in the
// official layout. Its ESM build embeds the wasm and uses an in-memory file system, so the same
// import works in a worker and in Node; `h5wasm/node` would only add direct disk access.

import h5wasm from 'h5wasm';
import type { File as H5File } from 'h5wasm';

export type H5Result<T> = { ok: true; value: T } | { ok: false; message: string };

/** `\x89HDF\r\n\x1a\n`: the superblock signature, at offset 0 or after a user block of 512 * 2^n. */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function hasSignatureAt(bytes: Uint8Array, offset: number): boolean {
  return SIGNATURE.every((b, i) => bytes[offset + i] === b);
}

function findSignature(bytes: Uint8Array): boolean {
  if (hasSignatureAt(bytes, 0)) return true;
  for (let offset = 512; offset + SIGNATURE.length <= bytes.length; offset *= 2) {
    if (hasSignatureAt(bytes, offset)) return true;
  }
  return false;
}

/** A short, human description of bytes that are not HDF5 (an HTML error page saved as .h5...). */
function describeNonHdf5(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'The file is empty';
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<?xml')) {
    return 'This is a web page (HTML/XML), not an HDF5 file: the download saved an error page';
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return 'This is a ZIP archive (a Keras 3 .keras file?), not an HDF5 .h5 weights file';
  }
  return 'This is not an HDF5 file (no HDF5 signature): expected a Keras .h5 weights file';
}

/** h5wasm's error text is a whole HDF5 error stack; its last frame says what actually went wrong. */
export function summariseH5Error(error: unknown, byteLength: number): string {
  const text = error instanceof Error ? error.message : String(error);
  const truncated = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(text);
  if (truncated) {
    return (
      `The file is truncated: it has ${byteLength} bytes, its HDF5 header says ` +
      `${truncated[2]} (an incomplete download?)`
    );
  }
  const frames = [...text.matchAll(/#\d+: .* in (\w+)\(\): (.*)/g)];
  const last = frames[frames.length - 1];
  const reason = last ? `${last[2]} (${last[1]})` : text.split('\n')[0];
  return `The HDF5 file could not be read: ${reason}`;
}

let nextId = 0;

/**
 * Writes `bytes` into h5wasm's memory file system, opens them and passes the file to `read`; the
 * file is always closed and removed afterwards. HDF5 errors become `{ ok: false, message }`
 * instead of stack dumps on the console.
 */
export async function withH5File<T>(
  bytes: Uint8Array,
  read: (file: H5File) => H5Result<T>,
): Promise<H5Result<T>> {
  if (!findSignature(bytes)) return { ok: false, message: describeNonHdf5(bytes) };

  const module = await h5wasm.ready;
  const path = `/graft-h5-${++nextId}.h5`;
  module.FS.writeFile(path, bytes);
  // Throwing handler: HDF5 errors become exceptions carrying the error stack as their message,
  // rather than text printed to stderr while the call returns a bad id.
  module.activate_throwing_error_handler();
  let file: H5File | null = null;
  try {
    file = new h5wasm.File(path, 'r');
    return read(file);
  } catch (e) {
    return { ok: false, message: summariseH5Error(e, bytes.length) };
  } finally {
    try {
      file?.close();
    } finally {
      module.deactivate_throwing_error_handler();
      module.FS.unlink(path);
    }
  }
}
