import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageFormat } from '../../../src/shared/dataset';
import { readImageHeader, type HeaderResult } from '../../../src/data/imageHeader';
import { encodeBmp, encodeGif, encodePngImage } from '../../helpers/imageFormats';
import { encodeJpeg } from '../../helpers/jpeg';
import { webpFile } from '../../helpers/imageFixtures';

const info = (r: HeaderResult) => (r.ok ? r.info : null);
const problem = (r: HeaderResult) => (r.ok ? null : r.problem);
const CUT_SHORT = /cut short/;

const rgb = (w: number, h: number) => new Uint8Array(w * h * 3).map((_, i) => (i * 37) % 251);

describe('readImageHeader: PNG', () => {
  const png = encodePngImage({
    width: 7,
    height: 3,
    colourType: 2,
    bitDepth: 8,
    samples: rgb(7, 3),
  });

  it('reads the size of every colour type and 16-bit depth', () => {
    expect(info(readImageHeader(png, 'png'))).toMatchObject({ width: 7, height: 3, frames: 1 });
    const gray16 = encodePngImage({
      width: 2,
      height: 5,
      colourType: 0,
      bitDepth: 16,
      samples: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    });
    expect(info(readImageHeader(gray16, 'png'))).toMatchObject({ width: 2, height: 5 });
    const grayAlpha = encodePngImage({
      width: 1,
      height: 1,
      colourType: 4,
      bitDepth: 8,
      samples: [9, 128],
    });
    expect(info(readImageHeader(grayAlpha, 'png'))).toMatchObject({ width: 1, height: 1 });
  });

  it('says a file is cut short when it ends before IEND, however much is missing', () => {
    for (const keep of [20, 40, png.length - 13, png.length - 1]) {
      expect(problem(readImageHeader(png.subarray(0, keep), 'png')), `${keep} bytes`).toMatch(
        CUT_SHORT,
      );
    }
  });

  it('refuses impossible headers and a PNG without image data', () => {
    const zero = Buffer.from(png);
    zero.writeUInt32BE(0, 16);
    expect(problem(readImageHeader(zero, 'png'))).toMatch(/claims 0 x 3 pixels/);
    const badDepth = Buffer.from(png);
    badDepth[24] = 4; // RGB at 4 bits does not exist
    expect(problem(readImageHeader(badDepth, 'png'))).toMatch(/colour type 2 at 4 bits/);
    const noData = Buffer.concat([png.subarray(0, 33), png.subarray(png.length - 12)]);
    expect(problem(readImageHeader(noData, 'png'))).toMatch(/no image data/);
  });
});

describe('readImageHeader: JPEG', () => {
  const jpeg = encodeJpeg(24, 10, rgb(24, 10), { channels: 3 });

  it('reads the size from the frame header of colour, gray and CMYK files', () => {
    expect(info(readImageHeader(jpeg, 'jpeg'))).toEqual({
      format: 'jpeg',
      width: 24,
      height: 10,
      orientation: 1,
      frames: 1,
    });
    const gray = encodeJpeg(3, 9, new Uint8Array(27), { channels: 1 });
    expect(info(readImageHeader(gray, 'jpeg'))).toMatchObject({ width: 3, height: 9 });
    const cmyk = encodeJpeg(5, 4, new Uint8Array(80), { channels: 4 });
    expect(info(readImageHeader(cmyk, 'jpeg'))).toMatchObject({ width: 5, height: 4 });
  });

  it('reads the EXIF orientation, big- and little-endian', () => {
    const rotated = encodeJpeg(8, 8, rgb(8, 8), { channels: 3, orientation: 6 });
    expect(info(readImageHeader(rotated, 'jpeg'))?.orientation).toBe(6);
    // The same EXIF block rewritten little-endian ("II", values byte-swapped).
    const little = Buffer.from(rotated);
    const tiff = little.indexOf('MM\0*', 0, 'latin1');
    little.write('II*\0', tiff, 'latin1');
    little.writeUInt32LE(8, tiff + 4);
    little.writeUInt16LE(1, tiff + 8);
    little.writeUInt16LE(0x0112, tiff + 10);
    little.writeUInt16LE(3, tiff + 12);
    little.writeUInt32LE(1, tiff + 14);
    little.writeUInt16LE(8, tiff + 18);
    expect(info(readImageHeader(little, 'jpeg'))?.orientation).toBe(8);
  });

  it('says a file is cut short anywhere before its end-of-image marker', () => {
    for (const keep of [
      3,
      30,
      200,
      Math.floor(jpeg.length / 2),
      jpeg.length - 2,
      jpeg.length - 1,
    ]) {
      expect(problem(readImageHeader(jpeg.subarray(0, keep), 'jpeg')), `${keep} bytes`).toMatch(
        CUT_SHORT,
      );
    }
  });

  it('accepts bytes after the end-of-image marker (some cameras append data)', () => {
    const trailing = Buffer.concat([jpeg, Buffer.from('trailing camera data \xff\xd8')]);
    expect(info(readImageHeader(trailing, 'jpeg'))).toMatchObject({ width: 24, height: 10 });
  });

  it('calls a JPEG with no frame header damaged', () => {
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    const length = jpeg.readUInt16BE(sof + 2);
    const noFrame = Buffer.concat([jpeg.subarray(0, sof), jpeg.subarray(sof + 2 + length)]);
    expect(problem(readImageHeader(noFrame, 'jpeg'))).toMatch(/damaged/);
  });
});

