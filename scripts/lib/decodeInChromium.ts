// Decodes JPEG files to square RGBA pixels with headless Chromium's own decoder (createImageBitmap,
// as the app decodes), for Node-side benchmarks and tests: Node has no JPEG decoder of its own here.
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM = '/usr/bin/chromium';

/** Each file as `size` x `size` RGBA (stretched to the square, as the backbone sees it). */
export async function decodeSquare(
  files: readonly string[],
  size: number,
): Promise<Uint8ClampedArray[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--no-first-run', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const out: Uint8ClampedArray[] = [];
    const CHUNK = 24;
    for (let at = 0; at < files.length; at += CHUNK) {
      const encoded = files.slice(at, at + CHUNK).map((f) => readFileSync(f).toString('base64'));
      const decoded = await page.evaluate(
        async ({ encoded, size }) => {
          const canvas = new OffscreenCanvas(size, size);
          const ctx = canvas.getContext('2d')!;
          const result: string[] = [];
          for (const b64 of encoded) {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }), {
              resizeWidth: size,
              resizeHeight: size,
              resizeQuality: 'high',
              imageOrientation: 'from-image',
            });
            ctx.clearRect(0, 0, size, size);
            ctx.drawImage(bitmap, 0, 0);
            bitmap.close();
            const data = ctx.getImageData(0, 0, size, size).data;
            let s = '';
            for (let i = 0; i < data.length; i += 8192) {
              s += String.fromCharCode(...data.subarray(i, i + 8192));
            }
            result.push(btoa(s));
          }
          return result;
        },
        { encoded, size },
      );
      for (const d of decoded) out.push(new Uint8ClampedArray(Buffer.from(d, 'base64')));
    }
    return out;
  } finally {
    await browser.close();
  }
}
