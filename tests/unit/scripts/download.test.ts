import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadWithResume, type DownloadOptions } from '../../../scripts/lib/download';
import { refusedUrl, serveFile, type ServedFile } from '../../helpers/h5/fileServer';

const BYTES = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 251);

let dir: string;
let part: string;
let server: ServedFile | null = null;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'graft-download-'));
  part = join(dir, 'file.h5.part');
});
afterEach(async () => {
  await server?.close();
  server = null;
  await rm(dir, { recursive: true, force: true });
});

const options = (url: string, more: Partial<DownloadOptions> = {}): DownloadOptions => ({
  url,
  partPath: part,
  retryDelayMs: 0,
  ...more,
});

describe('downloadWithResume', () => {
  it('aborts an attempt that stalls, then resumes where it stopped', async () => {
    server = await serveFile(BYTES, { stallAfter: (i) => (i === 0 ? 100_000 : null) });
    const result = await downloadWithResume(options(server.url, { stallTimeoutMs: 300 }));
    expect(result).toEqual({ ok: true, bytes: BYTES.length });
    expect(server.ranges[1]).toMatch(/^bytes=\d+-$/);
    expect((await readFile(part)).equals(BYTES)).toBe(true);
  });

  it('resumes a .part left by an earlier run, and recognises a complete one', async () => {
    await writeFile(part, BYTES.subarray(0, 123_456));
    server = await serveFile(BYTES);
    expect(await downloadWithResume(options(server.url))).toEqual({
      ok: true,
      bytes: BYTES.length,
    });
    expect(server.ranges).toEqual(['bytes=123456-']);
    expect((await readFile(part)).equals(BYTES)).toBe(true);

    const again = await downloadWithResume(options(server.url, { expectedBytes: BYTES.length }));
    expect(again).toEqual({ ok: true, bytes: BYTES.length });
    expect(server.ranges).toHaveLength(1); // nothing fetched
  });

  it('retries server errors but not a missing file or a refused connection', async () => {
    server = await serveFile(BYTES, { status: (i) => (i < 2 ? 503 : null) });
    expect(await downloadWithResume(options(server.url))).toEqual({
      ok: true,
      bytes: BYTES.length,
    });
    expect(server.ranges).toHaveLength(3);
    await server.close();

    server = await serveFile(BYTES, { status: () => 404 });
    const missing = await downloadWithResume(options(server.url));
    expect(missing).toEqual({ ok: false, message: `HTTP 404 Not Found from ${server.url}` });
    expect(server.ranges).toHaveLength(1);

    await rm(part, { force: true });
    const refused = await downloadWithResume(options(await refusedUrl()));
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/ECONNREFUSED/) });
    expect(existsSync(part)).toBe(false);
  });
});