describe('readImageHeader: GIF, BMP, WebP', () => {
  const palette = [
    [255, 0, 0],
    [0, 0, 255],
  ] as const;

  it('counts frames of an animated GIF and finds a still one whole', () => {
    const still = encodeGif(5, 3, palette, [new Array(15).fill(0)]);
    const animated = encodeGif(5, 3, palette, [new Array(15).fill(0), new Array(15).fill(1)]);
    expect(info(readImageHeader(still, 'gif'))).toMatchObject({ width: 5, height: 3, frames: 1 });
    expect(info(readImageHeader(animated, 'gif'))).toMatchObject({ frames: 2 });
    expect(problem(readImageHeader(still.subarray(0, still.length - 6), 'gif'))).toMatch(CUT_SHORT);
    // Without its trailer a whole first frame is still shown by browsers.
    expect(info(readImageHeader(still.subarray(0, still.length - 1), 'gif'))).not.toBeNull();
  });

  it('reads BMP sizes and notices missing pixel rows', () => {
    const bmp = encodeBmp(3, 2, rgb(3, 2));
    expect(info(readImageHeader(bmp, 'bmp'))).toMatchObject({ width: 3, height: 2 });
    expect(problem(readImageHeader(bmp.subarray(0, bmp.length - 4), 'bmp'))).toMatch(CUT_SHORT);
  });

  it('reads WebP sizes and notices a RIFF that promises more than the file holds', () => {
    const webp = webpFile(300, 17);
    expect(info(readImageHeader(webp, 'webp'))).toMatchObject({ width: 300, height: 17 });
    expect(problem(readImageHeader(webp.subarray(0, webp.length - 2), 'webp'))).toMatch(CUT_SHORT);
  });
});

const flowers = path.resolve(__dirname, '../../../../shared/assets/datasets/flowers-dev');

describe.skipIf(!existsSync(flowers))(
  'readImageHeader on real photos (needs ../shared/assets)',
  () => {
    it('reads every flowers-dev JPEG as whole, with a plausible size', () => {
      const files = readdirSync(flowers, { recursive: true, withFileTypes: true }).filter((e) =>
        e.isFile(),
      );
      expect(files.length).toBe(300);
      for (const e of files) {
        const bytes = readFileSync(path.join(e.parentPath, e.name));
        const result = readImageHeader(bytes, 'jpeg' satisfies ImageFormat);
        expect(problem(result), e.name).toBeNull();
        expect(info(result)!.width, e.name).toBeGreaterThan(100);
        // Cut anywhere inside the image data, a real photo is reported as cut short.
        expect(
          problem(readImageHeader(bytes.subarray(0, bytes.length - 100), 'jpeg')),
          e.name,
        ).toMatch(CUT_SHORT);
      }
    });
  },
);
