// A small JPEG of an image, for what a project keeps of a picture that is not one of its own (the
// last single-image prediction): a phone photo can weigh megabytes, its thumbnail a few kilobytes.

/** The image scaled to fit `size` px (never enlarged); null when the browser cannot decode it. */
export async function thumbnailOf(image: Blob, size = 224): Promise<Blob | null> {
  try {
    const bitmap = await createImageBitmap(image);
    const scale = Math.min(1, size / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  } catch {
    return null; // the name and the result are still worth keeping
  }
}
