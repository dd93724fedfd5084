import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DroppedFile, ImageFormat } from '../../../src/shared/dataset';
import { ingestFiles } from '../../../src/data/ingest';
import { sha256Hex } from '../../../src/data/hash';
import { tinyImage, tinyImageBlob } from '../../helpers/imageFixtures';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A real (tiny) file of `format`, with `tag` making its content (and hash) unique. */
function image(format: ImageFormat, tag: string): Blob {
  return tinyImageBlob(format, tag);
}

const drop = (p: string, file: Blob): DroppedFile => ({ path: p, file });

function unreadableBlob(): Blob {
  const fail = (): Promise<ArrayBuffer> => Promise.reject(new Error('The file changed on disk'));
  const blob = { size: 100, type: '', arrayBuffer: fail, slice: () => blob };
  return blob as unknown as Blob;
}

function mixedDrop(): DroppedFile[] {
  const sameAcrossClasses = image('jpeg', 'ambiguous');
  const daisyA = image('jpeg', 'daisy-a');
  return [
    drop('daisy/a.jpg', daisyA),
    drop('daisy/copy of a.jpg', daisyA),
    drop('daisy/b.png', image('png', 'daisy-b')),
    drop('daisy/sub/c.gif', image('gif', 'daisy-c')),
    drop('daisy/.DS_Store', new Blob(['junk'])),
    drop('roses/r1.webp', image('webp', 'r1')),
    drop('roses/r2.bmp', image('bmp', 'r2')),
    drop('roses/notes.txt', new Blob(['hello'])),
    drop('roses/fake.jpg', new Blob(['this is text named .jpg'])),
    drop('roses/empty.jpg', new Blob([])),
    drop('roses/moved.jpg', unreadableBlob()),
    drop('__MACOSX/daisy/._a.jpg', image('jpeg', 'mac')),
    drop('top.jpg', image('jpeg', 'top')),
    drop('sunflowers/s.jpg', sameAcrossClasses),
    drop('tulips/t.jpg', sameAcrossClasses),
    drop('big/huge.png', new Blob([new Uint8Array(PNG_MAGIC), new Uint8Array(2000)])),
    drop('photos/x.heic', new Blob([new Uint8Array([0, 0, 0, 24]), 'ftypheic', new Uint8Array(8)])),
  ];
}

