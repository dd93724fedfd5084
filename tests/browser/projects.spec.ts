// Projects and model files in real Chromium, the real worker and IndexedDB: a reload restores the
// project; a second project leaves the first alone; deleting frees storage and keeps the features
// another project uses; both exported models (the image-in model and the head alone) imported into a
// fresh browser profile predict the same; the image-in model in a plain page that loads only
// TensorFlow.js gives the app's probabilities.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';
import { plainPageProbabilities } from './plainPage';

const PARAMS = { backend: 'wasm', size: '32', epochs: '6' };

async function probabilities(page: Page, image: string): Promise<Map<string, number>> {
  await page.getByLabel('Image to classify').setInputFiles(image);
  return shownProbabilities(page);
}

/** The single-image prediction on the page, by class. */
async function shownProbabilities(page: Page): Promise<Map<string, number>> {
  const items = page.getByTestId('prediction').getByRole('listitem');
  await expect(items).toHaveCount(3);
  const pairs = await items.evaluateAll((lis) =>
    lis.map((li) => [li.getAttribute('data-class')!, Number(li.getAttribute('data-probability'))]),
  );
  return new Map(pairs as [string, number][]);
}

const maxDiff = (a: Map<string, number>, b: Map<string, number>) =>
  Math.max(...[...a].map(([k, v]) => Math.abs(v - (b.get(k) ?? Number.POSITIVE_INFINITY))));

/** Names of the last predictions kept in the app's IndexedDB, one per project that has one. */
function savedPredictions(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('graft');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('projects').objectStore('projects').getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            open.result.close();
            const records = read.result as { lastPrediction?: { name: string } | null }[];
            resolve(records.flatMap((r) => (r.lastPrediction ? [r.lastPrediction.name] : [])));
          };
        };
      }),
  );
}

async function usage(page: Page): Promise<number> {
  return page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
}

test('a reload restores the project; a second one leaves it alone; deleting frees storage and keeps shared features', async ({
  page,
}) => {
  page.on('dialog', (dialog) => void dialog.accept());
  // 160 px images: big enough that storage figures move when they are deleted.
  const first = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-p1-')), 6, 160, 1);
  const second = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-p2-')), 6, 160, 2);
  const app = new GraftPage(page);
  await app.open(PARAMS);
  const usageLine = page.getByTestId('projects-usage');
  await expect(usageLine).toHaveText(
    'Each folder you add becomes a project, kept in this browser.',
  );
  await app.importFolder(first);
  await app.train();
  await expect(usageLine).toHaveText(/^\d+(\.\d)? (B|KB|MB|GB) in all$/);
  const accuracy = await app.testAccuracy.innerText();
  const points = await page.getByTestId('chart-loss').getAttribute('data-points');
  const image = join(first, 'circles', 'circles-0.png');
  const before = await probabilities(page, image);
  const run = await page.getByTestId('run-row').innerText();
  // The whole wait from the click, then its parts.
  await expect(page.getByTestId('run-time')).toHaveText(/^.+ \(extract .+, train .+\)$/);
  // The prediction is kept behind the page (a thumbnail, then a write): reload once it is there.
  await expect.poll(() => savedPredictions(page)).toEqual(['circles-0.png']);

  await page.reload();
  await expect(app.phase).toHaveText('done', { timeout: 60_000 });
  await expect(app.testAccuracy).toHaveText(accuracy);
  // The runs table and the last prediction, with its thumbnail, came back with the project.
  await expect(page.getByTestId('run-row')).toHaveText(run, { useInnerText: true });
  expect(await shownProbabilities(page)).toEqual(before);
  await expect(
    page
      .getByTestId('prediction')
      .locator('xpath=../..')
      .getByRole('img', { name: 'circles-0.png' }),
  ).toHaveAttribute('src', /^blob:/);
  await expect(page.getByTestId('class-row')).toHaveCount(3);
  await expect(page.getByTestId('chart-loss')).toHaveAttribute('data-points', points!);
  await expect(page.getByTestId('confusion-matrix').getByRole('button')).toHaveCount(9);
  expect(maxDiff(before, await probabilities(page, image))).toBeLessThan(1e-6);

  // A second project, then back to the first: unchanged.
  await app.importFolder(second);
  await app.train();
  const rows = page.getByTestId('project-row');
  await expect(rows).toHaveCount(2);
  await rows
    .filter({ hasText: 'graft-p1-' })
    .getByRole('button', { name: /^Open / })
    .click();
  await expect(app.testAccuracy).toHaveText(accuracy);
  await expect(app.phase).toHaveText('done');

  // Deleting the second project frees its images and features.
  const full = await usage(page);
  await rows
    .filter({ hasText: 'graft-p2-' })
    .getByRole('button', { name: /^Delete / })
    .click();
  await expect(rows).toHaveCount(1);
  await expect.poll(() => usage(page), { timeout: 60_000 }).toBeLessThan(full);

  // A copy shares the first project's images and features: deleting the original keeps them.
  await rows.getByRole('button', { name: /^Duplicate / }).click();
  await expect(rows).toHaveCount(2);
  await rows
    .filter({ hasNotText: '(copy)' })
    .getByRole('button', { name: /^Delete / })
    .click();
  await expect(rows).toHaveCount(1);
  await rows.getByRole('button', { name: /^Open / }).click();
  await expect(page.getByTestId('class-row')).toHaveCount(3);
  // The copy's model and results land after its dataset, and bringing them into view moves the
  // page: a Train clicked before that can land on whatever scrolled under the pointer (seen in CI:
  // no run started). Wait for the whole project, as after the Open above.
  await expect(app.testAccuracy).toHaveText(accuracy);
  await expect(app.phase).toHaveText('done');
  await app.train();
  await expect(page.getByTestId('cache-summary')).toContainText('18 cached, 0 new');
});

