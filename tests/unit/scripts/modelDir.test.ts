import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkModelDir,
  installDirAtomically,
  layersModelFiles,
  recoverInterruptedInstall,
} from '../../../scripts/lib/modelDir';

let parent: string;
let target: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'graft-modeldir-'));
  target = join(parent, 'vgg16');
});
afterEach(() => rm(parent, { recursive: true, force: true }));

/** 10 float32 weights (40 bytes) split into 16-byte shards: 3 shards. */
const files = (fill: number) =>
  layersModelFiles(
    {
      modelTopology: { class_name: 'Functional' },
      weightSpecs: [
        { name: 'a/kernel', shape: [2, 4], dtype: 'float32' },
        { name: 'a/bias', shape: [2], dtype: 'float32' },
      ],
      weightData: new Float32Array(10).fill(fill).buffer,
      generatedBy: 'test',
    },
    16,
  );

describe('layersModelFiles', () => {
  it('splits the weights into shards named as tfjs expects, listed in model.json', () => {
    const out = files(1);
    expect(out.map((f) => f.name)).toEqual([
      'model.json',
      'group1-shard1of3.bin',
      'group1-shard2of3.bin',
      'group1-shard3of3.bin',
    ]);
    expect(out.slice(1).map((f) => f.data.length)).toEqual([16, 16, 8]);
    const json = JSON.parse(out[0]!.data as string);
    expect(json).toMatchObject({
      format: 'layers-model',
      weightsManifest: [
        { paths: ['group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin'] },
      ],
    });
  });
});

describe('installDirAtomically / checkModelDir', () => {
  it('installs, then replaces a previous model whole, leaving nothing beside it', async () => {
    await installDirAtomically(target, files(1));
    expect(await checkModelDir(target)).toEqual({ complete: true });
    await installDirAtomically(target, files(2));
    const shard = new Float32Array(
      (await readFile(join(target, 'group1-shard1of3.bin'))).buffer.slice(0),
    );
    expect(shard[0]).toBe(2);
    expect(await readdir(parent)).toEqual(['vgg16']);
  });

  it('leaves the previous model untouched when writing the new one fails', async () => {
    await installDirAtomically(target, files(1));
    const bad = [...files(3), { name: 'no/such/dir/file', data: 'x' }];
    await expect(installDirAtomically(target, bad)).rejects.toThrow(/ENOENT/);
    const shard = new Float32Array(
      (await readFile(join(target, 'group1-shard1of3.bin'))).buffer.slice(0),
    );
    expect(shard[0]).toBe(1);
    expect(await readdir(parent)).toEqual(['vgg16']);
  });

  it('says what is missing from an incomplete folder', async () => {
    expect(await checkModelDir(target)).toEqual({
      complete: false,
      reason: `${target} has no model.json`,
    });
    await installDirAtomically(target, files(1));
    await rm(join(target, 'group1-shard2of3.bin'));
    expect(await checkModelDir(target)).toEqual({
      complete: false,
      reason: `${target} lacks the weight shard group1-shard2of3.bin`,
    });
    await writeFile(join(target, 'group1-shard2of3.bin'), new Uint8Array(4));
    expect(await checkModelDir(target)).toEqual({
      complete: false,
      reason: `${target}: shards hold 28 bytes, model.json needs 40`,
    });
    expect(await checkModelDir(target, ['backbone.json'])).toMatchObject({ complete: false });
  });

  it('after a crash mid-swap, puts the previous model back and removes temporary folders', async () => {
    await installDirAtomically(target, files(1));
    // What a crash between the two renames leaves: the old model aside, a finished temp folder.
    await rename(target, join(parent, '.vgg16.old-123'));
    await mkdir(join(parent, '.vgg16.tmp-abc'));
    await recoverInterruptedInstall(target);
    expect(await readdir(parent)).toEqual(['vgg16']);
    expect(await checkModelDir(target)).toEqual({ complete: true });
    expect(existsSync(join(parent, '.vgg16.old-123'))).toBe(false);
  });
});
