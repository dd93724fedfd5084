// Encoders for the awkward-but-legal images a real folder holds, from generated pixels only:
// PNG in every colour type and 16-bit, a huge flat PNG streamed through zlib so it stays a small
// file, GIF (one frame or animated), and 24-bit BMP. Each is the smallest honest version of the format.
import { createWriteStream } from 'node:fs';
import { crc32, createDeflate, deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** PNG colour types: 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
export type PngColourType = 0 | 2 | 3 | 4 | 6;
const SAMPLES: Record<PngColourType, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function ihdr(width: number, height: number, bitDepth: number, colourType: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bitDepth;
  header[9] = colourType;
  return pngChunk('IHDR', header);
}

export interface PngImage {
  readonly width: number;
  readonly height: number;
  readonly colourType: PngColourType;
  readonly bitDepth: 8 | 16;
  /** Samples row-major, SAMPLES[colourType] per pixel, each 0..255 (8-bit) or 0..65535 (16-bit). */
  readonly samples: ArrayLike<number>;
  /** RGB triples for colour type 3. */
  readonly palette?: readonly (readonly [number, number, number])[];
}

/** Any non-interlaced PNG: gray, RGB, palette, gray + alpha or RGBA, at 8 or 16 bits a sample. */
export function encodePngImage(image: PngImage): Buffer {
  const { width, height, colourType, bitDepth, samples } = image;
  const perPixel = SAMPLES[colourType];
  const bytesPerSample = bitDepth / 8;
  const stride = width * perPixel * bytesPerSample;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < width * perPixel; i++) {
      const value = samples[y * width * perPixel + i]!;
      const at = y * (stride + 1) + 1 + i * bytesPerSample;
      if (bitDepth === 16) raw.writeUInt16BE(value, at);
      else raw[at] = value;
    }
  }
  const chunks = [ihdr(width, height, bitDepth, colourType)];
  if (colourType === 3)
    chunks.push(pngChunk('PLTE', Uint8Array.from((image.palette ?? []).flat())));
  chunks.push(pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', new Uint8Array()));
  return Buffer.concat([PNG_SIGNATURE, ...chunks]);
}

/**
 * Writes a width x height flat gray PNG to `path` without ever holding the raw image: rows go
 * through a streaming deflate, so 12,000 x 12,000 (144 MB of pixels) is a file of about 150 KB.
 */
export async function writeFlatPng(
  path: string,
  width: number,
  height: number,
  gray: number,
): Promise<void> {
  const row = Buffer.alloc(width + 1, gray);
  row[0] = 0; // filter: none
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => compressed.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  for (let y = 0; y < height; y++) {
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const file = Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height, 8, 0),
    pngChunk('IDAT', Buffer.concat(compressed)),
    pngChunk('IEND', new Uint8Array()),
  ]);
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    out.end(file, resolve);
  });
}

/**
 * GIF LZW with a clear code before the code table could grow, so every code keeps the starting
 * width: larger than real LZW output, but a valid stream every decoder reads.
 */
function lzwLiterals(indices: ArrayLike<number>, minCodeSize: number): Buffer {
  const clear = 1 << minCodeSize;
  const width = minCodeSize + 1;
  const codes: number[] = [clear];
  let sinceClear = 0;
  for (let i = 0; i < indices.length; i++) {
    if (sinceClear === clear - 2) {
      codes.push(clear);
      sinceClear = 0;
    }
    codes.push(indices[i]!);
    sinceClear++;
  }
  codes.push(clear + 1); // end of information
  const bytes: number[] = [];
  let acc = 0;
  let count = 0;
  for (const code of codes) {
    acc |= code << count; // GIF packs codes least significant bit first
    count += width;
    while (count >= 8) {
      bytes.push(acc & 0xff);
      acc >>>= 8;
      count -= 8;
    }
  }
  if (count > 0) bytes.push(acc & 0xff);
  const blocks: number[] = [minCodeSize];
  for (let i = 0; i < bytes.length; i += 255) {
    const part = bytes.slice(i, i + 255);
    blocks.push(part.length, ...part);
  }
  blocks.push(0);
  return Buffer.from(blocks);
}

function u16le(n: number): number[] {
  return [n & 0xff, n >> 8];
}

/**
 * A GIF89a with a 4-colour global palette. One frame is a still image; more frames make an
 * animation (looping forever, 100 ms a frame), of which browsers' still decoders take the first.
 */
export function encodeGif(
  width: number,
  height: number,
  palette: readonly (readonly [number, number, number])[],
  frames: readonly ArrayLike<number>[],
): Buffer {
  if (palette.length > 4) throw new Error('encodeGif: at most 4 colours');
  const table = [...palette, ...Array.from({ length: 4 - palette.length }, () => [0, 0, 0])].flat();
  const parts: Buffer[] = [
    Buffer.from('GIF89a', 'ascii'),
    // Logical screen: global table present, 8-bit colour resolution, 2^(1+1) = 4 entries.
    Buffer.from([...u16le(width), ...u16le(height), 0xf1, 0, 0, ...table]),
  ];
  if (frames.length > 1) {
    parts.push(Buffer.from([0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0'), 3, 1, 0, 0, 0]));
  }
  for (const frame of frames) {
    parts.push(Buffer.from([0x21, 0xf9, 4, 0x04, ...u16le(10), 0, 0])); // keep frame, 100 ms
    parts.push(Buffer.from([0x2c, 0, 0, 0, 0, ...u16le(width), ...u16le(height), 0]));
    parts.push(lzwLiterals(frame, 2));
  }
  parts.push(Buffer.from([0x3b]));
  return Buffer.concat(parts);
}

/** A 24-bit bottom-up BMP (BITMAPINFOHEADER) from RGB pixels. */
export function encodeBmp(width: number, height: number, rgb: Uint8Array): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + stride * height);
  out.write('BM', 0, 'ascii');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(stride * height, 34);
  for (let y = 0; y < height; y++) {
    const row = 54 + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      out[row + x * 3] = rgb[p + 2]!; // stored as BGR
      out[row + x * 3 + 1] = rgb[p + 1]!;
      out[row + x * 3 + 2] = rgb[p]!;
    }
  }
  return out;
}
