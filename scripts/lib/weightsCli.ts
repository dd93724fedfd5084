// `npm run weights`: gets Keras's ImageNet weights for a backbone (download, or a local .h5 with
// --from), verifies them, converts them to a TensorFlow.js layers model and installs it under
// public/models/<backbone>/. With --if-missing (what `npm start` runs) it does nothing when the
// model is there, and never fails: without weights it prints one line saying how to supply them.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { convertedDescriptor, convertKerasH5 } from '../../src/ml/weights/h5/convert';
import {
  isKerasArchitecture,
  KERAS_ARCHITECTURES,
  KERAS_WEIGHT_FILES,
  type KerasArchitecture,
} from '../../src/ml/weights/h5/kerasFiles';
import { downloadWithResume } from './download';
import {
  checkModelDir,
  installDirAtomically,
  layersModelFiles,
  recoverInterruptedInstall,
} from './modelDir';
import { createProgressReporter, type ProgressSink } from './progress';

export interface CliEnv {
  readonly cwd: string;
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly progress: ProgressSink;
  /** First retry delay of the download (tests use 0). */
  readonly retryDelayMs?: number;
  readonly progressIntervalMs?: number;
}

export function nodeCliEnv(): CliEnv {
  return {
    cwd: process.cwd(),
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    progress: { write: (text) => process.stderr.write(text), isTTY: process.stderr.isTTY },
  };
}

const USAGE =
  'Usage: npm run weights -- [--backbone vgg16|mobilenetv2] [--from file.h5 | --url URL] ' +
  '[--out dir] [--if-missing] [--cache-dir dir] [--expect-size bytes] [--expect-md5 hex] [--retries n]';

/** The backbone's file, with --expect-* overriding what is known about it (mirrors, tests). */
interface Plan {
  readonly architecture: KerasArchitecture;
  readonly from: string | null;
  readonly url: string;
  readonly outDir: string;
  readonly cacheDir: string;
  readonly ifMissing: boolean;
  readonly expectedBytes: number | null;
  readonly expectedMd5: string | null;
  readonly retries: number;
}

function plan(argv: readonly string[], cwd: string): Plan | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        backbone: { type: 'string', default: 'vgg16' },
        from: { type: 'string' },
        url: { type: 'string' },
        out: { type: 'string' },
        'if-missing': { type: 'boolean', default: false },
        'cache-dir': { type: 'string' },
        'expect-size': { type: 'string' },
        'expect-md5': { type: 'string' },
        retries: { type: 'string', default: '3' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    return `${e instanceof Error ? e.message : String(e)}\n${USAGE}`;
  }
  if (values.help) return USAGE;
  const architecture = values.backbone;
  if (!isKerasArchitecture(architecture)) {
    return `Unknown backbone "${architecture}": choose ${KERAS_ARCHITECTURES.join(' or ')}`;
  }
  const size = values['expect-size'] === undefined ? undefined : Number(values['expect-size']);
  if (size !== undefined && !(Number.isInteger(size) && size > 0))
    return '--expect-size takes a byte count';
  const md5 = values['expect-md5']?.toLowerCase();
  if (md5 !== undefined && !/^[0-9a-f]{32}$/.test(md5)) return '--expect-md5 takes 32 hex digits';
  if (values.from !== undefined && values.url !== undefined)
    return 'Give --from or --url, not both';
  if (values.url !== undefined && !/^https?:\/\/[^/]/.test(values.url)) {
    return `--url takes an http(s) URL, got "${values.url}"`;
  }
  const retries = Number(values.retries);
  if (!(Number.isInteger(retries) && retries >= 0)) return '--retries takes a whole number';
  const file = KERAS_WEIGHT_FILES[architecture];
  return {
    architecture,
    from: values.from === undefined ? null : resolve(cwd, values.from),
    url: values.url ?? file.url,
    outDir: resolve(cwd, values.out ?? join('public', 'models', architecture)),
    cacheDir: resolve(cwd, values['cache-dir'] ?? join('node_modules', '.cache', 'graft-weights')),
    ifMissing: values['if-missing'],
    expectedBytes: size ?? file.bytes,
    expectedMd5: md5 ?? file.md5,
    retries,
  };
}

