#!/usr/bin/env node
// npm run bench [-- --backbone <descriptor URL | path | preset> --size <n> --images <n>]
//
// Runs the app's real extraction path (engine worker, backend choice, IndexedDB) in headless Chromium
// on bench.html, then the tutorial's naive way on a page's main thread, and prints a table and, as
// its last line, one JSON object. Every number is measured in this run. Builds into .bench/dist when
// the sources are newer than the last build; serves it with `vite preview`.
/* global window, document -- in functions that run inside the page */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { chromium } from '@playwright/test';
import { choiceFigures, derive, printTable } from './benchReport.mjs';
import { fineTuneCases, fineTuneFigures, printFineTuneTable } from './benchFineTuneReport.mjs';
import {
  assetsDir,
  buildIfNeeded,
  chromiumArgs,
  stageBackbone,
  startPreview,
} from './lib/benchPage.mjs';
import { readArgs } from './lib/args.mjs';

const HELP = `npm run bench -- [options]
  --backbone <x>   descriptor URL (downloaded, with its model), path to a descriptor JSON, or a
                   preset from ../shared/assets:
                   mobilenet-v2-0.35, darknet-tiny (default: the built-in VGG16)
  --size <n>       input size in pixels (default 96 for VGG16; the descriptor's own otherwise)
  --images <n>     images in the main extraction run (default 1000)
  --small <n>      images in the smaller run compared against it (default images / 10)
  --naive <n>      most images the naive baseline times (default 4; it also stops after 90 s)
  --head-images <n>  cached feature maps one head epoch runs over (default 3000)
  --no-all-backends  skip timing the backbone on every backend (software GPUs are slow)
  --choice-only    only the backend choice at first use, in --runs fresh profiles (default 3);
                   --backbone vgg16 (default) or mobilenetv2, --size default 224 (the app's)
  --runs <n>       fresh profiles for --choice-only
  --fine-tune-only only fine-tuning's ms per training image per epoch on WebGL, WASM and the CPU
                   backend (MobileNetV2 0.35 from ../shared/assets, VGG16 at 32 px), ~2 min here
  --no-fine-tune   skip that part of the full run
  --port <n>       preview port (default 4197; 4190 is a port browsers refuse)`;

function parseArgs(argv) {
  const o = { backbone: null, size: null, images: 1000, small: null, naive: 4, headImages: 3000 };
  Object.assign(o, { allBackends: true, port: 4197, choiceOnly: false, runs: 3 });
  Object.assign(o, { fineTune: true, fineTuneOnly: false });
  readArgs(argv, HELP, (a, { value, count }) => {
    if (a === '--backbone') o.backbone = value();
    else if (a === '--size') o.size = count();
    else if (a === '--images') o.images = count();
    else if (a === '--small') o.small = count();
    else if (a === '--naive') o.naive = count();
    else if (a === '--head-images') o.headImages = count();
    else if (a === '--port') o.port = count();
    else if (a === '--no-all-backends') o.allBackends = false;
    else if (a === '--choice-only') o.choiceOnly = true;
    else if (a === '--runs') o.runs = count();
    else if (a === '--fine-tune-only') o.fineTuneOnly = true;
    else if (a === '--no-fine-tune') o.fineTune = false;
    else return false;
    return true;
  });
  o.small ??= Math.max(10, Math.round(o.images / 10));
  if (o.choiceOnly) {
    const id = o.backbone ?? 'vgg16';
    if (id !== 'vgg16' && id !== 'mobilenetv2')
      throw new Error('--choice-only takes --backbone vgg16 or mobilenetv2');
    o.builtin = { kind: 'builtin', id, inputSize: o.size ?? 224 };
    return o;
  }
  if (o.backbone === null || o.backbone === 'vgg16') o.size ??= 96;
  if (o.backbone === 'vgg16') o.backbone = null;
  return o;
}

