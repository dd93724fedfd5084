// The app's decoder (src/data/decode.ts) run inside Chromium on every awkward-but-legal image and
// every broken one: orientation, colour and first frames come out right; huge images are decoded
// downscaled (JPEG) or refused (others) before they can take the tab's memory; bad files fail with
// a sentence about the file.
import { test, expect } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { encodeBmp, encodeGif, encodePngImage, writeFlatPng } from '../helpers/imageFormats';
import { encodeFlatGrayJpeg, encodeJpeg } from '../helpers/jpeg';
import { encodePng } from '../helpers/png';

/** src/data/decode.ts and its imports as one script defining `graftDecode`, to run in the page. */
async function bundleDecoder(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: {
        entry: join(import.meta.dirname, '../../src/data/decode.ts'),
        formats: ['iife'],
        name: 'graftDecode',
      },
    },
  });
  const [first] = Array.isArray(result) ? result : [result];
  if (!first || !('output' in first)) throw new Error('vite build gave no output');
  return first.output[0].code;
}

type Rgb = readonly [number, number, number];
interface Decoded {
  readonly corners?: readonly Rgb[]; // top-left, top-right, bottom-left, bottom-right
  readonly error?: string;
}

test('the decoder in Chromium: awkward images come out upright and in the right colours; bad and huge ones fail with a sentence', async ({
  page,
}) => {
  const half = (top: Rgb, bottom: Rgb) =>
    Uint8Array.from(
      { length: 16 * 16 * 3 },
      (_, i) => (Math.floor(i / 48) < 8 ? top : bottom)[i % 3]!,
    );
  const red: Rgb = [230, 20, 20];
  const blue: Rgb = [20, 20, 230];
  const redOverBlue = half(red, blue);
  const png = encodePng(16, 16, redOverBlue);
  const dir = mkdtempSync(join(tmpdir(), 'graft-decode-'));
  await writeFlatPng(join(dir, 'huge.png'), 12000, 12000, 90);
  const files: Record<string, Uint8Array | string> = {
    'colour jpeg': encodeJpeg(16, 16, redOverBlue, { channels: 3 }),
    'exif 6 (turn right)': encodeJpeg(16, 16, redOverBlue, { channels: 3, orientation: 6 }),
    'exif 3 (upside down)': encodeJpeg(16, 16, redOverBlue, { channels: 3, orientation: 3 }),
    'cmyk jpeg': encodeJpeg(
      16,
      16,
      Uint8Array.from({ length: 1024 }, (_, i) => [0, 255, 255, 0][i % 4]!),
      { channels: 4 },
    ),
    'gray jpeg': encodeJpeg(16, 16, new Uint8Array(256).fill(70), { channels: 1 }),
    '16-bit png': encodePngImage({
      width: 2,
      height: 2,
      colourType: 2,
      bitDepth: 16,
      samples: Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 65535 : 0)),
    }),
    'gray + alpha png': encodePngImage({
      width: 2,
      height: 2,
      colourType: 4,
      bitDepth: 8,
      samples: [90, 255, 90, 255, 90, 255, 90, 255],
    }),
    'palette png': encodePngImage({
      width: 2,
      height: 2,
      colourType: 3,
      bitDepth: 8,
      samples: [0, 0, 1, 1],
      palette: [
        [230, 20, 20],
        [20, 20, 230],
      ],
    }),
    '1 x 1 png': encodePng(1, 1, Uint8Array.from([20, 200, 20])),
    'animated gif': encodeGif(4, 4, [red, blue], [new Array(16).fill(0), new Array(16).fill(1)]),
    bmp: encodeBmp(16, 16, redOverBlue),
    'huge jpeg': encodeFlatGrayJpeg(12000, 12000, 120),
    'huge png': readFileSync(join(dir, 'huge.png')),
    'cut png': png.subarray(0, png.length - 20),
    'damaged png': Uint8Array.from(png, (b, i) => (i >= 45 && i < png.length - 16 ? b ^ 0x5a : b)),
    'text named .jpg': 'just text',
    empty: '',
  };
  await page.goto('/');
  await page.evaluate(await bundleDecoder()); // evaluated by the debugger, as a test may (CSP applies to the app)
  const encoded = Object.fromEntries(
    Object.entries(files).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  );
  const { decoded, downscaleRequests } = await page.evaluate(async (inputs) => {
    type Api = { decodeToRgba: (blob: Blob, size: number) => Promise<Uint8ClampedArray> };
    const api = (globalThis as unknown as { graftDecode: Api }).graftDecode;
    // Spy on ImageDecoder to see which images take the downscaled path, and at what size.
    const requests: { width?: number; height?: number }[] = [];
    const Real = ImageDecoder;
    globalThis.ImageDecoder = class extends Real {
      constructor(init: ImageDecoderInit) {
        requests.push({ width: init.desiredWidth, height: init.desiredHeight });
        super(init);
      }
    };
    const out: Record<string, { corners?: [number, number, number][]; error?: string }> = {};
    const size = 8;
    for (const [name, b64] of Object.entries(inputs)) {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      try {
        const px = await api.decodeToRgba(new Blob([bytes]), size);
        const at = (x: number, y: number): [number, number, number] => {
          const i = (y * size + x) * 4;
          return [px[i]!, px[i + 1]!, px[i + 2]!];
        };
        out[name] = {
          corners: [at(0, 0), at(size - 1, 0), at(0, size - 1), at(size - 1, size - 1)],
        };
      } catch (error) {
        out[name] = { error: error instanceof Error ? error.message : String(error) };
      }
    }
    globalThis.ImageDecoder = Real;
    return { decoded: out, downscaleRequests: requests };
  }, encoded);

  const near = (actual: Rgb | undefined, expected: Rgb, what: string) => {
    expect(actual, what).toBeDefined();
    actual!.forEach((v, c) =>
      expect(Math.abs(v - expected[c]!), `${what} channel ${c}: ${actual}`).toBeLessThan(24),
    );
  };
  const corners = (name: string, expected: readonly Rgb[]) => {
    const result: Decoded | undefined = decoded[name];
    expect(result?.error, name).toBeUndefined();
    expected.forEach((colour, i) => near(result?.corners?.[i], colour, `${name} corner ${i}`));
  };
  const fails = (name: string, says: string) => expect(decoded[name]?.error, name).toContain(says);

  corners('colour jpeg', [red, red, blue, blue]);
  corners('exif 6 (turn right)', [blue, red, blue, red]); // the red top becomes the right side
  corners('exif 3 (upside down)', [blue, blue, red, red]);
  corners('cmyk jpeg', [
    [255, 0, 0],
    [255, 0, 0],
    [255, 0, 0],
    [255, 0, 0],
  ]);
  corners('gray jpeg', Array(4).fill([70, 70, 70]));
  corners('16-bit png', Array(4).fill([255, 0, 0]));
  corners('gray + alpha png', Array(4).fill([90, 90, 90]));
  corners('palette png', [red, red, blue, blue]);
  corners('1 x 1 png', Array(4).fill([20, 200, 20]));
  corners('animated gif', Array(4).fill(red)); // the first frame
  corners('bmp', [red, red, blue, blue]);
  corners('huge jpeg', Array(4).fill([120, 120, 120]));
  // Only the huge JPEG went through the downscaling decoder, and it asked for a small image.
  expect(downscaleRequests).toHaveLength(1);
  expect(downscaleRequests[0]!.width! * downscaleRequests[0]!.height!).toBeLessThanOrEqual(
    16_000_000,
  );

  fails('huge png', '12,000 × 12,000 pixels (144 megapixels)');
  fails('cut png', 'cut short');
  fails('damaged png', 'the browser could not decode this PNG');
  fails('text named .jpg', 'a text file');
  fails('empty', 'empty');
});
