// How (and whether) an image of a given size gets decoded. A browser decodes the whole image
// before resizing it, whatever size is asked for: measured in Chromium, a 12,000 x 12,000 PNG
// resized to 32 x 32 still takes about 650 MB and 3 s. So sizes are checked from the header first:
// up to MAX_FULL_DECODE_PIXELS decode normally; a larger JPEG decodes at 1/2 .. 1/8 scale inside
// the decoder (WebCodecs ImageDecoder with a desired size: 12,000 x 12,000 took 16 MB and 0.15 s);
// anything else that large is refused with a message instead of risking the tab.
import type { ImageInfo } from './imageHeader';

/** Larger files are not read at all (the largest camera JPEGs are a few tens of MB). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** 64 megapixels (8,000 x 8,000): 256 MB decoded, more than any phone takes by default. */
export const MAX_FULL_DECODE_PIXELS = 64_000_000;
/** What a downscaled JPEG decode aims at; JPEG decoders scale by eighths, so the result is at most this. */
export const DOWNSCALE_TARGET_PIXELS = 16_000_000;
// JPEG decoders cannot scale below 1/8 a side, i.e. 1/64 of the pixels.
const MAX_JPEG_PIXELS = MAX_FULL_DECODE_PIXELS * 64;

export type DecodePlan =
  | { readonly kind: 'full'; readonly pixels: number }
  | {
      readonly kind: 'downscale';
      readonly pixels: number;
      readonly width: number;
      readonly height: number;
    }
  | { readonly kind: 'refuse'; readonly detail: string };

function megapixels(pixels: number): string {
  const mp = pixels / 1_000_000;
  return `${mp < 10 ? mp.toFixed(1) : Math.round(mp)} megapixels`;
}

/** "12,000 x 12,000 pixels (144 megapixels)" */
export function describeSize(width: number, height: number): string {
  const w = width.toLocaleString('en');
  const h = height.toLocaleString('en');
  return `${w} × ${h} pixels (${megapixels(width * height)})`;
}

/** Whether this browser can decode a JPEG at reduced size (WebCodecs ImageDecoder). */
export function canDownscaleJpeg(): boolean {
  return typeof (globalThis as { ImageDecoder?: unknown }).ImageDecoder === 'function';
}

export function planDecode(
  info: ImageInfo,
  downscaleJpeg: boolean = canDownscaleJpeg(),
): DecodePlan {
  const pixels = info.width * info.height;
  if (pixels <= MAX_FULL_DECODE_PIXELS) return { kind: 'full', pixels };
  const size = describeSize(info.width, info.height);
  const limit = `the ${megapixels(MAX_FULL_DECODE_PIXELS)} this app decodes`;
  if (info.format === 'jpeg' && downscaleJpeg && pixels <= MAX_JPEG_PIXELS) {
    const scale = Math.sqrt(DOWNSCALE_TARGET_PIXELS / pixels);
    const width = Math.max(1, Math.floor(info.width * scale));
    const height = Math.max(1, Math.floor(info.height * scale));
    return { kind: 'downscale', pixels: width * height, width, height };
  }
  const why =
    info.format === 'jpeg' && !downscaleJpeg
      ? 'this browser cannot decode large JPEGs at reduced size'
      : `it is more than ${limit}`;
  return { kind: 'refuse', detail: `${size}: ${why}. Scale it down and add it again.` };
}
