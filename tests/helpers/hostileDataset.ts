// Writes a dataset folder holding every bad input a real folder can: junk and system files, empty,
// cut-short, damaged and disguised files, legal-but-awkward images (gray, alpha, 16-bit, palette,
// CMYK, EXIF-rotated, animated, 1 x 1, 12,000 x 12,000), a loose top-level image, a class of junk
// only, an empty class folder, hostile and Unicode names, a very long path and one image filed
// under two classes. Every byte is generated here. Returns what the app must report about it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SkipReason } from '../../src/shared/dataset';
import { encodeBmp, encodeGif, encodePngImage, writeFlatPng } from './imageFormats';
import { encodeFlatGrayJpeg, encodeJpeg } from './jpeg';
import { encodePng } from './png';
import { drawShape } from './shapesDataset';

export const HOSTILE_CLASS = `"><script>alert('class')`;
export const HOSTILE_FILE = '<img src=x onerror=alert(1)>.jpg';
export const UNICODE_CLASS = 'ünïcödé 🌼 café';
export const SPACES_CLASS = 'stripes with spaces';
const LONG_DIRS = Array.from(
  { length: 6 },
  (_, i) => `a folder nested ${i} levels deep with a long name`,
);
export const LONG_PATH = `circles/${LONG_DIRS.join('/')}/${'a very long file name '.repeat(8)}.png`;

export interface ExpectedSkip {
  readonly path: string;
  readonly reason: SkipReason;
  /** A phrase the file's listed reason must contain. */
  readonly says: string;
}

export interface HostileDataset {
  readonly root: string;
  /** Files the import itself skips. */
  readonly skipped: readonly ExpectedSkip[];
  /** Files that pass the import's checks but that the browser cannot decode (listed after extraction). */
  readonly decodeFailures: readonly ExpectedSkip[];
  /** Classes with usable images, in the app's order (by code point). */
  readonly classes: readonly string[];
  /** Images the import accepts (decode failures included, label conflicts not). */
  readonly accepted: number;
  /** A class folder holding only junk: named as a class without usable images. */
  readonly junkOnlyClass: string;
  readonly conflictPaths: readonly string[];
}

function random32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SIZE = 32;

/** The awkward-but-legal encodings of one drawn circle (RGB pixels, SIZE x SIZE). */
function awkwardImages(rgb: Uint8Array, rotatedStripes: Uint8Array): Record<string, Buffer> {
  const n = SIZE * SIZE;
  const gray = Array.from({ length: n }, (_, p) =>
    Math.round(0.299 * rgb[p * 3]! + 0.587 * rgb[p * 3 + 1]! + 0.114 * rgb[p * 3 + 2]!),
  );
  const edge = (p: number) => p % SIZE < 2 || p < SIZE * 2;
  const png = (
    colourType: 0 | 2 | 3 | 4 | 6,
    bitDepth: 8 | 16,
    samples: number[],
    palette?: [number, number, number][],
  ) =>
    encodePngImage({
      width: SIZE,
      height: SIZE,
      colourType,
      bitDepth,
      samples,
      ...(palette && { palette }),
    });
  const cmyk = new Uint8Array(n * 4);
  for (let p = 0; p < n; p++) {
    const [r, g, b] = [rgb[p * 3]!, rgb[p * 3 + 1]!, rgb[p * 3 + 2]!];
    const k = 255 - Math.max(r, g, b);
    const scale = k === 255 ? 0 : 255 / (255 - k);
    cmyk.set([(255 - r - k) * scale, (255 - g - k) * scale, (255 - b - k) * scale, k], p * 4);
  }
  const dark = gray.map((v) => (v < 128 ? 0 : 1));
  return {
    'gray.png': png(0, 8, gray),
    'gray-alpha.png': png(
      4,
      8,
      gray.flatMap((v, p) => [v, edge(p) ? 0 : 255]),
    ),
    'rgba.png': png(
      6,
      8,
      Array.from(rgb).flatMap((v, i) => (i % 3 === 2 ? [v, edge(i / 3) ? 40 : 255] : [v])),
    ),
    '16-bit.png': png(
      2,
      16,
      Array.from(rgb, (v) => v * 257),
    ),
    'palette.png': png(3, 8, dark, [
      [30, 30, 30],
      [230, 230, 230],
    ]),
    'colour.jpg': encodeJpeg(SIZE, SIZE, rgb, { channels: 3 }),
    'gray.jpg': encodeJpeg(SIZE, SIZE, Uint8Array.from(gray), { channels: 1 }),
    'cmyk.jpg': encodeJpeg(SIZE, SIZE, cmyk, { channels: 4 }),
    'still.gif': encodeGif(
      SIZE,
      SIZE,
      [
        [30, 30, 30],
        [230, 230, 230],
      ],
      [dark],
    ),
    'animated.gif': encodeGif(
      SIZE,
      SIZE,
      [
        [30, 30, 30],
        [230, 230, 230],
      ],
      [dark, dark.map((v) => 1 - v)],
    ),
    'bitmap.bmp': encodeBmp(SIZE, SIZE, rgb),
    'tiny 1x1.png': encodePng(1, 1, Uint8Array.from([200, 40, 40])),
    // Stored as vertical stripes, shown upright (EXIF orientation 6) as horizontal ones.
    'rotated by exif.jpg': encodeJpeg(SIZE, SIZE, rotatedStripes, { channels: 3, orientation: 6 }),
  };
}

