import { describe, expect, it } from 'vitest';
import { describeNonImage, sniffImageFormat, sniffUnsupportedImage } from '../../../src/data/sniff';

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const bytes = (...parts: (number | number[])[]): Uint8Array => new Uint8Array(parts.flat());
const u32le = (n: number): number[] => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255];

const samples = {
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], ascii('JFIF'), [0, 1, 1, 0, 0, 1]),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], ascii('IHDR')),
  gif87: bytes(ascii('GIF87a'), [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0]),
  gif89: bytes(ascii('GIF89a'), [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0]),
  webp: bytes(ascii('RIFF'), u32le(1000), ascii('WEBPVP8 ')),
  bmp: bytes(ascii('BM'), u32le(70), [0, 0, 0, 0], u32le(54), u32le(40)),
};

describe('sniffImageFormat', () => {
  it('recognises each supported format by its magic bytes', () => {
    expect(sniffImageFormat(samples.jpeg)).toBe('jpeg');
    expect(sniffImageFormat(samples.png)).toBe('png');
    expect(sniffImageFormat(samples.gif87)).toBe('gif');
    expect(sniffImageFormat(samples.gif89)).toBe('gif');
    expect(sniffImageFormat(samples.webp)).toBe('webp');
    expect(sniffImageFormat(samples.bmp)).toBe('bmp');
  });

  it('rejects text, even text that would be named .jpg', () => {
    expect(sniffImageFormat(new TextEncoder().encode('hello, this is not a photo'))).toBeNull();
    expect(sniffImageFormat(new TextEncoder().encode('BMW 3 series brochure, page 1'))).toBeNull();
  });

  it('rejects look-alikes and truncated headers', () => {
    expect(sniffImageFormat(bytes(ascii('RIFF'), u32le(1000), ascii('WAVEfmt ')))).toBeNull();
    expect(sniffImageFormat(bytes([0xff, 0xd8]))).toBeNull();
    expect(sniffImageFormat(samples.png.subarray(0, 7))).toBeNull();
    expect(sniffImageFormat(samples.bmp.subarray(0, 10))).toBeNull();
    expect(sniffImageFormat(new Uint8Array())).toBeNull();
  });
});

describe('sniffUnsupportedImage', () => {
  it('names HEIC, AVIF and TIFF so the skip reason can say so', () => {
    expect(sniffUnsupportedImage(bytes(u32le(0x18000000), ascii('ftypheic'), [0, 0, 0, 0]))).toBe(
      'HEIC',
    );
    expect(sniffUnsupportedImage(bytes(u32le(0x1c000000), ascii('ftypavif'), [0, 0, 0, 0]))).toBe(
      'AVIF',
    );
    expect(sniffUnsupportedImage(bytes([0x49, 0x49, 0x2a, 0], u32le(8)))).toBe('TIFF');
    expect(sniffUnsupportedImage(samples.jpeg)).toBeNull();
  });
});

describe('describeNonImage', () => {
  const text = (s: string) => new TextEncoder().encode(s);

  it('says what a non-image is instead, and notices an image name on it', () => {
    expect(describeNonImage(text('%PDF-1.7\n%âãÏÓ'), 'scan.pdf')).toBe(
      'a PDF document, not an image',
    );
    expect(describeNonImage(text('%PDF-1.4'), 'photo.jpg')).toBe(
      'a PDF document named .jpg, not an image',
    );
    expect(describeNonImage(text('just some notes\n'), 'notes.txt')).toBe(
      'a text file, not an image',
    );
    expect(describeNonImage(text('héllo, ünïcode notes ✓'), 'x.JPG')).toBe(
      'a text file named .JPG, not an image',
    );
    expect(
      describeNonImage(
        text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'),
        'logo.svg',
      ),
    ).toMatch(/^an SVG drawing \(export it as PNG/);
    expect(describeNonImage(bytes([0x50, 0x4b, 3, 4, 20, 0]), 'holiday.zip')).toMatch(
      /^a zip archive/,
    );
    expect(
      describeNonImage(bytes([0, 0, 0, 32], ascii('ftypisom'), [0, 0, 2, 0]), 'clip.mp4'),
    ).toBe('a video, not an image');
  });

  it('names unsupported image formats and falls back to the formats that are read', () => {
    expect(
      describeNonImage(bytes([0, 0, 0, 24], ascii('ftypheic'), [0, 0, 0, 0]), 'IMG_1.HEIC'),
    ).toMatch(/^HEIC images are not supported/);
    const random = bytes([0x13, 0x8f, 0x00, 0xfe, 0x42, 0x07, 0x99, 0x01, 0xc3]);
    expect(describeNonImage(random, 'noise.jpg')).toBe(
      'named .jpg but not JPEG, PNG, WebP, GIF or BMP inside',
    );
    expect(describeNonImage(random, 'Thumbs')).toBe('not JPEG, PNG, WebP, GIF or BMP');
  });
});
