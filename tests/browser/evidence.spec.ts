// "Show evidence" end to end in real Chromium and its real worker: the heatmap of a misclassified
// test image (and of a confusion-matrix cell's image, a class's least typical training photo, a
// Check data finding and a new image's prediction), another class on request ("why not ...?"),
// another layer (kept for the next image), and the webcam's switch over live frames from the fake
// camera. VGG16 with generated weights at 64 px on WASM: cheap, and its block5_pool map is 2x2,
// enough for a peak off a single cell.
import { test, expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs } from '../../playwright.config';
import { lighterChromium } from '../../scripts/lib/chromiumFeatures.mjs';
import { encodePng } from '../helpers/png';
import { writeY4m } from '../helpers/y4m';
import { mulberry32 } from '../../src/ml/random';
import { GraftPage } from './graftPage';
import { horizontalOverflow } from './pageProbes';

const SIZE = 64;
const PER_CLASS = 10;
const OPTIONS = { backend: 'wasm', size: String(SIZE), epochs: '10' };
const dir = mkdtempSync(join(tmpdir(), 'graft-evidence-'));

type Rgb = readonly [number, number, number];

/** A square of `colour` on a grey background, at a random place: somewhere for evidence to point. */
function drawSquare(colour: Rgb, random: () => number): Uint8Array {
  const pixels = new Uint8Array(SIZE * SIZE * 3);
  const side = 20 + Math.floor(random() * 12);
  const [x0, y0] = [Math.floor(random() * (SIZE - side)), Math.floor(random() * (SIZE - side))];
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
      for (let c = 0; c < 3; c++)
        pixels[(y * SIZE + x) * 3 + c] = (inside ? colour[c]! : 120) + Math.floor(random() * 10);
    }
  }
  return pixels;
}

const YELLOW: Rgb = [235, 215, 40];
/**
 * Three classes drawn alike (yellow squares) and one apart (blue): the model cannot tell the yellow
 * ones apart, so some of their held-out images are misclassified, whatever the split.
 */
const CLASSES: Record<string, Rgb> = {
  blue: [40, 60, 230],
  'yellow-a': YELLOW,
  'yellow-b': YELLOW,
  'yellow-c': YELLOW,
};

function writeDataset(): string {
  const root = mkdtempSync(join(dir, 'dataset-'));
  const random = mulberry32(11);
  for (const [name, colour] of Object.entries(CLASSES)) {
    mkdirSync(join(root, name));
    for (let i = 0; i < PER_CLASS; i++)
      writeFileSync(
        join(root, name, `${name}-${i}.png`),
        encodePng(SIZE, SIZE, drawSquare(colour, random)),
      );
  }
  return root;
}

function cameraVideo(): string {
  const random = mulberry32(7);
  const frames = Array.from({ length: 20 }, () => drawSquare(YELLOW, random));
  return writeY4m(join(dir, 'camera.y4m'), SIZE * 2, SIZE * 2, frames.map(upscale));
}

/** A frame twice the size (the camera's picture need not be the model's input size). */
function upscale(pixels: Uint8Array): Uint8Array {
  const out = new Uint8Array(SIZE * 2 * SIZE * 2 * 3);
  for (let y = 0; y < SIZE * 2; y++)
    for (let x = 0; x < SIZE * 2; x++)
      for (let c = 0; c < 3; c++)
        out[(y * SIZE * 2 + x) * 3 + c] = pixels[((y >> 1) * SIZE + (x >> 1)) * 3 + c]!;
  return out;
}

