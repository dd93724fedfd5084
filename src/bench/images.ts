// Benchmark images made in the page: photo-sized JPEGs with smooth colour fields, shapes and
// sensor-like noise, each one different (so each has its own content hash and is computed, never
// found in the cache), in five class folders, as File objects like a dropped folder gives.
import type { DroppedFile } from '../shared/dataset';

const WIDTH = 320;
const HEIGHT = 240;
export const BENCH_CLASSES = 5;

/** xorshift32: fast, seeded, enough for pixels. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

async function makeImage(canvas: OffscreenCanvas, seed: number): Promise<Blob> {
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const rand = xorshift(seed * 2654435761);
  const gradient = ctx.createLinearGradient(0, 0, WIDTH * rand(), HEIGHT);
  gradient.addColorStop(0, `hsl(${360 * rand()} 60% 50%)`);
  gradient.addColorStop(1, `hsl(${360 * rand()} 60% 40%)`);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  for (let i = 0; i < 6; i++) {
    ctx.fillStyle = `hsl(${360 * rand()} 70% ${30 + 40 * rand()}%)`;
    ctx.beginPath();
    ctx.ellipse(
      WIDTH * rand(),
      HEIGHT * rand(),
      10 + 60 * rand(),
      10 + 60 * rand(),
      3 * rand(),
      0,
      7,
    );
    ctx.fill();
  }
  const image = ctx.getImageData(0, 0, WIDTH, HEIGHT);
  const px = image.data;
  for (let i = 0; i < px.length; i += 4) {
    const n = (rand() - 0.5) * 24;
    px[i] = px[i]! + n;
    px[i + 1] = px[i + 1]! + n;
    px[i + 2] = px[i + 2]! + n;
  }
  ctx.putImageData(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}

/** `count` distinct JPEGs (seeded by `seed`), spread over the class folders. */
export async function makeImages(count: number, seed: number): Promise<DroppedFile[]> {
  const canvas = new OffscreenCanvas(WIDTH, HEIGHT);
  const files: DroppedFile[] = [];
  for (let i = 0; i < count; i++) {
    const blob = await makeImage(canvas, seed * 1_000_003 + i);
    const path = `class${i % BENCH_CLASSES}/img-${seed}-${String(i).padStart(5, '0')}.jpg`;
    files.push({ file: new File([blob], path.split('/')[1]!, { type: 'image/jpeg' }), path });
  }
  return files;
}
