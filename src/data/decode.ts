// Image bytes -> size x size RGBA pixels, in the worker. Browser-only (createImageBitmap,
// OffscreenCanvas): code that needs decoding takes a DecodeFn so Node tests can pass a fake.

/** Decodes an image and resizes it to size x size; resolves to size * size * 4 RGBA bytes. */
export type DecodeFn = (blob: Blob, size: number) => Promise<Uint8ClampedArray>;

/**
 * Stretches to a square rather than cropping, as Keras `load_img(target_size=...)` does. Pixels are
 * turned upright by their EXIF orientation (phone photos), alpha is not premultiplied and the
 * embedded colour profile is not applied, so values are the file's own.
 */
export const decodeToRgba: DecodeFn = async (blob, size) => {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`Image size must be a positive integer, got ${size}.`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, {
      resizeWidth: size,
      resizeHeight: size,
      resizeQuality: 'high',
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch (err) {
    throw new Error('could not decode image', { cause: err });
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
};