describe('ingestFiles', () => {
  it('builds classes from folders and skips what cannot train, saying why', async () => {
    const { manifest, blobs } = await ingestFiles(mixedDrop(), {
      splitSeed: 0,
      maxFileBytes: 1000,
    });
    expect(manifest.classes.map((c) => c.name)).toEqual(['daisy', 'roses']);
    expect(manifest.images.map((i) => [i.path, i.classIndex, i.format])).toEqual([
      ['daisy/a.jpg', 0, 'jpeg'],
      ['daisy/b.png', 0, 'png'],
      ['daisy/sub/c.gif', 0, 'gif'],
      ['roses/r1.webp', 1, 'webp'],
      ['roses/r2.bmp', 1, 'bmp'],
    ]);
    expect(manifest.skipped.map((s) => [s.path, s.reason])).toEqual([
      ['__MACOSX/daisy/._a.jpg', 'hidden'],
      ['big/huge.png', 'too-large'],
      ['daisy/.DS_Store', 'hidden'],
      ['photos/x.heic', 'not-an-image'],
      ['roses/empty.jpg', 'empty-file'],
      ['roses/fake.jpg', 'not-an-image'],
      ['roses/moved.jpg', 'unreadable'],
      ['roses/notes.txt', 'not-an-image'],
      ['top.jpg', 'outside-class-folder'],
    ]);
    const detail = (p: string) => manifest.skipped.find((s) => s.path === p)?.detail;
    expect(detail('roses/fake.jpg')).toBe('a text file named .jpg, not an image');
    expect(detail('photos/x.heic')).toMatch(/^HEIC images are not supported/);
    expect(detail('roses/moved.jpg')).toMatch(/changed on disk/);

    // Every image's bytes travel with it, keyed by the real SHA-256 of its content.
    for (const img of manifest.images) {
      const blob = blobs.get(img.id);
      expect(blob, img.path).toBeDefined();
      expect(await sha256Hex(await blob!.arrayBuffer())).toBe(img.id);
      expect(img.bytes).toBe(blob!.size);
    }
    expect(blobs.size).toBe(manifest.images.length);
  });

  it('merges copies inside a class, keeping the first path', async () => {
    const { manifest } = await ingestFiles(mixedDrop(), { splitSeed: 0, maxFileBytes: 1000 });
    expect(manifest.duplicatesMerged).toBe(1);
    expect(manifest.images.some((i) => i.path === 'daisy/copy of a.jpg')).toBe(false);
  });

  it('sets aside the same bytes filed under two classes, training on neither copy', async () => {
    const { manifest, blobs } = await ingestFiles(mixedDrop(), {
      splitSeed: 0,
      maxFileBytes: 1000,
    });
    expect(manifest.conflicts).toHaveLength(1);
    const [conflict] = manifest.conflicts;
    expect(conflict?.paths).toEqual(['sunflowers/s.jpg', 'tulips/t.jpg']);
    expect(conflict?.classNames).toEqual(['sunflowers', 'tulips']);
    expect(manifest.images.some((i) => i.id === conflict?.id)).toBe(false);
    expect(blobs.has(conflict!.id)).toBe(false);
  });

  it('fills per-class split counts that agree with the images', async () => {
    const files = ['cats', 'dogs'].flatMap((cls) =>
      Array.from({ length: 30 }, (_, i) => drop(`${cls}/${i}.png`, image('png', `${cls}${i}`))),
    );
    const { manifest } = await ingestFiles(files, { splitSeed: 0 });
    manifest.classes.forEach((cls, ci) => {
      const mine = manifest.images.filter((i) => i.classIndex === ci);
      const count = (s: string) => mine.filter((i) => i.split === s).length;
      expect(cls.counts).toEqual({ train: count('train'), val: count('val'), test: count('test') });
      expect(cls.counts.val).toBeGreaterThanOrEqual(1);
      expect(cls.counts.test).toBeGreaterThanOrEqual(1);
    });
    expect(manifest.splitSeed).toBe(0);
  });

  it('gives the same manifest whatever order the files arrive in', async () => {
    const files = mixedDrop();
    const a = await ingestFiles(files, { splitSeed: 3, maxFileBytes: 1000 });
    const b = await ingestFiles([...files].reverse(), { splitSeed: 3, maxFileBytes: 1000 });
    expect(b.manifest).toEqual(a.manifest);
  });

  it('keeps Unicode class names, one class per NFC name', async () => {
    const files = [
      drop('cafe\u0301/1.jpg', image('jpeg', '1')),
      drop('caf\u00e9/2.jpg', image('jpeg', '2')),
      drop('🌼 daisy/3.jpg', image('jpeg', '3')),
    ];
    const { manifest } = await ingestFiles(files, { splitSeed: 0 });
    expect(manifest.classes.map((c) => c.name)).toEqual(['caf\u00e9', '🌼 daisy']);
  });

  it('reports progress, ending with done === total', async () => {
    const files = mixedDrop();
    const calls: [number, number][] = [];
    await ingestFiles(files, { splitSeed: 0, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls.at(-1)).toEqual([files.length, files.length]);
    // Throttled: a quick run reports far fewer times than there are files.
    expect(calls.length).toBeLessThan(files.length);
    expect(calls.every(([d], i) => i === 0 || d >= (calls[i - 1]?.[0] ?? 0))).toBe(true);
  });

  it('reports progress once for an empty drop', async () => {
    const calls: [number, number][] = [];
    await ingestFiles([], { splitSeed: 0, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([[0, 0]]);
  });

  it('stops with an AbortError when aborted midway', async () => {
    const controller = new AbortController();
    const files = Array.from({ length: 40 }, (_, i) => drop(`c/${i}.jpg`, image('jpeg', `${i}`)));
    let calls = 0;
    const run = ingestFiles(files, {
      splitSeed: 0,
      signal: controller.signal,
      onProgress: () => {
        calls++;
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toBe(1);
  });

  it('carries files the walker could not read into the manifest', async () => {
    const { manifest } = await ingestFiles([drop('a/1.jpg', image('jpeg', '1'))], {
      splitSeed: 0,
      alreadySkipped: [{ path: 'a/gone.jpg', reason: 'unreadable' }],
    });
    expect(manifest.skipped).toEqual([{ path: 'a/gone.jpg', reason: 'unreadable' }]);
  });
});

describe('ingestFiles: damaged and oversized images', () => {
  const png = Buffer.from(tinyImage('png', 'whole'));
  /** The same PNG claiming width x height in its header (ingest reads headers, never pixels). */
  const claiming = (width: number, height: number) => {
    const copy = Buffer.from(png);
    copy.writeUInt32BE(width, 16);
    copy.writeUInt32BE(height, 20);
    return new Blob([copy]);
  };
  const hugeJpeg = () => {
    const jpeg = Buffer.from(tinyImage('jpeg', 'huge'));
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    jpeg.writeUInt16BE(12000, sof + 5);
    jpeg.writeUInt16BE(12000, sof + 7);
    return new Blob([jpeg]);
  };

  it('skips cut-short and huge images with a sentence each, keeping the good ones', async () => {
    const files = [
      drop('a/good.png', new Blob([png])),
      drop('a/cut.png', new Blob([png.subarray(0, png.length - 20)])),
      drop('a/cut.jpg', new Blob([new Uint8Array(tinyImage('jpeg', 'x').subarray(0, 300))])),
      drop('a/huge.png', claiming(12000, 12000)),
      drop('a/doc.jpg', new Blob(['%PDF-1.7 not a photo'])),
      drop('b/huge.jpg', hugeJpeg()),
    ];
    const { manifest } = await ingestFiles(files, { splitSeed: 0, canDownscaleJpeg: true });
    expect(manifest.images.map((i) => i.path)).toEqual(['a/good.png', 'b/huge.jpg']);
    expect(manifest.skipped.map((s) => [s.path, s.reason, s.detail])).toEqual([
      ['a/cut.jpg', 'unreadable', expect.stringMatching(/^the file is cut short/)],
      ['a/cut.png', 'unreadable', expect.stringMatching(/^the file is cut short/)],
      ['a/doc.jpg', 'not-an-image', 'a PDF document named .jpg, not an image'],
      [
        'a/huge.png',
        'too-large',
        expect.stringMatching(/^12,000 × 12,000 pixels \(144 megapixels\)/),
      ],
    ]);
  });

  it('refuses a huge JPEG too where the browser cannot decode it downscaled', async () => {
    const { manifest } = await ingestFiles([drop('b/huge.jpg', hugeJpeg())], {
      splitSeed: 0,
      canDownscaleJpeg: false,
    });
    expect(manifest.skipped.map((s) => s.reason)).toEqual(['too-large']);
  });
});

const flowers = path.resolve(__dirname, '../../../../shared/assets/datasets/flowers-dev');

describe.skipIf(!existsSync(flowers))('ingestFiles on real photos (needs ../shared/assets)', () => {
  it('reads the five flower classes with every split filled', async () => {
    const files = readdirSync(flowers, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const full = path.join(e.parentPath, e.name);
        return drop(
          path.relative(flowers, full).split(path.sep).join('/'),
          new Blob([readFileSync(full)]),
        );
      });
    const { manifest } = await ingestFiles(files, { splitSeed: 0 });
    expect(manifest.classes.map((c) => c.name)).toEqual([
      'daisy',
      'dandelion',
      'roses',
      'sunflowers',
      'tulips',
    ]);
    expect(manifest.images.length + manifest.duplicatesMerged).toBe(300);
    expect(manifest.images.every((i) => i.format === 'jpeg')).toBe(true);
    for (const c of manifest.classes) {
      expect(c.counts.val, c.name).toBeGreaterThanOrEqual(1);
      expect(c.counts.test, c.name).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('ingestFiles with files read before', () => {
  /** A File whose reads are counted. */
  function countedFile(blob: Blob, name: string, lastModified: number) {
    const file = new File([blob], name, { lastModified });
    let reads = 0;
    const arrayBuffer = file.arrayBuffer.bind(file);
    Object.assign(file, {
      arrayBuffer: () => (reads++, arrayBuffer()),
      slice: () => {
        reads++;
        return file;
      },
    });
    return { file, reads: () => reads };
  }

  it('takes a known file as it was without reading it, and learns the others', async () => {
    const a = countedFile(image('jpeg', 'known-a'), 'a.jpg', 1_000);
    const b = countedFile(image('png', 'known-b'), 'b.png', 2_000);
    const files = [drop('daisy/a.jpg', a.file), drop('roses/b.png', b.file)];

    const first = await ingestFiles(files, { splitSeed: 1 });
    expect([...first.learned.keys()]).toHaveLength(2);
    expect(a.reads() + b.reads()).toBeGreaterThan(0);
    const readsBefore = a.reads() + b.reads();

    const second = await ingestFiles(files, { splitSeed: 1, known: first.learned });
    expect(a.reads() + b.reads()).toBe(readsBefore);
    expect(second.learned.size).toBe(0);
    expect(second.manifest).toEqual(first.manifest);
    expect(second.decodeHints).toEqual(first.decodeHints);
  });

  it('reads a file again when its size or modification time changed', async () => {
    const before = countedFile(image('jpeg', 'edited'), 'a.jpg', 1_000);
    const first = await ingestFiles([drop('daisy/a.jpg', before.file)], { splitSeed: 1 });
    const after = countedFile(image('jpeg', 'edited, then saved'), 'a.jpg', 5_000);
    const second = await ingestFiles([drop('daisy/a.jpg', after.file)], {
      splitSeed: 1,
      known: first.learned,
    });
    expect(after.reads()).toBeGreaterThan(0);
    expect(second.manifest.images[0]?.id).not.toBe(first.manifest.images[0]?.id);
    expect(second.learned.size).toBe(1);
  });

  it('learns nothing from a Blob that is not a File: it has no modification time', async () => {
    const result = await ingestFiles([drop('daisy/a.jpg', image('jpeg', 'blob'))], {
      splitSeed: 1,
    });
    expect(result.manifest.images).toHaveLength(1);
    expect(result.learned.size).toBe(0);
  });
});
