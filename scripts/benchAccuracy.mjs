#!/usr/bin/env node
// npm run bench:accuracy [-- --backbone <preset|descriptor.json> --dataset DIR --seeds N --settings all]
//
// Test accuracy over split seeds for each setting (head only, augmentation K = 2 and 4, test-time
// flip, fine-tuning, combinations), through the app's real worker on bench.html in headless
// Chromium, on real photos and a real pretrained backbone. Prints a table and, as its last line,
// one JSON object with the settings as keys ({ mean, sd, seconds, … }) and a `context` key.
/* global window, document -- in functions that run inside the page */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { deriveAccuracy, printAccuracyTable } from './benchAccuracyReport.mjs';
import { parseAccuracyArgs } from './lib/accuracyArgs.mjs';
import {
  assetsDir,
  buildIfNeeded,
  chromiumArgs,
  stageBackbone,
  stageDataset,
  startPreview,
} from './lib/benchPage.mjs';

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
  const elapsed = () => ((Date.now() - startedAt) / 1000).toFixed(0).padStart(5);
  const loadBefore = loadavg()[0];
  buildIfNeeded();
  const backboneUrl = await stageBackbone(backbone);
  const datasetUrl = stageDataset(dataset);
  const server = await startPreview(options.port);
  process.once('SIGINT', () => {
    server.stop();
    process.exit(130);
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: chromiumArgs(),
  });
  try {
    const context = await browser.newContext();
    const seeds = Array.from({ length: options.seeds }, (_, i) => i + 1);
    const run = async (settings) => {
      const page = await context.newPage();
      page.on('console', (m) => {
        const text = m.text();
        if (text.startsWith('[bench] ')) console.log(`  ${elapsed()} s  ${text.slice(8)}`);
      });
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      await page.goto(`${server.url}/bench.html`);
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      const result = await page.evaluate((o) => window.graftBench.accuracy(o), {
        backbone: backboneUrl,
        size: options.size,
        dataset: datasetUrl,
        seeds,
        settings,
        fineTuneEpochs: options.fineTuneEpochs,
      });
      await page.close();
      return result;
    };
    const result = await run(options.settings);
    const report = deriveAccuracy({
      result,
      context: {
        dataset,
        seeds,
        machine: {
          fine_tune_epochs: options.fineTuneEpochs ?? 10,
          chromium: browser.version(),
          seconds: Math.round((Date.now() - startedAt) / 1000),
          load_average: [Number(loadBefore.toFixed(2)), Number(loadavg()[0].toFixed(2))],
        },
      },
    });
    printAccuracyTable(report);
    console.log(JSON.stringify(report));
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
