// Label assist through the app's own UI, in real Chromium with the real worker and IndexedDB: a
// small flowers-dev folder with three classes and an `unlabeled` subfolder, MobileNetV2-0.35
// features, Train, then photos labelled by keyboard, one skipped, one undone, the rest accepted by
// threshold (the preview's count checked against the grid), a retrain after N labels, and a reload
// that finds the pool, the decisions and the count as they were.
import { test, expect, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSETS_DIR, hasAssets, MISSING_ASSETS_REASON } from '../helpers/assets';
import { GraftPage } from './graftPage';
import { serveMobileNetDescriptor } from './mobileNetDescriptor';

test.skip(!hasAssets, MISSING_ASSETS_REASON);

const descriptorUrl = serveMobileNetDescriptor();
const CLASSES = ['daisy', 'dandelion', 'sunflowers'];
const LABELLED_PER_CLASS = 8;
const UNLABELED_PER_CLASS = 5;

/** Three classes of 8 photos, and 15 other photos of the same classes in `unlabeled/`. */
function smallFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'graft-label-'));
  mkdirSync(join(dir, 'unlabeled'));
  for (const cls of CLASSES) {
    mkdirSync(join(dir, cls));
    const files = readdirSync(join(ASSETS_DIR, 'datasets/flowers-dev', cls)).sort();
    files.slice(0, LABELLED_PER_CLASS).forEach((name) => {
      copyFileSync(join(ASSETS_DIR, 'datasets/flowers-dev', cls, name), join(dir, cls, name));
    });
    files.slice(LABELLED_PER_CLASS, LABELLED_PER_CLASS + UNLABELED_PER_CLASS).forEach((name) => {
      copyFileSync(
        join(ASSETS_DIR, 'datasets/flowers-dev', cls, name),
        join(dir, 'unlabeled', name),
      );
    });
  }
  return dir;
}

/** Every suggestion's path, suggested class and probability, in grid order. */
function suggestionsOf(page: Page) {
  return page.getByTestId('suggestion').evaluateAll((els) =>
    els.map((e) => ({
      path: e.getAttribute('data-path')!,
      suggested: e.getAttribute('data-suggested')!,
      probability: Number(e.getAttribute('data-probability')),
      uncertainty: Number(e.getAttribute('data-uncertainty')),
    })),
  );
}

test('unlabelled photos: keyboard labels, accept by threshold, retrain, and a reload keeps it all', async ({
  page,
}) => {
  test.setTimeout(20 * 60_000);
  const dir = smallFolder();
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', backbone: descriptorUrl() });
  await app.importFolder(dir);
  // The `unlabeled` folder is the pool, not a class.
  await expect(page.getByTestId('class-row')).toHaveCount(CLASSES.length);
  const count = page.getByTestId('unlabeled-count');
  const total = CLASSES.length * UNLABELED_PER_CLASS;
  await expect(count).toHaveText(String(total));

  await app.train(600_000);
  const suggestion = page.getByTestId('suggestion');
  await expect(suggestion).toHaveCount(total, { timeout: 300_000 });
  const first = await suggestionsOf(page);
  // Most uncertain first, and the other way round at the toggle.
  for (let i = 1; i < first.length; i++)
    expect(first[i]!.uncertainty).toBeLessThanOrEqual(first[i - 1]!.uncertainty);
  for (const s of first) expect(CLASSES).toContain(s.suggested);
  await page.getByRole('button', { name: 'Most confident first' }).click();
  const confident = await suggestionsOf(page);
  expect(confident.map((s) => s.path)).toEqual([...first.map((s) => s.path)].reverse());
  await page.getByRole('button', { name: 'Most uncertain first' }).click();

  // Keyboard: 2 labels the first photo "dandelion"; Enter accepts the next one's suggestion;
  // Backspace skips the third; 1 labels the fourth "daisy", and u undoes that.
  const grid = page.getByTestId('label-grid');
  await grid.focus();
  await page.keyboard.press('2');
  await expect(count).toHaveText(String(total - 1));
  await page.keyboard.press('Enter');
  await expect(count).toHaveText(String(total - 2));
  await page.keyboard.press('Backspace');
  await expect(page.locator(`[data-path="${first[2]!.path}"]`)).toHaveAttribute(
    'data-status',
    'skipped',
  );
  await page.keyboard.press('1');
  await expect(count).toHaveText(String(total - 3));
  await page.keyboard.press('u');
  await expect(count).toHaveText(String(total - 2));
  await expect(page.locator(`[data-path="${first[3]!.path}"]`)).toHaveCount(1);

  // Accept by threshold: the preview's count is the grid's count at or above it, before applying.
  const open = await suggestionsOf(page);
  const probabilities = open.map((s) => s.probability).sort((a, b) => b - a);
  // At least 8 more labels (10 with the two above, the retrain default) and some photos left over.
  const threshold = Math.floor(probabilities[Math.min(9, probabilities.length - 3)]! * 100);
  await page.getByLabel('At or above (%)').fill(String(threshold));
  const expected = open.filter((s) => s.probability >= threshold / 100).length;
  expect(expected).toBeGreaterThanOrEqual(8);
  const preview = page.getByTestId('accept-preview');
  await expect(preview).toContainText(`${expected} photos at or above ${threshold}%`);
  await expect(preview).toContainText(/held-out image/);
  await page.getByRole('button', { name: 'Accept suggestions' }).click();
  await expect(count).toHaveText(String(total - 2 - expected));

  // Ten labels or more: the head retrains on its own and the page shows the test accuracy moving.
  await expect(page.getByTestId('label-accuracy')).toContainText(/Test accuracy .+ → .+/, {
    timeout: 600_000,
  });
  await app.waitForDone(600_000);
  const left = total - 2 - expected;
  await expect(suggestion).toHaveCount(left, { timeout: 300_000 });

  // The accepted ones are marked as such, and one can be undone from that list.
  const show = page.getByRole('combobox', { name: 'Show' });
  await show.selectOption('accepted');
  const decided = page.getByTestId('decided');
  await expect(decided.filter({ hasText: 'accepted by threshold' })).toHaveCount(expected);
  await decided.first().getByRole('button', { name: 'Undo' }).click();
  await expect(count).toHaveText(String(left + 1));
  await show.selectOption('open');

  // A reload finds the pool, every decision and the count as they were.
  const before = await page
    .locator('[data-testid="label-grid"] [role="option"]')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-path')}:${e.getAttribute('data-status')}`),
    );
  await app.open({ backend: 'wasm', backbone: descriptorUrl() });
  await expect(count).toHaveText(String(left + 1));
  await expect(page.getByTestId('class-row')).toHaveCount(CLASSES.length);
  await expect(page.locator('[data-testid="label-grid"] [role="option"]')).toHaveCount(
    before.length,
  );
  const after = await page
    .locator('[data-testid="label-grid"] [role="option"]')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-path')}:${e.getAttribute('data-status')}`),
    );
  expect(new Set(after)).toEqual(new Set(before));
  await expect(page.locator(`[data-path="${first[2]!.path}"]`)).toHaveAttribute(
    'data-status',
    'skipped',
  );
  await show.selectOption('accepted');
  await expect(decided.filter({ hasText: 'accepted by threshold' })).toHaveCount(expected - 1);
  await expect(decided.filter({ hasText: 'suggestion accepted' })).toHaveCount(1);
});