class Refusal extends Error {}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Downloads and verifies the file; returns its bytes. The `.part` survives only a broken download. */
async function download(p: Plan, env: CliEnv): Promise<Uint8Array> {
  const label = KERAS_WEIGHT_FILES[p.architecture].label;
  const fileName = basename(new URL(p.url).pathname) || KERAS_WEIGHT_FILES[p.architecture].fileName;
  await mkdir(p.cacheDir, { recursive: true });
  const partPath = join(p.cacheDir, `${fileName}.part`);
  const progress = createProgressReporter(`${label} weights`, env.progress, env.progressIntervalMs);
  let announced = false;
  const result = await downloadWithResume({
    url: p.url,
    partPath,
    expectedBytes: p.expectedBytes,
    retries: p.retries,
    retryDelayMs: env.retryDelayMs,
    onProgress: (state) => {
      // Only once the server answers: offline, the one line that matters is the failure's.
      if (!announced) env.stderr(`Downloading ${label} weights from ${p.url}`);
      announced = true;
      progress(state);
    },
  });
  progress.finish();
  if (!result.ok) throw new Refusal(`the download failed (${result.message})`);
  try {
    if (p.expectedBytes !== null && result.bytes !== p.expectedBytes) {
      throw new Refusal(`the download has ${result.bytes} bytes, expected ${p.expectedBytes}`);
    }
    if (p.expectedMd5 !== null) {
      const md5 = await md5Of(partPath);
      if (md5 !== p.expectedMd5) {
        throw new Refusal(
          `the download's MD5 is ${md5}, expected ${p.expectedMd5} (corrupted, or another file)`,
        );
      }
    } else {
      env.stderr(
        `${label}: no published size or MD5 for this file here; checking every layer's name and shape instead`,
      );
    }
    return await readFile(partPath);
  } finally {
    // Verified or not, a complete download is never resumed: the next run starts clean.
    await rm(partPath, { force: true });
  }
}

async function readLocal(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Refusal(
      code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path} (${code})`,
    );
  }
}

async function install(p: Plan, env: CliEnv): Promise<void> {
  const file = KERAS_WEIGHT_FILES[p.architecture];
  const bytes = p.from ? await readLocal(p.from) : await download(p, env);
  const sourceMd5 = createHash('md5').update(bytes).digest('hex');
  const sourceName = p.from ? basename(p.from) : file.fileName;
  const result = await convertKerasH5(bytes, p.architecture);
  if (!result.ok) throw new Refusal(`${sourceName} was refused: ${result.message}`);
  try {
    const descriptor = {
      ...convertedDescriptor(p.architecture),
      weightsHash: result.weightsHash,
      source: { file: sourceName, bytes: bytes.byteLength, md5: sourceMd5 },
    };
    const files = layersModelFiles({
      modelTopology: result.artifacts.modelTopology,
      weightSpecs: result.artifacts.weightSpecs,
      weightData: result.artifacts.weightData,
      generatedBy: `Keras ${sourceName}`,
    });
    await installDirAtomically(p.outDir, [
      ...files,
      { name: 'backbone.json', data: `${JSON.stringify(descriptor, null, 2)}\n` },
    ]);
    const official = file.md5 !== null && sourceMd5 === file.md5 ? ", Keras's official file" : '';
    const ignored = result.ignoredLayers.length
      ? `; ignored its classifier (${result.ignoredLayers.join(', ')})`
      : '';
    env.stdout(
      `Installed ${file.label} weights in ${relative(env.cwd, p.outDir) || '.'}: ` +
        `model.json + ${files.length - 1} shards, ${(result.artifacts.weightData.byteLength / 1e6).toFixed(1)} MB ` +
        `from ${sourceName}${official}${ignored}.`,
    );
  } finally {
    result.model.dispose();
  }
}

/** Runs the command; resolves to the process exit code (0 ok, 1 refused or failed, 2 usage). */
export async function runWeightsCli(
  argv: readonly string[],
  env: CliEnv = nodeCliEnv(),
): Promise<number> {
  const p = plan(argv, env.cwd);
  if (typeof p === 'string') {
    (p === USAGE ? env.stdout : env.stderr)(p);
    return p === USAGE ? 0 : 2;
  }
  const file = KERAS_WEIGHT_FILES[p.architecture];
  const where = relative(env.cwd, p.outDir) || '.';
  await recoverInterruptedInstall(p.outDir);
  if (p.ifMissing && (await checkModelDir(p.outDir, ['backbone.json'])).complete) return 0;

  try {
    await install(p, env);
    return 0;
  } catch (e) {
    if (!(e instanceof Refusal) && !p.ifMissing) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    if (!p.ifMissing) {
      env.stderr(`weights: ${reason}`);
      return 1;
    }
    const flag = p.architecture === 'vgg16' ? '' : ` --backbone ${p.architecture}`;
    env.stderr(
      `${file.label} weights are not installed (${where}): ${reason}. The app starts without them; ` +
        `to add them run \`npm run weights --${flag} --from path/to/${file.fileName}\` ` +
        `or drop the .h5 on the app's Weights panel.`,
    );
    return 0;
  }
}
