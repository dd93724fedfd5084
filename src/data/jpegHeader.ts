// JPEG structure without decoding: size from the frame header, orientation from EXIF, and whether
// the file runs to its end-of-image marker. Browsers refuse a JPEG cut short, so finding that out at
// import turns a later, vague decode failure into a clear message now.
import type { HeaderResult } from './imageHeader';

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP1 = 0xe1;
// Start-of-frame markers: C0..CF except DHT (C4), JPG (C8) and DAC (CC).
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

export const TRUNCATED =
  'the file is cut short: it ends before the image does (an interrupted copy or download?)';
export const DAMAGED = 'the file is damaged: its structure is not a valid';

function u16be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

/** Markers without a length field: TEM, RST0..7, SOI, EOI. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);
}

/** EXIF orientation 1..8 from an APP1 segment's payload, or null when it has none. */
export function exifOrientation(bytes: Uint8Array, start: number, end: number): number | null {
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
  if (end - start < 14 || !exif.every((b, i) => bytes[start + i] === b)) return null;
  const tiff = start + 6;
  const little = bytes[tiff] === 0x49 && bytes[tiff + 1] === 0x49;
  const big = bytes[tiff] === 0x4d && bytes[tiff + 1] === 0x4d;
  if (!little && !big) return null;
  const u16 = (at: number) =>
    little ? (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) : u16be(bytes, at);
  const u32 = (at: number) =>
    little ? (u16(at) | (u16(at + 2) << 16)) >>> 0 : ((u16(at) << 16) | u16(at + 2)) >>> 0;
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > end) return null;
  const count = u16(ifd);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return null;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

/**
 * Index just past the end of an entropy-coded segment that starts at `from`: the position of the
 * next marker other than a stuffed 0xFF00 or a restart marker, or -1 when the file ends first.
 */
function skipEntropyData(bytes: Uint8Array, from: number): number {
  let at = from;
  for (;;) {
    at = bytes.indexOf(0xff, at);
    if (at < 0 || at + 1 >= bytes.length) return -1;
    const next = bytes[at + 1]!;
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) {
      at += next === 0xff ? 1 : 2;
      continue;
    }
    return at;
  }
}

/** Reads a whole JPEG's segments up to its end-of-image marker. */
export function readJpegHeader(bytes: Uint8Array): HeaderResult {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) return { ok: false, problem: `${DAMAGED} JPEG` };
  let width = 0;
  let height = 0;
  let orientation = 1;
  let at = 2;
  for (;;) {
    if (at >= bytes.length) return { ok: false, problem: TRUNCATED };
    if (bytes[at] !== 0xff) return { ok: false, problem: `${DAMAGED} JPEG` };
    while (bytes[at] === 0xff) at++; // fill bytes
    if (at >= bytes.length) return { ok: false, problem: TRUNCATED };
    const marker = bytes[at++]!;
    if (marker === EOI) break;
    if (isStandalone(marker)) continue;
    if (at + 2 > bytes.length) return { ok: false, problem: TRUNCATED };
    const length = u16be(bytes, at);
    const end = at + length;
    if (length < 2) return { ok: false, problem: `${DAMAGED} JPEG` };
    if (end > bytes.length) return { ok: false, problem: TRUNCATED };
    if (SOF.has(marker) && length >= 8) {
      height = u16be(bytes, at + 3);
      width = u16be(bytes, at + 5);
    } else if (marker === APP1 && orientation === 1) {
      orientation = exifOrientation(bytes, at + 2, end) ?? 1;
    }
    at = end;
    if (marker === SOS) {
      if (width === 0 || height === 0) {
        return { ok: false, problem: `${DAMAGED} JPEG (no image size before the image data)` };
      }
      const next = skipEntropyData(bytes, at);
      if (next < 0) return { ok: false, problem: TRUNCATED };
      at = next;
    }
  }
  if (width === 0 || height === 0) {
    return { ok: false, problem: `${DAMAGED} JPEG (it holds no image)` };
  }
  return { ok: true, info: { format: 'jpeg', width, height, orientation, frames: 1 } };
}
