// The backbone the person picks is the one used (issue 25): a pick made while the last project is
// still being restored survives the restore, and a reload keeps it (per project, and across visits
// when the project is gone); the estimate line names the backbone selected and counts the cache;
// with a real backbone imported, generated weights are neither the default nor suggested.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { ASSETS_DIR, hasAssets, MISSING_ASSETS_REASON } from '../helpers/assets';
import { GraftPage } from './graftPage';

// 32 px images at input size 32, three epochs: the backbones' cheapest runs.
const PARAMS = { backend: 'wasm', size: '32', epochs: '3' };

/**
 * Opens the page and picks `value` in the backbone picker in the same task that finds the Projects
 * region still busy restoring, so the pick is certain to come before the restore ends. Returns
 * what it found: 'picked', or why it could not pick.
 */
async function pickWhileRestoring(page: Page, value: string): Promise<string> {
  await page.goto(`/?${new URLSearchParams(PARAMS)}`, { waitUntil: 'commit' });
  const found = await page.waitForFunction(
    (option) => {
      const select = [...document.querySelectorAll('select')].find(
        (s) => s.closest('label')?.querySelector('span')?.textContent === 'Backbone',
      );
      const region = document.querySelector('[aria-label="Projects"]');
      if (!select || !region) return null; // not rendered yet: poll again
      if (region.getAttribute('aria-busy') !== 'true') return 'the restore had already ended';
      select.value = option;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return 'picked';
    },
    value,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await found.jsonValue()) as string;
}

test('a backbone picked during the restore, and after it, is kept through reloads', async ({
  page,
}) => {
  page.on('dialog', (dialog) => void dialog.accept());
  const data = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-pick-')), 6, 32, 1, 3);
  const app = new GraftPage(page);
  await app.open(PARAMS);
  await expect(app.backbonePicker).toHaveValue('vgg16');
  await app.importFolder(data); // saved as a project, with VGG16
  await expect(page.getByTestId('project-row')).toHaveCount(1);

  expect(await pickWhileRestoring(page, 'mobilenetv2')).toBe('picked');
  await expect(app.projects).toHaveAttribute('aria-busy', 'false', { timeout: 60_000 });
  await expect(page.getByTestId('class-row')).toHaveCount(3); // the project came back…
  await expect(app.backbonePicker).toHaveValue('mobilenetv2'); // …and the pick stayed
  await expect(page.getByTestId('backbone')).toContainText('MobileNetV2');

  // The pick was saved into the project: a reload reopens it with MobileNetV2.
  await app.open(PARAMS);
  await expect(page.getByTestId('class-row')).toHaveCount(3);
  await expect(app.backbonePicker).toHaveValue('mobilenetv2');

  // A pick after the restore, then the project deleted: the next visit still has the last pick.
  await app.backbonePicker.selectOption('vgg16');
  await app.backbonePicker.selectOption('mobilenetv2');
  await page
    .getByTestId('project-row')
    .getByRole('button', { name: /^Delete / })
    .click();
  await expect(page.getByTestId('project-row')).toHaveCount(0);
  await app.open(PARAMS);
  await expect(page.getByTestId('class-row')).toHaveCount(0);
  await expect(app.backbonePicker).toHaveValue('mobilenetv2');
  await expect(page.getByTestId('backbone')).toContainText('MobileNetV2');
});

test('the estimate follows the backbone selected, counts the cache after a reload, and uses the measured speed', async ({
  page,
}) => {
  const data = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-cost-')), 6, 32, 1, 3);
  const app = new GraftPage(page);
  await app.open(PARAMS);
  await app.importFolder(data);
  // WASM was forced, so no benchmark ran: the speed is not known before the first extraction.
  await expect(app.costEstimate).toHaveText(
    'Extracting 18 new images with VGG16: its speed here is measured on the first batch.',
  );
  await app.backbonePicker.selectOption('mobilenetv2');
  await expect(app.costEstimate).toHaveText(
    'Extracting 18 new images with MobileNetV2: its speed here is measured on the first batch.',
  );
  await app.train();
  await expect(page.getByTestId('cache-summary')).toContainText('0 cached, 18 new');
  const allSaved = "All 18 images' features for MobileNetV2 are saved: nothing to extract.";
  await expect(app.costEstimate).toHaveText(allSaved);

  // After a reload: the cache is counted, not the first run's "0 cached, 18 new" read back.
  await app.open(PARAMS);
  await expect(app.backbonePicker).toHaveValue('mobilenetv2');
  await expect(app.costEstimate).toHaveText(allSaved);
  await expect(page.getByTestId('cache-summary')).toHaveCount(0);

  // One augmented view per training image (4 per class): 12 more, at the speed measured above.
  await app.openAdvanced();
  await page.getByLabel('Augmented views per training image (K)').selectOption('1');
  await expect(app.costEstimate).toHaveText(
    /^Extracting 12 new images with MobileNetV2 \(18 of 30 saved already\) takes (about \d+ s|under a second) on WASM.*, at the speed of the last extraction here\.$/,
  );
  await app.backbonePicker.selectOption('vgg16');
  await expect(app.costEstimate).toHaveText(
    'Extracting 30 new images with VGG16: its speed here is measured on the first batch.',
  );
});

test('with a real backbone imported, it is the default and the suggestion; generated weights are neither', async ({
  page,
}) => {
  test.skip(!hasAssets, MISSING_ASSETS_REASON);
  const data = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-real-')), 6, 32, 1, 3);
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm' });
  await app.backbonePicker.selectOption('import');
  await page
    .getByLabel('Backbone model folder')
    .setInputFiles(join(ASSETS_DIR, 'backbones', 'mobilenet-v2-0.35'));
  await page.getByRole('button', { name: 'Use this backbone' }).click();
  await expect(app.backbonePicker).toHaveValue(/^imported:/);
  const imported = await app.backbonePicker.inputValue();

  // Nothing remembered: the default is the real imported backbone, not VGG16's generated weights.
  await page.evaluate(() => localStorage.clear());
  await app.open({ backend: 'wasm' });
  await expect(app.backbonePicker).toHaveValue(imported);

  // Picked on purpose, VGG16 with generated weights is used; the real one is a click away.
  await app.backbonePicker.selectOption('vgg16');
  await app.importFolder(data);
  await expect(app.costEstimate).toContainText(
    'VGG16 has only generated (untrained) weights here: its features are random. mobilenet-v2-0.35 has real weights.',
  );
  await app.costEstimate.getByRole('button', { name: 'Use mobilenet-v2-0.35' }).click();
  await expect(app.backbonePicker).toHaveValue(imported);
  await expect(app.costEstimate).toHaveText(
    'Extracting 18 new images with mobilenet-v2-0.35: its speed here is measured on the first batch.',
  );
});
