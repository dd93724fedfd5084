// A minimal baseline JPEG encoder so tests can generate real JPEG files with no third-party bytes:
// grayscale, YCbCr (from RGB) or Adobe CMYK, no chroma subsampling, an optional EXIF orientation.
// Its Huffman tables are simple valid ones written into the file (not the Annex K examples):
// one short code for "nothing here" (DC difference 0, end of block) and fixed lengths for the rest,
// so a flat 12,000 x 12,000 image costs 3 bits per block and stays a small file.

export interface JpegOptions {
  /** 1 = grayscale, 3 = colour (pixels are RGB, stored as YCbCr), 4 = CMYK (pixels are ink amounts). */
  readonly channels: 1 | 3 | 4;
  /** EXIF orientation 1..8 written into an APP1 segment; none when absent. */
  readonly orientation?: number;
  /** 1..100, scales the quantisation table (default 90). */
  readonly quality?: number;
}

/** Pixel source: component values 0..255 of pixel (x, y), written into `out`. */
export type PixelSource = (x: number, y: number, out: Float64Array) => void;

// The JPEG standard's example luminance table (Annex K.1), used for every component.
const BASE_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/** ZIGZAG[k] = natural (row-major) index of the k-th coefficient in zigzag order. */
const ZIGZAG = (() => {
  const order: number[] = [];
  for (let s = 0; s < 15; s++) {
    const cells: number[] = [];
    for (let y = 0; y < 8; y++) {
      const x = s - y;
      if (x >= 0 && x < 8) cells.push(y * 8 + x);
    }
    // Even diagonals run bottom-left to top-right, odd ones top-right to bottom-left.
    order.push(...(s % 2 === 0 ? cells.reverse() : cells));
  }
  return order;
})();

const COS = Array.from({ length: 64 }, (_, i) => {
  const x = i >> 3;
  const u = i & 7;
  return Math.cos(((2 * x + 1) * u * Math.PI) / 16);
});

interface HuffTable {
  readonly counts: number[]; // codes per length 1..16
  readonly symbols: number[];
  readonly code: Map<number, { code: number; length: number }>;
}

/** Canonical Huffman codes from (symbol, length) pairs, as a decoder rebuilds them from DHT. */
function huffTable(lengths: [number, number][]): HuffTable {
  const sorted = [...lengths].sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  const counts = new Array<number>(16).fill(0);
  const code = new Map<number, { code: number; length: number }>();
  let next = 0;
  let length = sorted[0]![1];
  for (const [symbol, len] of sorted) {
    next <<= len - length;
    length = len;
    counts[len - 1]!++;
    code.set(symbol, { code: next++, length: len });
  }
  return { counts, symbols: sorted.map(([s]) => s), code };
}

// DC: category 0 gets 1 bit, categories 1..11 five bits. AC: EOB 2 bits, every run/size 9 bits.
const DC_TABLE = huffTable([
  [0, 1],
  ...Array.from({ length: 11 }, (_, i): [number, number] => [i + 1, 5]),
]);
const AC_TABLE = huffTable([
  [0x00, 2],
  [0xf0, 9],
  ...Array.from({ length: 160 }, (_, i): [number, number] => [
    (Math.floor(i / 10) << 4) | ((i % 10) + 1),
    9,
  ]),
]);

class BitWriter {
  private bytes: number[] = [];
  private acc = 0;
  private count = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.count === 8) {
        this.bytes.push(this.acc);
        if (this.acc === 0xff) this.bytes.push(0); // byte stuffing
        this.acc = 0;
        this.count = 0;
      }
    }
  }
  /** Appends n zero bits quickly (whole zero bytes need no stuffing). */
  zeros(n: number): void {
    let left = n;
    while (left > 0 && this.count !== 0) {
      this.write(0, 1);
      left--;
    }
    for (; left >= 8; left -= 8) this.bytes.push(0);
    if (left > 0) this.write(0, left);
  }
  finish(): Uint8Array {
    if (this.count > 0) this.write(0x7f, 8 - this.count); // pad with 1 bits
    return Uint8Array.from(this.bytes);
  }
}

function category(v: number): number {
  let n = Math.abs(v);
  let bits = 0;
  while (n > 0) {
    bits++;
    n >>= 1;
  }
  return bits;
}

function writeValue(
  bits: BitWriter,
  table: HuffTable,
  symbol: number,
  value: number,
  size: number,
) {
  const entry = table.code.get(symbol)!;
  bits.write(entry.code, entry.length);
  if (size > 0) bits.write(value < 0 ? value + (1 << size) - 1 : value, size);
}

function segment(marker: number, data: number[]): number[] {
  const length = data.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...data];
}

function exifSegment(orientation: number): number[] {
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8]; // big-endian TIFF, IFD0 at offset 8
  const ifd = [0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  return segment(0xe1, [...Array.from('Exif\0\0', (c) => c.charCodeAt(0)), ...tiff, ...ifd]);
}

function quantTable(quality: number): number[] {
  const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  return BASE_QUANT.map((q) => Math.max(1, Math.min(255, Math.floor((q * scale + 50) / 100))));
}