test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      ...lighterChromium(chromiumArgs),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${cameraVideo()}`,
    ],
  },
});

/** The heatmap's attributes, checked: a class of the dataset, a layer, the peak inside the photo. */
async function expectSaneHeatmap(
  heatmap: Locator,
  className?: string,
  layer = 'block5_pool',
): Promise<string> {
  await expect(heatmap).toBeVisible({ timeout: 120_000 });
  const shown = (await heatmap.getAttribute('data-class')) ?? '';
  expect(Object.keys(CLASSES)).toContain(shown);
  if (className) expect(shown).toBe(className);
  expect(await heatmap.getAttribute('data-layer')).toBe(layer);
  for (const axis of ['x', 'y']) {
    const value = Number(await heatmap.getAttribute(`data-peak-${axis}`));
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  return shown;
}

/** Trains on a fresh dataset; returns its folder. */
async function trained(page: Page): Promise<string> {
  const app = new GraftPage(page);
  const root = writeDataset();
  await app.open(OPTIONS);
  await app.importFolder(root);
  await app.train();
  return root;
}

test('Show evidence on a misclassified test image, why not another class, a confusion cell, the webcam', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const root = await trained(page);
  const wrong = page.getByTestId('misclassified').getByRole('figure').first();
  const truth = (await wrong.locator('figcaption span').first().innerText()).trim();
  await wrong.getByRole('button', { name: 'Show evidence' }).click();
  const dialog = page.getByRole('dialog');
  const heatmap = dialog.getByTestId('heatmap');
  const predicted = await expectSaneHeatmap(heatmap);
  expect(predicted).not.toBe(truth); // a wrong image: the evidence is for the class it was given
  await expect(dialog.getByRole('img', { name: /.png$/ })).toBeVisible(); // the photo under it
  expect(await horizontalOverflow(page)).toEqual([]);
  // Legacy mode, violations only: as in a11y.spec.ts (no extra tab per analysis).
  const axe = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] })
    .include('dialog')
    .analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // "Why not <its true class>?": the map for that class instead.
  const select = dialog.getByLabel('Explain class');
  const option = select.locator('option', { hasText: `why not ${truth}?` });
  await select.selectOption((await option.getAttribute('value'))!);
  await expect(heatmap).toHaveAttribute('data-class', truth, { timeout: 60_000 });
  await expectSaneHeatmap(heatmap, truth);
  // Another layer: the map is recomputed on it, for the same class; the layer shown is the one used.
  const layer = dialog.getByLabel('Layer', { exact: true });
  await expect(layer).toHaveValue('block5_pool');
  await expect(layer.locator('option')).toContainText(['block5_pool', 'block5_conv3']);
  await layer.selectOption('block5_conv3');
  await expect(heatmap).toHaveAttribute('data-layer', 'block5_conv3', { timeout: 60_000 });
  await expectSaneHeatmap(heatmap, truth, 'block5_conv3');
  await dialog.getByLabel('Heatmap opacity').fill('20');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // A confusion-matrix cell: its images, each with Show evidence.
  await page
    .getByRole('button', { name: new RegExp(`^\\d+ ${truth} predicted as ${predicted}$`) })
    .click();
  const cell = page.getByRole('region', { name: 'Images in the selected cell' });
  await cell.getByRole('button', { name: 'Show evidence' }).first().click();
  // The layer chosen last is kept for the next image; back to the default here.
  const cellMap = page.getByRole('dialog').getByTestId('heatmap');
  await expectSaneHeatmap(cellMap, predicted, 'block5_conv3');
  await page.getByRole('dialog').getByLabel('Layer', { exact: true }).selectOption('block5_pool');
  await expect(cellMap).toHaveAttribute('data-layer', 'block5_pool', { timeout: 60_000 });
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // Per class, at a glance: the odd ones out of a class, explained for that class.
  const glance = page.getByTestId('at-a-glance');
  await glance.getByRole('button', { name: 'Show typical and odd photos' }).click();
  const blue = glance.getByRole('heading', { name: 'blue' }).locator('..');
  await expect(blue.getByRole('figure')).toHaveCount(6, { timeout: 60_000 }); // 3 most, 3 least
  await blue.getByRole('button', { name: 'Show evidence' }).last().click();
  await expectSaneHeatmap(page.getByRole('dialog').getByTestId('heatmap'), 'blue');
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // A Check data finding (three classes drawn alike: their labels are suspects).
  await page.getByRole('button', { name: 'Check data', exact: true }).click();
  const findings = page.getByTestId('findings');
  const finding = findings.getByTestId('finding').first();
  await expect(finding).toBeVisible({ timeout: 120_000 });
  await finding.getByRole('button', { name: 'Show evidence' }).click();
  await expectSaneHeatmap(page.getByRole('dialog').getByTestId('heatmap'));
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // A new image's prediction: the evidence is for the class it predicts.
  await page.getByLabel('Image to classify').setInputFiles(join(root, 'blue', 'blue-0.png'));
  const prediction = page.getByTestId('prediction');
  await expect(prediction.getByRole('listitem')).toHaveCount(3, { timeout: 60_000 }); // its top 3
  const top = (await prediction.getByRole('listitem').first().getAttribute('data-class'))!;
  await prediction.locator('..').getByRole('button', { name: 'Show evidence' }).click();
  await expectSaneHeatmap(page.getByRole('dialog').getByTestId('heatmap'), top);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // The webcam: the switch lays the heatmap over live frames; its cost is measured both ways.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Webcam', exact: true }).click();
  const panel = page.getByTestId('webcam-panel');
  const cost = panel.getByTestId('evidence-cost');
  await expect(cost).toHaveAttribute('data-fps-without', /^\d/, { timeout: 120_000 });
  await panel.getByRole('switch', { name: 'Show evidence' }).check();
  await expectSaneHeatmap(panel.getByTestId('heatmap'));
  await expect(cost).toHaveAttribute('data-fps-with', /^\d/, { timeout: 120_000 });
  expect(Number(await cost.getAttribute('data-fps-with'))).toBeGreaterThan(0);
  await panel.getByRole('switch', { name: 'Show evidence' }).uncheck();
  await expect(panel.getByTestId('heatmap')).toHaveCount(0);
});
