// Camera frames in the worker: a frame (an ImageBitmap the page grabbed from the video) becomes
// size x size RGBA pixels exactly as a dropped file does in decode.ts (stretched to a square by
// createImageBitmap's high-quality resize, alpha not premultiplied), or a JPEG file for the dataset.
// Browser-only: the engine takes a FrameCodec so Node tests can pass a fake.
import type { DroppedFile } from '../shared/dataset';
import { CAPTURE_MAX_SIDE } from '../shared/webcam';

export interface FrameCodec {
  /** size x size x 4 RGBA bytes, resized the way decodeToRgba resizes files. Does not close `frame`. */
  toPixels(frame: ImageBitmap, size: number): Promise<Uint8ClampedArray>;
  /** The frame as a JPEG file, at most `maxSide` pixels on its longer side. Does not close `frame`. */
  toFile(frame: ImageBitmap, maxSide: number): Promise<Blob>;
}

const RESIZE = {
  resizeQuality: 'high',
  premultiplyAlpha: 'none',
  colorSpaceConversion: 'none',
} as const satisfies ImageBitmapOptions;

/** Quality 0.92: frames are stored once and read many times; artefacts would be learned. */
const JPEG_QUALITY = 0.92;

function context2d(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('This browser has no 2D canvas in workers.');
  return context;
}

export const browserFrameCodec: FrameCodec = {
  async toPixels(frame, size) {
    const resized = await createImageBitmap(frame, {
      ...RESIZE,
      resizeWidth: size,
      resizeHeight: size,
    });
    try {
      const context = context2d(new OffscreenCanvas(size, size));
      context.drawImage(resized, 0, 0);
      return context.getImageData(0, 0, size, size).data;
    } finally {
      resized.close();
    }
  },

  async toFile(frame, maxSide) {
    const scale = Math.min(1, maxSide / Math.max(frame.width, frame.height));
    const width = Math.max(1, Math.round(frame.width * scale));
    const height = Math.max(1, Math.round(frame.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = context2d(canvas);
    context.imageSmoothingQuality = 'high';
    context.drawImage(frame, 0, 0, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
  },
};

/** Frames captured in this worker so far: names stay unique within one millisecond too. */
let captured = 0;

/**
 * Camera frames as JPEG files (a capture into a class or into the unlabelled pool), named by when
 * they were taken. Closes every frame, also when one fails.
 */
export async function framesToFiles(
  codec: FrameCodec,
  bitmaps: readonly ImageBitmap[],
): Promise<DroppedFile[]> {
  const files: DroppedFile[] = [];
  try {
    for (const bitmap of bitmaps) {
      const file = await codec.toFile(bitmap, CAPTURE_MAX_SIDE);
      files.push({ file, path: `webcam-${Date.now()}-${++captured}.jpg` });
    }
  } finally {
    for (const bitmap of bitmaps) bitmap.close();
  }
  return files;
}
