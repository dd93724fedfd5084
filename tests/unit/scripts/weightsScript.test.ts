// The real command, as `npm run weights` runs it: bundled by rolldown, run by plain node, in a child
// process. Uses package.json's "weights" script once it exists, else the line proposed for it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMobileNetV2 } from '../../../src/ml/backbones/mobilenetv2';
import { refusedUrl } from '../../helpers/h5/fileServer';
import { specFromModel, writeKerasH5 } from '../../helpers/h5/kerasH5';
import { useWasm } from '../../helpers/tfBackend';

const ROOT = resolve(__dirname, '../../..');

/** The package.json line proposed for "weights" (the lead owns package.json). */
const PROPOSED_SCRIPT =
  'rolldown scripts/weights.ts --platform node --format esm -e @tensorflow/tfjs -e h5wasm ' +
  '--file node_modules/.tmp/weights.mjs --logLevel silent && node node_modules/.tmp/weights.mjs';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

async function weightsCommand(args: string[]): Promise<string> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const quoted = args.map(shellQuote).join(' ');
  return pkg.scripts?.weights ? `npm run -s weights -- ${quoted}` : `${PROPOSED_SCRIPT} ${quoted}`;
}

function run(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('sh', ['-c', command], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

let work: string;
beforeAll(async () => {
  await useWasm();
  work = await mkdtemp(join(tmpdir(), 'graft-weights-script-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm run weights (bundled, in a child process)', () => {
  it('converts a local MobileNetV2 .h5 into a model folder', async () => {
    const model = buildMobileNetV2(96);
    const spec = specFromModel(model, 9);
    model.dispose();
    const from = join(work, 'mobilenet_v2.h5');
    await writeFile(from, await writeKerasH5(spec, { naming: 'modern' }));
    const out = join(work, 'mobilenetv2');
    const result = await run(
      await weightsCommand(['--backbone', 'mobilenetv2', '--from', from, '--out', out]),
    );
    expect(result.stderr).not.toMatch(/Error|Hi, looks like/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Installed MobileNetV2 weights in .*: model\.json \+ 3 shards/);
    expect(existsSync(join(out, 'model.json'))).toBe(true);
  });

  it('--if-missing exits 0 with one explanatory line when the download fails', async () => {
    const out = join(work, 'vgg16');
    const args = [
      '--if-missing',
      '--url',
      await refusedUrl(),
      '--out',
      out,
      '--cache-dir',
      join(work, 'cache'),
    ];
    const result = await run(await weightsCommand(args));
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /VGG16 weights are not installed .*ECONNREFUSED.* `npm run weights -- --from path\/to\/vgg16_weights_tf_dim_ordering_tf_kernels_notop\.h5`/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
