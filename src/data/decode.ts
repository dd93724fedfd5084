// Image bytes -> size x size RGBA pixels, in the worker. Browser-only (createImageBitmap,
// OffscreenCanvas, ImageDecoder): code that needs decoding takes a DecodeFn so Node tests can pass
// a fake. The header is read first, so a huge image is decoded downscaled or refused before it can
// take the tab's memory, and every failure becomes a sentence about the file.
import type { ImageFormat } from '../shared/dataset';
import { MAX_FILE_BYTES, planDecode, type DecodePlan } from './decodePlan';
import { readImageHeader } from './imageHeader';
import { createBudget } from '../shared/limit';
import { DESCRIBE_BYTES, SNIFF_BYTES, describeNonImage, sniffImageFormat } from './sniff';
import { formatBytes } from '../shared/text';

/**
 * What import already learned about a file (its format, and how its header says to decode it), so
 * decoding does not read and parse the file a second time.
 */
export interface DecodeHint {
  readonly format: ImageFormat;
  readonly plan: Exclude<DecodePlan, { kind: 'refuse' }>;
}

/**
 * Decodes an image and resizes it to size x size; resolves to size * size * 4 RGBA bytes. Without a
 * hint, the file is read and its header checked first.
 */
export type DecodeFn = (blob: Blob, size: number, hint?: DecodeHint) => Promise<Uint8ClampedArray>;

// At most this many source pixels decoded at once across concurrent calls (extraction decodes a
// batch at a time): 128 MP is 512 MB, where a batch of 32 phone photos would be 1.5 GB.
const PIXELS_IN_FLIGHT = 128_000_000;
const decodeBudget = createBudget(PIXELS_IN_FLIGHT);

const FORMAT_NAMES: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  gif: 'GIF',
  webp: 'WebP',
  bmp: 'BMP',
};

const BITMAP_OPTIONS = {
  resizeQuality: 'high',
  imageOrientation: 'from-image',
  premultiplyAlpha: 'none',
  colorSpaceConversion: 'none',
} as const satisfies ImageBitmapOptions;

function undecodable(format: ImageFormat, cause: unknown): Error {
  return new Error(
    `the browser could not decode this ${FORMAT_NAMES[format]}: its image data is damaged, or it uses a variant browsers do not read`,
    { cause },
  );
}

/** A JPEG too big to decode whole, decoded at 1/2 .. 1/8 scale by the JPEG decoder itself. */
async function downscaledJpeg(
  blob: Blob,
  plan: Extract<DecodePlan, { kind: 'downscale' }>,
  size: number,
): Promise<ImageBitmap> {
  const decoder = new ImageDecoder({
    data: blob.stream(),
    type: 'image/jpeg',
    desiredWidth: plan.width,
    desiredHeight: plan.height,
    colorSpaceConversion: 'none',
  });
  try {
    const { image } = await decoder.decode({ frameIndex: 0 });
    try {
      // Chromium applies the EXIF orientation in the frame it hands out (checked in the browser tests).
      return await createImageBitmap(image, {
        ...BITMAP_OPTIONS,
        resizeWidth: size,
        resizeHeight: size,
      });
    } finally {
      image.close();
    }
  } finally {
    decoder.close();
  }
}

/**
 * Stretches to a square rather than cropping, as Keras `load_img(target_size=...)` does. Pixels are
 * turned upright by their EXIF orientation (phone photos), alpha is not premultiplied and the
 * embedded colour profile is not applied, so values are the file's own. Animated images give their
 * first frame. Rejects with an Error whose message says what is wrong with the file.
 */
export const decodeToRgba: DecodeFn = async (blob, size, hint) => {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`Image size must be a positive integer, got ${size}.`);
  const { format, plan } = hint ?? (await inspect(blob));
  return decodeBudget(plan.pixels, async () => {
    let bitmap: ImageBitmap;
    try {
      bitmap =
        plan.kind === 'downscale'
          ? await downscaledJpeg(blob, plan, size)
          : await createImageBitmap(blob, {
              ...BITMAP_OPTIONS,
              resizeWidth: size,
              resizeHeight: size,
            });
    } catch (err) {
      throw undecodable(format, err);
    }
    try {
      const canvas = new OffscreenCanvas(size, size);
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('could not decode image: no 2D canvas in this browser');
      context.drawImage(bitmap, 0, 0);
      return context.getImageData(0, 0, size, size).data;
    } finally {
      bitmap.close();
    }
  });
};

/** Reads a file that import did not see (or saw in another session) and plans its decode. */
async function inspect(blob: Blob): Promise<DecodeHint> {
  if (blob.size === 0) throw new Error('the file is empty (0 bytes)');
  if (blob.size > MAX_FILE_BYTES) {
    throw new Error(
      `the file is ${formatBytes(blob.size)}, over the ${formatBytes(MAX_FILE_BYTES)} limit`,
    );
  }
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const format = sniffImageFormat(bytes.subarray(0, SNIFF_BYTES));
  if (!format) throw new Error(describeNonImage(bytes.subarray(0, DESCRIBE_BYTES), ''));
  const header = readImageHeader(bytes, format);
  if (!header.ok) throw new Error(header.problem);
  const plan = planDecode(header.info);
  if (plan.kind === 'refuse') throw new Error(plan.detail);
  return { format, plan };
}
