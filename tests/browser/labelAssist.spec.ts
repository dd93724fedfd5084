// Label assist through the app's own UI, in real Chromium with the real worker and IndexedDB: a
// small flowers-dev folder with three classes and an `unlabeled` subfolder, MobileNetV2-0.35
// features, Train, then photos labelled by keyboard, one skipped, one undone, the rest accepted by
// threshold (the preview's count checked against the grid), a retrain after N labels in the
// background (the results never leave the page), Export features listing the labels made here, axe
// on the panel at 1280 and 390 px, and a reload that finds the pool, the decisions and the count as
// they were.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { unzipSync } from 'fflate';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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

/** Serious or critical axe findings in the label assist panel (its grid, a listbox, among them). */
async function axeFindings(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include('section[aria-labelledby="label-assist"]')
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${where}: ${v.id} ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** Records, from now on, every phase the page shows and whether the results step ever went away. */
function watchPage(page: Page) {
  return page.evaluate(() => {
    const seen = new Set<string>();
    const note = () => {
      seen.add(`phase:${document.querySelector('[data-testid="phase"]')?.textContent ?? ''}`);
      if (!document.getElementById('step-results')) seen.add('results gone');
      if (document.querySelector('[data-testid="retraining"]')) seen.add('retraining shown');
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    (window as unknown as { graftSeen: Set<string> }).graftSeen = seen;
  });
}
const seenOnPage = (page: Page) =>
  page.evaluate(() => [...(window as unknown as { graftSeen: Set<string> }).graftSeen].sort());

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
  // Axe on the panel with its grid, at 1280 px and on a 390 px phone.
  const findings: string[] = [];
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    findings.push(...(await axeFindings(page, `${width} px`)));
  }
  expect(findings).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('button', { name: 'Most confident first' }).click();
  const confident = await suggestionsOf(page);
  expect(confident.map((s) => s.path)).toEqual([...first.map((s) => s.path)].reverse());
  await page.getByRole('button', { name: 'Most uncertain first' }).click();

  // Keyboard: 2 labels the first photo "dandelion"; Enter accepts the next one's suggestion;
  // Backspace skips the third; 1 labels the fourth "daisy", and u undoes that. A key that can do
  // nothing (there is no class 9) says so instead.
  const grid = page.getByTestId('label-grid');
  await grid.focus();
  await page.keyboard.press('9');
  await expect(page.getByTestId('grid-hint')).toHaveText(/^There is no class 9: the keys go up to/);
  await expect(count).toHaveText(String(total));
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
  await watchPage(page);
  await page.getByRole('button', { name: 'Accept suggestions' }).click();
  await expect(count).toHaveText(String(total - 2 - expected));

  // Ten labels or more: the head retrains on its own, in the background (the phase stays done and
  // the results step stays on the page), and the page shows the test accuracy moving.
  await expect(page.getByTestId('label-accuracy')).toContainText(/Test accuracy .+ → .+/, {
    timeout: 600_000,
  });
  await expect(page.getByTestId('retraining')).toHaveCount(0, { timeout: 60_000 });
  await app.waitForDone(600_000);
  expect(await seenOnPage(page)).toEqual(['phase:done', 'retraining shown']);
  const left = total - 2 - expected;
  await expect(suggestion).toHaveCount(left, { timeout: 300_000 });

  // The accepted ones are marked as such, and one can be undone from that list.
  const show = page.getByRole('combobox', { name: 'Show' });
  await show.selectOption('accepted');
  const decided = page.getByTestId('decided');
  await expect(decided.filter({ hasText: 'accepted by threshold' })).toHaveCount(expected);
  // Export features lists every label made here under its class (as ordinary images of it).
  const labelled = await decided.evaluateAll((els) =>
    els.map((e) => ({
      file: e.getAttribute('data-path')!.split('/').pop()!,
      cls: e.querySelector('strong')!.textContent!,
    })),
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export features/ }).click();
  const zip = join(mkdtempSync(join(tmpdir(), 'graft-label-dl-')), 'features.zip');
  await (await download).saveAs(zip);
  const rows = new TextDecoder()
    .decode(unzipSync(readFileSync(zip))['labels.csv'])
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const classOfFile = new Map(rows.slice(1).map(([file, , cls]) => [file, cls]));
  for (const { file, cls } of labelled) expect(classOfFile.get(`${cls}/${file}`)).toBe(cls);
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