function headers(width: number, height: number, options: JpegOptions, quant: number[]): number[] {
  const n = options.channels;
  const out = [0xff, 0xd8];
  if (options.orientation !== undefined) out.push(...exifSegment(options.orientation));
  else out.push(...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  // Adobe APP14, transform 0: the four components are CMYK, stored inverted as Photoshop does.
  if (n === 4) out.push(...segment(0xee, [0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, 0]));
  out.push(...segment(0xdb, [0, ...ZIGZAG.map((i) => quant[i]!)]));
  const components = Array.from({ length: n }, (_, i) => [i + 1, 0x11, 0]).flat();
  out.push(
    ...segment(0xc0, [8, height >> 8, height & 255, width >> 8, width & 255, n, ...components]),
  );
  for (const [tc, table] of [
    [0x00, DC_TABLE],
    [0x10, AC_TABLE],
  ] as const) {
    out.push(...segment(0xc4, [tc, ...table.counts, ...table.symbols]));
  }
  const scan = Array.from({ length: n }, (_, i) => [i + 1, 0x00]).flat();
  out.push(...segment(0xda, [n, ...scan, 0, 63, 0]));
  return out;
}

/** Encodes pixels given by `source` as a baseline JPEG. */
export function encodeJpegFrom(
  width: number,
  height: number,
  source: PixelSource,
  options: JpegOptions,
): Buffer {
  const n = options.channels;
  const quant = quantTable(options.quality ?? 90);
  const bits = new BitWriter();
  const previousDc = new Array<number>(n).fill(0);
  const pixel = new Float64Array(4);
  const blocks = Array.from({ length: n }, () => new Float64Array(64));
  const coeffs = new Int32Array(64);
  const flat = new Array<boolean>(n);
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      flat.fill(true);
      for (let i = 0; i < 64; i++) {
        // Edge blocks repeat the last row and column.
        source(Math.min(bx + (i & 7), width - 1), Math.min(by + (i >> 3), height - 1), pixel);
        const sample = toComponents(pixel, n);
        for (let c = 0; c < n; c++) {
          blocks[c]![i] = sample[c]! - 128;
          if (blocks[c]![i] !== blocks[c]![0]) flat[c] = false;
        }
      }
      for (let c = 0; c < n; c++) {
        forwardDct(blocks[c]!, quant, coeffs, flat[c]!);
        const diff = coeffs[0]! - previousDc[c]!;
        previousDc[c] = coeffs[0]!;
        writeValue(bits, DC_TABLE, category(diff), diff, category(diff));
        writeAc(bits, coeffs);
      }
    }
  }
  const head = headers(width, height, options, quant);
  return Buffer.concat([Uint8Array.from(head), bits.finish(), Uint8Array.from([0xff, 0xd9])]);
}

/**
 * A flat gray JPEG of any size in milliseconds: every block after the first is "DC difference 0,
 * end of block", three zero bits with these tables, so 12,000 x 12,000 is an 844 KB file.
 */
export function encodeFlatGrayJpeg(width: number, height: number, gray: number): Buffer {
  const options: JpegOptions = { channels: 1 };
  const quant = quantTable(90);
  const bits = new BitWriter();
  const dc = Math.round(((gray - 128) * 8) / quant[0]!);
  writeValue(bits, DC_TABLE, category(dc), dc, category(dc));
  writeValue(bits, AC_TABLE, 0x00, 0, 0);
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  if (DC_TABLE.code.get(0)!.code !== 0 || AC_TABLE.code.get(0x00)!.code !== 0) {
    throw new Error('encodeFlatGrayJpeg needs all-zero codes for DC 0 and EOB');
  }
  const zeroCost = DC_TABLE.code.get(0)!.length + AC_TABLE.code.get(0x00)!.length;
  bits.zeros((blocks - 1) * zeroCost);
  const head = headers(width, height, options, quant);
  return Buffer.concat([Uint8Array.from(head), bits.finish(), Uint8Array.from([0xff, 0xd9])]);
}

/** Encodes `pixels` (width*height*channels bytes, row-major; CMYK as ink amounts) as a JPEG. */
export function encodeJpeg(
  width: number,
  height: number,
  pixels: Uint8Array,
  options: JpegOptions,
): Buffer {
  const n = options.channels;
  return encodeJpegFrom(
    width,
    height,
    (x, y, out) => {
      for (let c = 0; c < n; c++) out[c] = pixels[(y * width + x) * n + c]!;
    },
    options,
  );
}

function toComponents(p: Float64Array, n: number): Float64Array | number[] {
  if (n === 3) {
    const [r, g, b] = [p[0]!, p[1]!, p[2]!];
    return [
      0.299 * r + 0.587 * g + 0.114 * b,
      -0.168736 * r - 0.331264 * g + 0.5 * b + 128,
      0.5 * r - 0.418688 * g - 0.081312 * b + 128,
    ];
  }
  if (n === 4) return [255 - p[0]!, 255 - p[1]!, 255 - p[2]!, 255 - p[3]!];
  return p;
}

function forwardDct(block: Float64Array, quant: number[], out: Int32Array, flat: boolean): void {
  out.fill(0);
  if (flat) {
    out[0] = Math.round((block[0]! * 8) / quant[0]!);
    return;
  }
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) sum += block[y * 8 + x]! * COS[x * 8 + u]! * COS[y * 8 + v]!;
      }
      const cu = u === 0 ? Math.SQRT1_2 : 1;
      const cv = v === 0 ? Math.SQRT1_2 : 1;
      out[v * 8 + u] = Math.round((0.25 * cu * cv * sum) / quant[v * 8 + u]!);
    }
  }
}

function writeAc(bits: BitWriter, coeffs: Int32Array): void {
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const value = coeffs[ZIGZAG[k]!]!;
    if (value === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      writeValue(bits, AC_TABLE, 0xf0, 0, 0);
      run -= 16;
    }
    const size = category(value);
    writeValue(bits, AC_TABLE, (run << 4) | size, value, size);
    run = 0;
  }
  if (run > 0) writeValue(bits, AC_TABLE, 0x00, 0, 0);
}