/** Resident memory of Chromium's renderer processes started by this script (pages and their workers). */
function rendererRssBytes() {
  const children = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const walk = (pid) => {
    for (const child of children.get(pid) ?? []) {
      try {
        const cmd = readFileSync(`/proc/${child}/cmdline`, 'utf8');
        if (cmd.includes('--type=renderer')) {
          const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child}/status`, 'utf8'));
          total += rss ? Number(rss[1]) * 1024 : 0;
        }
      } catch {
        // gone meanwhile
      }
      walk(child);
    }
  };
  walk(process.pid);
  return total;
}

/**
 * The backend choice at first use, `runs` times, each in a fresh profile (nothing remembered), with
 * the load average around each: prints one line per run and, last, one JSON object.
 */
async function choiceOnly(browser, url, options) {
  const runs = [];
  for (let i = 0; i < options.runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/bench.html`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const load = loadavg()[0];
    const choice = await page.evaluate((spec) => window.graftBench.choice(spec), options.builtin);
    const figures = { ...choiceFigures(choice), load_average: [load, loadavg()[0]] };
    console.log(`  run ${i + 1}: ${JSON.stringify(figures)}`);
    runs.push(figures);
    await context.close();
  }
  const seconds = runs.map((r) => r.seconds);
  console.log(
    JSON.stringify({
      backbone: options.builtin.id,
      input_size: options.builtin.inputSize,
      backend_choice_s: seconds,
      backend_choice_s_max: Math.max(...seconds),
      runs,
      machine: { cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length },
    }),
  );
}

/**
 * Fine-tuning's ms per training image per epoch on WebGL, WASM and the CPU backend, in `page`'s
 * engine worker, one backend after the other (src/bench/fineTuneCost.ts); figures for the report.
 */
async function fineTuneCost(page, mobilenetUrl) {
  const cases = fineTuneCases(mobilenetUrl);
  const results = await page.evaluate((c) => window.graftBench.fineTuneCost(c), cases);
  return fineTuneFigures(results);
}

const machineOf = (browser, loadBefore) => ({
  cpu: cpus()[0]?.model ?? 'unknown CPU',
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  chromium: browser.version(),
  loadAverage: [loadBefore, loadavg()[0]],
});

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const startedAt = Date.now();
  const elapsed = () => ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  const loadBefore = loadavg()[0];
  buildIfNeeded();
  const backboneUrl =
    options.choiceOnly || options.fineTuneOnly ? null : await stageBackbone(options.backbone);
  const fineTuneWanted = options.fineTuneOnly || (options.fineTune && !options.choiceOnly);
  // The real MobileNetV2 0.35 for the fine-tuning part, staged before the server starts.
  const mobilenetUrl =
    fineTuneWanted && existsSync(assetsDir) ? await stageBackbone('mobilenet-v2-0.35') : null;
  const server = await startPreview(options.port);
  // Ctrl-C: take the preview server (its own process group) down with us.
  process.once('SIGINT', () => {
    server.stop();
    process.exit(130);
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: chromiumArgs(),
  });
  const rss = {};
  try {
    if (options.choiceOnly) return await choiceOnly(browser, server.url, options);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('console', (m) => {
      const text = m.text();
      if (text.startsWith('[bench] mark:')) rss[text.slice(13)] = rendererRssBytes();
      else if (text.startsWith('[bench] ')) console.log(`  ${elapsed()} s  ${text.slice(8)}`);
    });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${server.url}/bench.html`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const crossOriginIsolated = await page.evaluate(() => crossOriginIsolated);
    if (options.fineTuneOnly) {
      const figures = await fineTuneCost(page, mobilenetUrl);
      printFineTuneTable(figures);
      const seconds = Math.round((Date.now() - startedAt) / 1000);
      const machine = { ...machineOf(browser, loadBefore), crossOriginIsolated };
      console.log(JSON.stringify({ fine_tune: figures, machine, seconds }));
      return;
    }
    const result = await page.evaluate((o) => window.graftBench.run(o), {
      backbone: backboneUrl,
      size: options.size,
      images: options.images,
      smallImages: options.small,
      headImages: options.headImages,
      trainEpochs: 3,
      rawMs: 4000,
      allBackends: options.allBackends,
    });
    console.log(`  ${elapsed()} s  naive baseline: a fresh page, tfjs on its main thread`);
    const naivePage = await context.newPage();
    naivePage.on(
      'console',
      (m) => m.text().startsWith('[bench] ') && console.log(`         ${m.text().slice(8)}`),
    );
    await naivePage.goto(`${server.url}/bench.html`);
    await naivePage.waitForFunction(() => document.body.dataset.ready === 'true');
    const naive = await naivePage.evaluate(
      ([spec, n]) => window.graftBench.naive(spec, n, 90_000),
      [result.spec, options.naive],
    );
    let fineTune = null;
    if (options.fineTune) {
      console.log(`  ${elapsed()} s  fine-tuning on WebGL, WASM and the CPU backend`);
      fineTune = await fineTuneCost(page, mobilenetUrl);
    }
    const machine = { ...machineOf(browser, loadBefore), crossOriginIsolated };
    const report = derive({
      result,
      naive,
      rss,
      machine,
      seconds: (Date.now() - startedAt) / 1000,
    });
    printTable(report, result, naive);
    if (fineTune) printFineTuneTable(fineTune);
    console.log(JSON.stringify({ ...report, fine_tune: fineTune }));
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