export async function writeHostileDataset(root: string): Promise<HostileDataset> {
  const random = random32(7);
  const write = (path: string, bytes: Uint8Array | string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  };
  const shape = (cls: 'circles' | 'horizontal stripes' | 'vertical stripes') =>
    drawShape(cls, SIZE, random);
  const shapePng = (cls: Parameters<typeof shape>[0]) => encodePng(SIZE, SIZE, shape(cls));

  let accepted = 0;
  const good = (path: string, bytes: Uint8Array) => {
    write(path, bytes);
    accepted++;
  };
  for (let i = 0; i < 6; i++) {
    good(`circles/circle ${i}.png`, shapePng('circles'));
    good(`${SPACES_CLASS}/stripes ${i}.png`, shapePng('horizontal stripes'));
    good(`${UNICODE_CLASS}/🌼 ${i}.png`, shapePng('vertical stripes'));
    good(`${HOSTILE_CLASS}/<b>bold ${i}</b>.png`, shapePng('circles'));
  }
  for (const [name, bytes] of Object.entries(
    awkwardImages(shape('circles'), shape('vertical stripes')),
  )) {
    good(name.startsWith('rotated') ? `${SPACES_CLASS}/${name}` : `circles/awkward ${name}`, bytes);
  }
  good('circles/huge 12000x12000.jpg', encodeFlatGrayJpeg(12000, 12000, 120));
  good(LONG_PATH, shapePng('circles'));
  good('circles/<img src=y onerror=alert(2)>.png', shapePng('circles'));

  // One image under two classes: neither copy trains.
  const twice = shapePng('circles');
  const conflictPaths = ['circles/filed twice.png', `${SPACES_CLASS}/filed twice.png`];
  for (const path of conflictPaths) write(path, twice);

  const valid = encodePng(16, 16, shape('circles').subarray(0, 16 * 16 * 3));
  const damaged = Buffer.from(valid);
  for (let i = 45; i < damaged.length - 16; i++) damaged[i] = damaged[i]! ^ 0x5a; // IDAT data only
  const jpeg = encodeJpeg(SIZE, SIZE, shape('circles'), { channels: 3 });
  const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
  noise[0] = 0x13; // not by chance a magic number

  const skipped: ExpectedSkip[] = [];
  const bad = (path: string, bytes: Uint8Array | string, reason: SkipReason, says: string) => {
    write(path, bytes);
    skipped.push({ path, reason, says });
  };
  bad(
    'circles/notes.txt',
    'Remember to sort the photos.\n',
    'not-an-image',
    'a text file, not an image',
  );
  bad(
    'circles/manual.pdf',
    '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n',
    'not-an-image',
    'a PDF document, not an image',
  );
  bad(
    'circles/text named.jpg',
    'this is text in a file named .jpg\n',
    'not-an-image',
    'a text file named .jpg',
  );
  bad('circles/pdf named.jpg', '%PDF-1.4\n', 'not-an-image', 'a PDF document named .jpg');
  bad(
    'circles/random bytes.jpg',
    noise,
    'not-an-image',
    'named .jpg but not JPEG, PNG, WebP, GIF or BMP',
  );
  bad(
    'circles/IMG_0001.HEIC',
    Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(12)]),
    'not-an-image',
    'HEIC images are not supported',
  );
  bad(`circles/${HOSTILE_FILE}`, 'not an image either', 'not-an-image', 'a text file named .jpg');
  bad('circles/empty.png', '', 'empty-file', '0 bytes');
  bad('circles/cut short.png', valid.subarray(0, valid.length - 30), 'unreadable', 'cut short');
  bad(
    'circles/cut short.jpg',
    jpeg.subarray(0, Math.floor(jpeg.length * 0.7)),
    'unreadable',
    'cut short',
  );
  bad(
    `${LONG_PATH.slice(0, LONG_PATH.lastIndexOf('/'))}/cut short too.png`,
    valid.subarray(0, 40),
    'unreadable',
    'cut short',
  );
  const hugePng = 'circles/huge 12000x12000.png';
  await writeFlatPng(join(root, hugePng), 12000, 12000, 90);
  skipped.push({
    path: hugePng,
    reason: 'too-large',
    says: '12,000 × 12,000 pixels (144 megapixels)',
  });
  bad(
    'loose at the top.png',
    shapePng('circles'),
    'outside-class-folder',
    'inside a folder named after their class',
  );
  const hidden = (path: string) => bad(path, 'system junk', 'hidden', 'not one of your photos');
  hidden('.DS_Store');
  hidden('circles/.DS_Store');
  hidden('circles/Thumbs.db');
  hidden('circles/desktop.ini');
  hidden('circles/.secret.png');
  hidden('__MACOSX/circles/._circle 0.png');
  hidden('.hidden folder/photo.png');
  const junkOnlyClass = 'only junk';
  bad(`${junkOnlyClass}/readme.txt`, 'nothing to see\n', 'not-an-image', 'a text file');
  // An empty class folder: a folder picker hands over no entry for it, a drop reports it by name.
  mkdirSync(join(root, 'empty class'), { recursive: true });

  const damagedPath = 'circles/damaged inside.png';
  good(damagedPath, damaged); // whole in structure, so the import accepts it; decoding fails
  const decodeFailures: ExpectedSkip[] = [
    { path: damagedPath, reason: 'unreadable', says: 'could not decode this PNG' },
  ];

  const classes = ['circles', SPACES_CLASS, HOSTILE_CLASS, UNICODE_CLASS].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return { root, skipped, decodeFailures, classes, accepted, junkOnlyClass, conflictPaths };
}
