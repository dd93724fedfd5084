// Runs the weights CLI in-process with captured output, and reads what it installed back from disk.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { runWeightsCli } from '../../../scripts/lib/weightsCli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string[];
  /** Everything written to the progress stream. */
  readonly progress: string;
}

export async function runCli(cwd: string, ...argv: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let progress = '';
  const code = await runWeightsCli(argv, {
    cwd,
    stdout: (l) => stdout.push(l),
    stderr: (l) => stderr.push(l),
    progress: { write: (t) => (progress += t), isTTY: false },
    retryDelayMs: 0,
    progressIntervalMs: 0,
  });
  return { code, stdout, stderr, progress };
}

/** Every file under `dir` (one level, as a model folder is) with its MD5: to prove it unchanged. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    out[name] = createHash('md5')
      .update(await readFile(join(dir, name)))
      .digest('hex');
  }
  return out;
}

/** Loads an installed model.json + shards the way tfjs's HTTP loader would, from disk. */
export async function loadModelDir(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (manifest) => {
    const specs = manifest.flatMap((g) => g.weights);
    const parts = await Promise.all(
      manifest
        .flatMap((g) => g.paths)
        .map(async (p) => new Uint8Array(await readFile(join(dir, p)))),
    );
    return [specs, tf.io.concatenateArrayBuffers(parts.map((p) => p.slice().buffer))];
  });
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}
