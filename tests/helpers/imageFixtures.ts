// Tiny but structurally real image files for data tests: each passes the header checks of its
// format, and `tag` goes into a comment (or trailing chunk) so every tag gives distinct bytes.
import { crc32 } from 'node:zlib';
import type { ImageFormat } from '../../src/shared/dataset';
import { encodeBmp, encodeGif, encodePngImage } from './imageFormats';
import { encodeJpeg } from './jpeg';

const text = (s: string) => Buffer.from(s, 'utf8');

function insertAt(file: Buffer, at: number, part: Buffer): Buffer {
  return Buffer.concat([file.subarray(0, at), part, file.subarray(at)]);
}

function pngTextChunk(tag: string): Buffer {
  const data = Buffer.concat([text('Comment\0'), text(tag)]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write('tEXt', 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A lossless WebP header: RIFF, a VP8L chunk giving width x height, then a tag chunk. */
export function webpFile(width: number, height: number, tag = ''): Buffer {
  const bits = (width - 1) | ((height - 1) << 14);
  const vp8l = Buffer.from([
    0x2f,
    bits & 255,
    (bits >> 8) & 255,
    (bits >> 16) & 255,
    bits >>> 24,
    0,
  ]);
  const chunk = (name: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(name, 0, 'ascii');
    head.writeUInt32LE(data.length, 4);
    return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
  };
  const body = Buffer.concat([text('WEBP'), chunk('VP8L', vp8l), chunk('TAG ', text(tag))]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

export function tinyImage(format: ImageFormat, tag: string): Uint8Array {
  switch (format) {
    case 'jpeg': {
      const jpeg = encodeJpeg(2, 2, new Uint8Array(12).fill(90), { channels: 3 });
      const comment = Buffer.concat([
        Buffer.from([0xff, 0xfe, 0, 2 + text(tag).length]),
        text(tag),
      ]);
      return insertAt(jpeg, 2, comment);
    }
    case 'png': {
      const png = encodePngImage({
        width: 1,
        height: 1,
        colourType: 2,
        bitDepth: 8,
        samples: [1, 2, 3],
      });
      return insertAt(png, 33, pngTextChunk(tag)); // after the signature and IHDR
    }
    case 'gif': {
      const gif = encodeGif(1, 1, [[9, 9, 9]], [[0]]);
      const comment = Buffer.concat([
        Buffer.from([0x21, 0xfe, text(tag).length]),
        text(tag),
        Buffer.from([0]),
      ]);
      return insertAt(gif, gif.length - 1, comment); // before the trailer
    }
    case 'bmp':
      return Buffer.concat([encodeBmp(1, 1, new Uint8Array([4, 5, 6])), text(tag)]);
    case 'webp':
      return webpFile(1, 1, tag);
  }
}

/** A Blob of tinyImage, for ingest. */
export function tinyImageBlob(format: ImageFormat, tag: string): Blob {
  return new Blob([new Uint8Array(tinyImage(format, tag))]);
}
