#!/usr/bin/env node
// npm run bench:label-assist [-- --backbone B --dataset DIR --seeds N --budget L --every N ...]
//
// Label with the model's help, simulated on real photos: per split seed, the app's real worker in
// headless Chromium extracts the real backbone's features once; then the training split's labels
// are hidden except a few per class, and a simulated person labels in batches either the photos
// the app asks about (most uncertain first) or photos in random order, the head retraining from
// the features after each batch. Prints test accuracy against labels for both, the labels the
// uncertainty order needs to reach the random order's final accuracy, each retrain interval's and
// uncertainty measure's figures, and the calibration of "right at P%" (estimated on held-out
// predictions, checked on the hidden labels). The last line is one JSON object.
// With --ui it measures the triage grid instead: see benchLabelAssistUi.mjs.
/* global window -- in functions that run inside the page */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { readArgs } from './lib/args.mjs';
import { assetsDir, stageBackbone, stageDataset } from './lib/benchPage.mjs';
import { withBenchPage } from './lib/benchSession.mjs';
import { printLabelAssist, summariseLabelAssist } from './benchLabelAssistReport.mjs';

const MEASURES = ['margin', 'entropy', 'leastConfidence'];

const HELP = `npm run bench:label-assist -- [options]
  --backbone <x>        preset from ../shared/assets (mobilenet-v2-0.35, darknet-tiny) or a
                        descriptor JSON path (default mobilenet-v2-0.35)
  --dataset <dir>       folder of class folders (default ../shared/assets/datasets/flowers-dev)
  --seeds <n>           split seeds 1..n (default 5)
  --start <n>           labelled photos per class before any help (default 3)
  --budget <n>          new labels each simulated person makes (default 120)
  --every <n>           labels between retrains for the headline comparison (default 10)
  --every-options <a,b> retrain intervals compared with the first measure (default 5,10,20,40)
  --measures <a,b>      uncertainty measures, the first the headline one
                        (default ${MEASURES.join(',')})
  --port <n>            preview port (default 4197)
  --ui                  instead: how fast the real grid labels by keys (benchLabelAssistUi.mjs)`;

const list = (s) => s.split(',').map((x) => Number(x));

function parseArgs(argv) {
  const o = {
    backbone: 'mobilenet-v2-0.35',
    dataset: null,
    seeds: 5,
    startPerClass: 3,
    budget: 120,
    every: 10,
    everyOptions: [5, 10, 20, 40],
    measures: MEASURES,
    port: 4197,
  };
  readArgs(argv, HELP, (a, { value, count }) => {
    if (a === '--backbone') o.backbone = value();
    else if (a === '--dataset') o.dataset = value();
    else if (a === '--seeds') o.seeds = count();
    else if (a === '--start') o.startPerClass = count();
    else if (a === '--budget') o.budget = count();
    else if (a === '--every') o.every = count();
    else if (a === '--every-options') o.everyOptions = list(value());
    else if (a === '--measures') o.measures = value().split(',');
    else if (a === '--port') o.port = count();
    else return false;
    return true;
  });
  const bad = o.measures.filter((m) => !MEASURES.includes(m));
  if (bad.length) throw new Error(`Unknown measure ${bad.join(', ')}\n${HELP}`);
  for (const n of [o.every, ...o.everyOptions]) {
    if (!Number.isInteger(n) || n < 1 || o.budget % n !== 0)
      throw new Error(`Every retrain interval must divide --budget ${o.budget}; ${n} does not`);
  }
  return o;
}

async function main() {
  // The grid's own speed, keys only: another script, run as if called by itself.
  if (process.argv.includes('--ui')) return void (await import('./benchLabelAssistUi.mjs'));
  const options = parseArgs(process.argv.slice(2));
  const dataset = options.dataset ?? join(assetsDir, 'datasets/flowers-dev');
  if (!existsSync(assetsDir) && (options.dataset === null || !existsSync(options.backbone))) {
    console.log(
      `bench:label-assist skipped: ${assetsDir} is absent (it holds the default dataset and backbones); pass --backbone and --dataset to run on your own.`,
    );
    return;
  }
  const startedAt = Date.now();
  const loadBefore = loadavg()[0];
  let urls;
  const result = await withBenchPage(
    {
      port: options.port,
      stage: async () => {
        urls = { backbone: await stageBackbone(options.backbone), dataset: stageDataset(dataset) };
      },
    },
    async (page, browser) => {
      const raw = await page.evaluate((o) => window.graftBench.labelAssist(o), {
        backbone: urls.backbone,
        dataset: urls.dataset,
        seeds: Array.from({ length: options.seeds }, (_, i) => i + 1),
        startPerClass: options.startPerClass,
        budget: options.budget,
        runs: [
          { order: 'random', every: options.every },
          ...options.everyOptions.map((every) => ({ order: options.measures[0], every })),
          ...options.measures.slice(1).map((order) => ({ order, every: options.every })),
        ],
        calibrateAfter: [0, Math.min(options.budget, 40)],
        thresholds: [0.5, 0.7, 0.8, 0.9, 0.95],
      });
      return { raw, chromium: browser.version() };
    },
  );
  const report = summariseLabelAssist(result.raw, {
    ...options,
    dataset,
    machine: {
      chromium: result.chromium,
      seconds: Math.round((Date.now() - startedAt) / 1000),
      load_average: [Number(loadBefore.toFixed(2)), Number(loadavg()[0].toFixed(2))],
    },
  });
  printLabelAssist(report);
  console.log(JSON.stringify(report));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
