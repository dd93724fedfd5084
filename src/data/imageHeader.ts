// What an image file says about itself before anyone decodes it: its pixel size, EXIF orientation
// and frame count, and whether its structure is whole. Decoding a 12,000 x 12,000 image costs
// 576 MB whatever size it is resized to, so the size must be known first; and a file cut short
// gets a message that says so at import instead of failing vaguely later.
import type { ImageFormat, ImageInfo } from '../shared/dataset';
import { DAMAGED, TRUNCATED, readJpegHeader } from './jpegHeader';

export type { ImageInfo };

export type HeaderResult =
  | { readonly ok: true; readonly info: ImageInfo }
  | { readonly ok: false; readonly problem: string };

const ok = (format: ImageFormat, width: number, height: number, frames = 1): HeaderResult => ({
  ok: true,
  info: { format, width, height, orientation: 1, frames },
});
const fail = (problem: string): HeaderResult => ({ ok: false, problem });

function u16le(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}
function u24le(b: Uint8Array, at: number): number {
  return u16le(b, at) | ((b[at + 2] ?? 0) << 16);
}
function u32le(b: Uint8Array, at: number): number {
  return (u16le(b, at) | (u16le(b, at + 2) << 16)) >>> 0;
}
function u32be(b: Uint8Array, at: number): number {
  return (
    (((b[at] ?? 0) << 24) |
      ((b[at + 1] ?? 0) << 16) |
      ((b[at + 2] ?? 0) << 8) |
      (b[at + 3] ?? 0)) >>>
    0
  );
}
function tag(b: Uint8Array, at: number): string {
  return String.fromCharCode(...b.subarray(at, at + 4));
}

// Colour type -> allowed bit depths (PNG spec, table 11.1).
const PNG_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** Walks a PNG's chunks to IEND: every chunk must fit in the file, IHDR first, some IDAT. */
function readPng(b: Uint8Array): HeaderResult {
  if (b.length < 33) return fail(TRUNCATED);
  if (u32be(b, 8) !== 13 || tag(b, 12) !== 'IHDR') return fail(`${DAMAGED} PNG (no IHDR header)`);
  const width = u32be(b, 16);
  const height = u32be(b, 20);
  const depth = b[24]!;
  const colourType = b[25]!;
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    return fail(`${DAMAGED} PNG (it claims ${width} x ${height} pixels)`);
  }
  if (!PNG_DEPTHS[colourType]?.includes(depth)) {
    return fail(`${DAMAGED} PNG (colour type ${colourType} at ${depth} bits does not exist)`);
  }
  let at = 8;
  let sawData = false;
  let frames = 1;
  for (;;) {
    if (at + 8 > b.length) return fail(TRUNCATED);
    const length = u32be(b, at);
    const type = tag(b, at + 4);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > b.length) return fail(TRUNCATED);
    if (type === 'IDAT') sawData = true;
    if (type === 'acTL' && length >= 8) frames = Math.min(2, u32be(b, at + 8));
    if (type === 'IEND') break;
    at = end;
  }
  if (!sawData) return fail(`${DAMAGED} PNG (it holds no image data)`);
  return ok('png', width, height, Math.max(1, frames));
}

function skipSubBlocks(b: Uint8Array, from: number): number {
  let at = from;
  for (;;) {
    if (at >= b.length) return -1;
    const size = b[at]!;
    at += 1 + size;
    if (size === 0) return at;
  }
}

/** GIF: screen size, and the first frame's data must be whole; frames are counted up to 2. */
function readGif(b: Uint8Array): HeaderResult {
  if (b.length < 13) return fail(TRUNCATED);
  let width = u16le(b, 6);
  let height = u16le(b, 8);
  const packed = b[10]!;
  let at = 13 + (packed & 0x80 ? 3 * (2 << (packed & 7)) : 0);
  let frames = 0;
  while (frames < 2) {
    if (at >= b.length) {
      if (frames > 0) break; // a missing trailer after a whole frame: browsers show it
      return fail(TRUNCATED);
    }
    const block = b[at]!;
    if (block === 0x3b) break; // trailer
    if (block === 0x21) {
      at = skipSubBlocks(b, at + 2);
    } else if (block === 0x2c) {
      if (at + 10 > b.length) return fail(TRUNCATED);
      // A zero logical screen is legal; the browser then sizes the image by its first frame.
      if (width === 0 || height === 0) {
        width = u16le(b, at + 5);
        height = u16le(b, at + 7);
      }
      const local = b[at + 9]!;
      at += 10 + (local & 0x80 ? 3 * (2 << (local & 7)) : 0) + 1; // + LZW minimum code size
      at = skipSubBlocks(b, at);
      if (at >= 0) frames++;
    } else {
      return fail(`${DAMAGED} GIF`);
    }
    if (at < 0) {
      if (frames > 0) break;
      return fail(TRUNCATED);
    }
  }
  if (frames === 0) return fail(`${DAMAGED} GIF (it holds no image)`);
  if (width === 0 || height === 0)
    return fail(`${DAMAGED} GIF (it claims ${width} x ${height} pixels)`);
  return ok('gif', width, height, frames);
}

/** BMP: size from the info header; uncompressed pixel data must fit in the file. */
function readBmp(b: Uint8Array): HeaderResult {
  if (b.length < 26) return fail(TRUNCATED);
  const infoSize = u32le(b, 14);
  const core = infoSize === 12;
  const width = core ? u16le(b, 18) : u32le(b, 18) | 0;
  const rawHeight = core ? u16le(b, 20) : u32le(b, 22) | 0;
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0)
    return fail(`${DAMAGED} BMP (it claims ${width} x ${height} pixels)`);
  if (!core && b.length >= 34) {
    const bitsPerPixel = u16le(b, 28);
    const compression = u32le(b, 30);
    const stride = Math.ceil((width * bitsPerPixel) / 32) * 4;
    if (compression === 0 && u32le(b, 10) + stride * height > b.length) return fail(TRUNCATED);
  }
  return ok('bmp', width, height);
}

/** WebP: the RIFF size must fit; size from the VP8, VP8L or VP8X chunk. */
function readWebp(b: Uint8Array): HeaderResult {
  if (b.length < 30) return fail(TRUNCATED);
  if (u32le(b, 4) + 8 > b.length) return fail(TRUNCATED);
  const chunk = tag(b, 12);
  if (chunk === 'VP8 ') return ok('webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  if (chunk === 'VP8L') {
    const bits = u32le(b, 21);
    return ok('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const animated = (b[20]! & 0x02) !== 0;
    return ok('webp', u24le(b, 24) + 1, u24le(b, 27) + 1, animated ? 2 : 1);
  }
  return fail(`${DAMAGED} WebP`);
}

/**
 * The header of a whole image file whose format was sniffed from its first bytes. Reads structure
 * only (chunks, segments, blocks), never pixels: milliseconds even for a large photo.
 */
export function readImageHeader(bytes: Uint8Array, format: ImageFormat): HeaderResult {
  switch (format) {
    case 'jpeg':
      return readJpegHeader(bytes);
    case 'png':
      return readPng(bytes);
    case 'gif':
      return readGif(bytes);
    case 'bmp':
      return readBmp(bytes);
    case 'webp':
      return readWebp(bytes);
  }
}
