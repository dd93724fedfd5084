// Writes a Y4M video (the format Chromium's fake camera reads with
// --use-file-for-fake-video-capture): a text header, then per frame "FRAME\n" and the Y, U and V
// planes of 4:2:0 (BT.601, full range, chroma averaged over 2x2 blocks).
import { writeFileSync } from 'node:fs';

/** `frames` are RGB (3 bytes per pixel) images of width x height; both must be even. */
export function writeY4m(
  path: string,
  width: number,
  height: number,
  frames: readonly Uint8Array[],
  fps = 10,
): string {
  if (width % 2 || height % 2) throw new Error('Y4M 4:2:0 needs even dimensions');
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const parts: Buffer[] = [header];
  const cw = width / 2;
  const ch = height / 2;
  for (const rgb of frames) {
    const y = Buffer.alloc(width * height);
    const u = Buffer.alloc(cw * ch);
    const v = Buffer.alloc(cw * ch);
    const clamp = (x: number) => Math.max(0, Math.min(255, Math.round(x)));
    for (let i = 0; i < width * height; i++) {
      const [r, g, b] = [rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!];
      y[i] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
    }
    for (let cy = 0; cy < ch; cy++) {
      for (let cx = 0; cx < cw; cx++) {
        let cb = 0;
        let cr = 0;
        for (const [dx, dy] of [
          [0, 0],
          [1, 0],
          [0, 1],
          [1, 1],
        ] as const) {
          const i = (cy * 2 + dy) * width + cx * 2 + dx;
          const [r, g, b] = [rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!];
          cb += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
          cr += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
        }
        u[cy * cw + cx] = clamp(cb / 4);
        v[cy * cw + cx] = clamp(cr / 4);
      }
    }
    parts.push(Buffer.from('FRAME\n'), y, u, v);
  }
  writeFileSync(path, Buffer.concat(parts));
  return path;
}
