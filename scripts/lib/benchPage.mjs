// What both benchmarks (npm run bench, npm run bench:accuracy) share: the presets for the real
// backbones in ../shared/assets, staging a backbone (or a dataset) into the build so the bench page
// can fetch it from its own origin, building bench.html when the sources changed, serving the build
// with `vite preview`, and Chromium's launch flags from playwright.config.ts.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const outDir = join(root, '.bench/dist');
export const assetsDir = resolve(root, '../shared/assets');

/** Descriptors for the real pretrained backbones in ../shared/assets (see its README). */
export const PRESETS = {
  'mobilenet-v2-0.35': {
    name: 'MobileNetV2 0.35 (Teachable Machine export)',
    dir: 'backbones/mobilenet-v2-0.35',
    inputSize: 224,
    preprocess: 'tf',
    featureLayer: 'sequential_5',
    // MobileNetV2's last block and its last convolution, as the built-in MobileNetV2 fine-tunes.
    trainableLayers: [
      'block_16_expand',
      'block_16_expand_BN',
      'block_16_depthwise',
      'block_16_depthwise_BN',
      'block_16_project',
      'block_16_project_BN',
      'Conv_1',
      'Conv_1_bn',
    ],
  },
  'darknet-tiny': {
    name: 'Darknet tiny (ml5)',
    dir: 'backbones/darknet-tiny',
    inputSize: 224,
    preprocess: 'unit',
    featureLayer: 'leaky_re_lu_15',
    // Its last convolution before the feature layer and that convolution's batch norm.
    trainableLayers: ['conv2d_15', 'batch_normalization_15'],
  },
};

/** Downloads a model.json and the weight files its manifest names into `dir`. */
async function downloadModel(modelUrl, dir) {
  const get = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  };
  mkdirSync(dir, { recursive: true });
  const modelJson = await get(modelUrl);
  writeFileSync(join(dir, 'model.json'), modelJson);
  const manifest = JSON.parse(modelJson.toString('utf8')).weightsManifest ?? [];
  for (const path of manifest.flatMap((group) => group.paths)) {
    const target = resolve(dir, path);
    if (!target.startsWith(dir)) throw new Error(`weight path ${path} leaves the model folder`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await get(new URL(path, modelUrl).href));
  }
}

/**
 * A backbone the page can fetch from its own origin (the bench page's CSP allows only that): a URL
 * is downloaded, a preset or a local descriptor file is copied, each with its model, into the build.
 */
export async function stageBackbone(spec) {
  if (spec === null) return null;
  const name = (/^https?:/.test(spec) ? new URL(spec).pathname : spec)
    .split('/')
    .filter(Boolean)
    .join('_')
    .replace(/\.json$/, '')
    .replace(/[^\w.-]/g, '_');
  const target = join(outDir, 'bench-assets', name);
  mkdirSync(target, { recursive: true });
  let descriptor;
  if (/^https?:\/\//.test(spec)) {
    const response = await fetch(spec);
    if (!response.ok) throw new Error(`--backbone ${spec}: HTTP ${response.status}`);
    descriptor = await response.json();
    await downloadModel(new URL(descriptor.modelUrl, spec).href, join(target, 'model'));
    descriptor = { ...descriptor, modelUrl: 'model/model.json' };
  } else if (PRESETS[spec]) {
    if (!existsSync(assetsDir))
      throw new Error(`Preset ${spec} needs ${assetsDir}, which is absent`);
    const { dir, ...fields } = PRESETS[spec];
    cpSync(join(assetsDir, dir), join(target, 'model'), { recursive: true });
    descriptor = { ...fields, modelUrl: 'model/model.json' };
  } else {
    const file = resolve(spec);
    if (!existsSync(file)) throw new Error(`--backbone ${spec}: no such URL, preset or file`);
    descriptor = JSON.parse(readFileSync(file, 'utf8'));
    const modelJson = resolve(dirname(file), descriptor.modelUrl);
    cpSync(dirname(modelJson), join(target, 'model'), { recursive: true });
    descriptor = { ...descriptor, modelUrl: `model/${basename(modelJson)}` };
  }
  writeFileSync(join(target, 'descriptor.json'), JSON.stringify(descriptor));
  return `/bench-assets/${name}/descriptor.json`;
}

function newestMtime(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), s.mtimeMs);
}

/**
 * Vite 8.4 refuses to run a second build or preview in the same project unless told --bypass-lock
 * (the browser tests may be using it); Vite 8.3 has no lock and refuses the unknown flag.
 */
function lockFlag() {
  const cli = join(root, 'node_modules/vite/dist/node/cli.js');
  return existsSync(cli) && readFileSync(cli, 'utf8').includes('bypass-lock')
    ? ['--bypass-lock']
    : [];
}

export function buildIfNeeded() {
  const built = join(outDir, 'bench.html');
  const inputs = [
    'src',
    'public',
    'index.html',
    'bench.html',
    'vite.config.ts',
    'package-lock.json',
  ];
  const newest = Math.max(
    ...inputs
      .map((p) => join(root, p))
      .filter(existsSync)
      .map(newestMtime),
  );
  if (existsSync(built) && statSync(built).mtimeMs > newest) return;
  console.log(`building into ${relative(root, outDir)} …`);
  const r = spawnSync(
    'npx',
    ['vite', 'build', '--outDir', outDir, '--emptyOutDir', ...lockFlag(), '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error('vite build failed');
}

/** The launch flags the browser tests use (playwright.config.ts), plus gc() to measure memory after. */
export function chromiumArgs() {
  const config = readFileSync(join(root, 'playwright.config.ts'), 'utf8');
  const list = /chromiumArgs\s*=\s*\[([\s\S]*?)\]/.exec(config)?.[1] ?? '';
  const args = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  if (args.length === 0) throw new Error('Could not read chromiumArgs from playwright.config.ts');
  return [...args, '--js-flags=--expose-gc'];
}

export async function startPreview(port) {
  // Someone else's server on the port would answer for ours (whose strict port makes it exit).
  const taken = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`Port ${port} is in use by another server: pass --port <n>`);
  const child = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--outDir',
      outDir,
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
      ...lockFlag(),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited:\n${output}`);
    const ok = await fetch(`${url}/bench.html`).then(
      (r) => r.ok,
      () => false,
    );
    const stop = () => {
      if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    };
    if (ok) return { url, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  process.kill(-child.pid, 'SIGTERM');
  throw new Error(`vite preview did not answer on ${url}:\n${output}`);
}

/** Image files under `dir`, as `class/…/file` paths (the class is the first folder). */
function imagePaths(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return imagePaths(dir, path);
      return prefix && /\.(jpe?g|png|webp|gif|bmp)$/i.test(entry.name) ? [path] : [];
    });
}

/**
 * Copies a dataset folder (one subfolder per class) into the build with an index of its files, so
 * the bench page can fetch it as a dropped folder; returns the index's URL on the page's origin.
 */
export function stageDataset(dir) {
  const source = resolve(dir);
  if (!existsSync(source)) throw new Error(`--dataset ${dir}: no such folder`);
  const paths = imagePaths(source);
  if (paths.length === 0) throw new Error(`--dataset ${dir}: no images in class folders`);
  const name = basename(source).replace(/[^\w.-]/g, '_');
  const target = join(outDir, 'bench-assets', 'datasets', name);
  cpSync(source, target, { recursive: true });
  writeFileSync(join(target, 'index.json'), JSON.stringify(paths));
  return `/bench-assets/datasets/${name}/index.json`;
}
