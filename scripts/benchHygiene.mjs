#!/usr/bin/env node
// npm run bench:hygiene [-- --backbones a,b --dataset DIR --seeds N --threshold T --port P]
//
// The data doctor against seeded faults, through the app's real worker on bench.html in headless
// Chromium: real photos with labels moved, resized / re-encoded / cropped copies and planted
// outliers, each backbone's features, then Check data. Prints each check's precision and recall
// (mean [range] over seeds), the naive baseline (one head trained on everything, ranked by its
// self-confidence), seconds per 1,000 images, and the similarities that set the near-duplicate
// threshold. The last line is one JSON object.
/* global window -- in functions that run inside the page */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { readArgs } from './lib/args.mjs';
import { assetsDir, stageBackbone, stageDataset } from './lib/benchPage.mjs';
import { withBenchPage } from './lib/benchSession.mjs';
import { printHygieneTable, summariseBackbone } from './benchHygieneReport.mjs';

const HELP = `npm run bench:hygiene -- [options]
  --backbones <a,b>  presets from ../shared/assets or descriptor paths
                     (default mobilenet-v2-0.35,darknet-tiny)
  --dataset <dir>    folder of class folders (default ../shared/assets/datasets/flowers-dev)
  --seeds <n>        fault seeds 1..n (default 3)
  --threshold <t>    near-duplicate cosine threshold (default the app's)
  --port <n>         preview port (default 4198)`;

function parseArgs(argv) {
  const o = { backbones: null, dataset: null, seeds: 3, threshold: null, port: 4198 };
  readArgs(argv, HELP, (a, { value, count }) => {
    if (a === '--backbones') o.backbones = value().split(',');
    else if (a === '--dataset') o.dataset = value();
    else if (a === '--seeds') o.seeds = count();
    else if (a === '--port') o.port = count();
    else if (a === '--threshold') {
      o.threshold = Number(value());
      if (!(o.threshold > 0 && o.threshold <= 1)) throw new Error('--threshold needs (0, 1]');
    } else return false;
    return true;
  });
  return o;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if ((options.backbones === null || options.dataset === null) && !existsSync(assetsDir)) {
    console.log(
      `bench:hygiene skipped: ${assetsDir} is absent (it holds the default dataset and backbones); pass --backbones and --dataset to run on your own.`,
    );
    return;
  }
  const backbones = options.backbones ?? ['mobilenet-v2-0.35', 'darknet-tiny'];
  const dataset = options.dataset ?? join(assetsDir, 'datasets/flowers-dev');
  const startedAt = Date.now();
  const loadBefore = loadavg()[0];
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  let urls;
  const { results, chromium } = await withBenchPage(
    {
      port: options.port,
      stage: async () => {
        urls = { dataset: stageDataset(dataset), backbones: [] };
        for (const b of backbones) urls.backbones.push(await stageBackbone(b));
      },
    },
    async (firstPage, browser, openPage) => {
      // Each backbone on a page of its own (a fresh worker), as if the app were opened again.
      const results = [];
      for (const [i, backboneUrl] of urls.backbones.entries()) {
        const page = i === 0 ? firstPage : await openPage();
        const result = await page.evaluate((o) => window.graftBench.hygiene(o), {
          backbone: backboneUrl,
          dataset: urls.dataset,
          seeds,
          ...(options.threshold !== null && { threshold: options.threshold }),
        });
        await page.close();
        results.push(summariseBackbone(result));
      }
      return { results, chromium: browser.version() };
    },
  );
  const summary = {
    backbones: results,
    context: {
      dataset,
      seeds,
      chromium,
      seconds: Math.round((Date.now() - startedAt) / 1000),
      load_average: [Number(loadBefore.toFixed(2)), Number(loadavg()[0].toFixed(2))],
    },
  };
  printHygieneTable(summary);
  console.log(JSON.stringify(summary));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
