#!/usr/bin/env node
// npm run bench:accuracy [-- --backbone <preset|descriptor.json> --dataset DIR --seeds N --settings all]
//
// Test accuracy over split seeds for each setting (head only, augmentation K = 2 and 4, test-time
// flip, fine-tuning, combinations), through the app's real worker on bench.html in headless
// Chromium, on real photos and a real pretrained backbone. Prints a table and, as its last line,
// one JSON object with the settings as keys ({ mean, sd, seconds, … }) and a `context` key.
/* global window -- in functions that run inside the page */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { deriveAccuracy, printAccuracyTable } from './benchAccuracyReport.mjs';
import { parseAccuracyArgs } from './lib/accuracyArgs.mjs';
import { assetsDir, stageBackbone, stageDataset } from './lib/benchPage.mjs';
import { withBenchPage } from './lib/benchSession.mjs';

async function main() {
  const options = parseAccuracyArgs(process.argv.slice(2));
  const needsAssets = options.backbone === null || options.dataset === null;
  if (needsAssets && !existsSync(assetsDir)) {
    console.log(
      `bench:accuracy skipped: ${assetsDir} is absent (it holds the default dataset and backbone); pass --backbone and --dataset to run on your own.`,
    );
    return;
  }
  const backbone = options.backbone ?? 'mobilenet-v2-0.35';
  const dataset = options.dataset ?? join(assetsDir, 'datasets/flowers-dev');
  const startedAt = Date.now();
  const loadBefore = loadavg()[0];
  const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
  let urls;
  const { result, chromium } = await withBenchPage(
    {
      port: options.port,
      stage: async () => {
        urls = { backbone: await stageBackbone(backbone), dataset: stageDataset(dataset) };
      },
    },
    async (page, browser) => ({
      result: await page.evaluate((o) => window.graftBench.accuracy(o), {
        backbone: urls.backbone,
        size: options.size,
        dataset: urls.dataset,
        seeds,
        settings: options.settings,
        fineTuneEpochs: options.fineTuneEpochs,
      }),
      chromium: browser.version(),
    }),
  );
  const report = deriveAccuracy({
    result,
    context: {
      dataset,
      seeds,
      machine: {
        fine_tune_epochs: options.fineTuneEpochs ?? 10,
        chromium,
        seconds: Math.round((Date.now() - startedAt) / 1000),
        load_average: [Number(loadBefore.toFixed(2)), Number(loadavg()[0].toFixed(2))],
      },
    },
  });
  printAccuracyTable(report);
  console.log(JSON.stringify(report));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
