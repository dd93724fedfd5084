// Image format by magic bytes: a file's name says nothing reliable (a `.txt` renamed `.jpg` is text).
import type { ImageFormat } from '../shared/dataset';

/** How many leading bytes the sniffers look at. */
export const SNIFF_BYTES = 16;

function startsWith(bytes: Uint8Array, at: number, expected: readonly number[]): boolean {
  if (bytes.length < at + expected.length) return false;
  return expected.every((b, i) => bytes[at + i] === b);
}

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const BM = ascii('BM');
// Sizes of the BMP info headers that exist (core, v1..v5). Only the low 16 bits fit in 16 bytes,
// but every real size is below 256, so the high byte of those 16 bits must be zero too.
const BMP_INFO_HEADER_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function u16le(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32le(bytes: Uint8Array, at: number): number {
  return (u16le(bytes, at) | (u16le(bytes, at + 2) << 16)) >>> 0;
}

// 'BM' alone is too weak: plenty of text files start with "BM". The pixel-data offset must lie
// past the two headers and the info-header size must be one that exists.
function looksLikeBmp(bytes: Uint8Array): boolean {
  if (bytes.length < SNIFF_BYTES || !startsWith(bytes, 0, BM)) return false;
  const pixelOffset = u32le(bytes, 10);
  return pixelOffset >= 26 && BMP_INFO_HEADER_SIZES.has(u16le(bytes, 14));
}

/** The format of a supported image from its first bytes, or null. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, 0, JPEG)) return 'jpeg';
  if (startsWith(bytes, 0, PNG)) return 'png';
  if (startsWith(bytes, 0, GIF87) || startsWith(bytes, 0, GIF89)) return 'gif';
  if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, WEBP)) return 'webp';
  if (looksLikeBmp(bytes)) return 'bmp';
  return null;
}

const FTYP = ascii('ftyp');
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);
// Generic HEIF brands: an AVIF may carry them too, so only the family can be named.
const HEIF_BRANDS = new Set(['mif1', 'msf1']);

/**
 * Names a common image format the app does not read (an iPhone's HEIC, AVIF, TIFF) so the person
 * learns why their photos were skipped, instead of being told they are "not images".
 */
export function sniffUnsupportedImage(bytes: Uint8Array): string | null {
  if (startsWith(bytes, 4, FTYP) && bytes.length >= 12) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (brand === 'avif' || brand === 'avis') return 'AVIF';
    if (HEIC_BRANDS.has(brand)) return 'HEIC';
    if (HEIF_BRANDS.has(brand)) return 'HEIF';
  }
  if (
    startsWith(bytes, 0, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(bytes, 0, [0x4d, 0x4d, 0x00, 0x2a])
  ) {
    return 'TIFF';
  }
  return null;
}