test('export, then import into a fresh profile: same predictions; the image-in model runs in a plain TensorFlow.js page', async ({
  page,
  browser,
}) => {
  // 32 px images at input size 32: no resizing, so a plain page sees exactly the app's pixels.
  const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-exp-')), 6, 32, 3);
  const image = join(dir, 'vertical stripes', 'vertical-stripes-1.png');
  const app = new GraftPage(page);
  await app.open(PARAMS);
  await app.importFolder(dir);
  await app.train();
  const inApp = await probabilities(page, image);

  const save = async (button: string) => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: button, exact: true }).click();
    const file = join(
      mkdtempSync(join(tmpdir(), 'graft-dl-')),
      (await download).suggestedFilename(),
    );
    await (await download).saveAs(file);
    return file;
  };
  // Generated weights: said before the click, and the buttons still download at once.
  await expect(page.getByTestId('export-warning')).toContainText('generated (untrained) weights');
  const full = await save('Export model');
  const classifier = await save('Export head only (takes features)');
  // Named after the project (the folder's name) and what each file is.
  expect(basename(full)).toMatch(/^graft-exp-\w+-model\.zip$/);
  expect(basename(classifier)).toMatch(/^graft-exp-\w+-head-only\.zip$/);

  // A fresh profile: its own storage, nothing of the first.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherApp = new GraftPage(other);
  await otherApp.open(PARAMS);
  await other.getByLabel('Import model').setInputFiles(classifier);
  await expect(other.getByTestId('project-row')).toHaveCount(1, { timeout: 60_000 });
  await expect(otherApp.phase).toHaveText('done');
  expect(maxDiff(inApp, await probabilities(other, image))).toBeLessThan(1e-5);
  // What "Export model" gave comes back too: its head, on this browser's same backbone.
  await other.getByLabel('Import model').setInputFiles(full);
  await expect(other.getByTestId('project-row')).toHaveCount(2, { timeout: 60_000 });
  await expect(other.getByText(`Imported ${basename(full)}`)).toBeVisible();
  await expect(otherApp.phase).toHaveText('done');
  expect(maxDiff(inApp, await probabilities(other, image))).toBeLessThan(1e-5);

  // The full model in a page with TensorFlow.js alone.
  const files = unzipSync(readFileSync(full));
  const fromPlain = await plainPageProbabilities(other, files, image);
  expect(maxDiff(inApp, fromPlain)).toBeLessThan(1e-4);
  await fresh.close();
});
