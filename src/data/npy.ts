// NumPy's .npy format, version 1.0, for float32 arrays: the magic string, the version, a header dict
// (descr '<f4', C order, the shape) padded with spaces to a multiple of 64 bytes and ending in a
// newline, then the raw little-endian values. numpy.load reads it; so does any .npy reader.
// Spec: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The header dict as NumPy writes it: `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`. */
function headerDict(shape: readonly number[]): string {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  return `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
}

/** A .npy file holding `values` (row-major, C order) with `shape`. */
export function encodeNpy(values: Float32Array, shape: readonly number[]): Uint8Array {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`Bad shape (${shape.join(', ')})`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) {
    throw new RangeError(`${values.length} values do not fill shape (${shape.join(', ')})`);
  }
  const dict = headerDict(shape);
  // magic (6) + version (2) + header length (2) + dict + padding + '\n', a multiple of 64.
  const unpadded = 10 + dict.length + 1;
  const headerLength = Math.ceil(unpadded / 64) * 64 - 10;
  if (headerLength > 0xffff) throw new RangeError('Shape too long for a version 1.0 header');
  const header = dict + ' '.repeat(headerLength - dict.length - 1) + '\n';
  const out = new Uint8Array(10 + headerLength + values.length * 4);
  out.set(MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  new DataView(out.buffer).setUint16(8, headerLength, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  // Float32Array uses the platform's byte order; write little-endian explicitly.
  const view = new DataView(out.buffer, 10 + headerLength);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}
