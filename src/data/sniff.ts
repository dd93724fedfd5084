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

/** How many leading bytes describeNonImage looks at: enough to tell text from binary. */
export const DESCRIBE_BYTES = 512;

const IMAGE_EXTENSION = /\.(jpe?g|jfif|png|gif|webp|bmp|heic|heif|avif|tiff?)$/i;
const VIDEO_BRANDS = new Set([
  'isom',
  'iso2',
  'mp41',
  'mp42',
  'avc1',
  'qt  ',
  'M4V ',
  '3gp4',
  '3gp5',
]);

function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  // A full slice may end inside a multi-byte character: then judge what precedes its last 3 bytes.
  const end = bytes.length >= DESCRIBE_BYTES ? bytes.length - 3 : bytes.length;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, end));
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
}

/** What a file that is not a supported image is instead, in words, or null when unknown. */
function otherKind(bytes: Uint8Array): string | null {
  if (startsWith(bytes, 0, ascii('%PDF-'))) return 'a PDF document';
  if (startsWith(bytes, 0, [0x50, 0x4b, 0x03, 0x04]))
    return 'a zip archive (or an Office document)';
  if (startsWith(bytes, 4, FTYP) && bytes.length >= 12) {
    if (VIDEO_BRANDS.has(String.fromCharCode(...bytes.subarray(8, 12)))) return 'a video';
  }
  if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, ascii('AVI '))) return 'a video';
  if (startsWith(bytes, 0, RIFF) && startsWith(bytes, 8, ascii('WAVE'))) return 'a sound file';
  if (startsWith(bytes, 0, ascii('ID3'))) return 'a sound file';
  if (!looksLikeText(bytes)) return null;
  const head = new TextDecoder().decode(bytes).trimStart().toLowerCase();
  if (head.includes('<svg')) return 'an SVG drawing (export it as PNG to use it)';
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'a web page';
  return 'a text file';
}

/**
 * Why a file is not used as an image, from its first DESCRIBE_BYTES bytes and its name: "a PDF
 * document, not an image", "a text file named .jpg, not an image", or the formats that are read.
 */
export function describeNonImage(bytes: Uint8Array, name: string): string {
  const named = sniffUnsupportedImage(bytes);
  if (named) return `${named} images are not supported; use JPEG, PNG, WebP, GIF or BMP`;
  const extension = IMAGE_EXTENSION.exec(name)?.[0];
  const kind = otherKind(bytes);
  if (kind) return extension ? `${kind} named ${extension}, not an image` : `${kind}, not an image`;
  return extension
    ? `named ${extension} but not JPEG, PNG, WebP, GIF or BMP inside`
    : 'not JPEG, PNG, WebP, GIF or BMP';
}
