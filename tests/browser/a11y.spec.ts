// Usable by everyone: axe-core in the page's main states (empty, dataset loaded, training, done)
// finds no serious or critical violation, and the dataset step works from the keyboard.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';

async function seriousViolations(page: Page, state: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${state}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violation when empty, loaded, training and done (${scheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const data = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-a11y-')), 8);
    const app = new GraftPage(page);
    await app.open({ backend: 'wasm', size: '32', epochs: '1000' });
    const found = await seriousViolations(page, 'empty');

    await app.importFolder(data);
    found.push(...(await seriousViolations(page, 'dataset loaded')));

    await page.getByLabel('Early-stop patience').fill('0');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(app.phase).toHaveText('training', { timeout: 120_000 });
    found.push(...(await seriousViolations(page, 'training')));

    await page.getByRole('button', { name: 'Stop (keep best model)' }).first().click();
    await app.waitForDone();
    found.push(...(await seriousViolations(page, 'done')));
    expect(found).toEqual([]);
  });
}

test('the dataset picker is reached with Tab and opened from the keyboard', async ({ page }) => {
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', size: '32' });
  const picker = page.getByLabel('Dataset folder');
  for (let i = 0; i < 30 && !(await picker.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(picker).toBeFocused();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  expect((await chooser).isMultiple()).toBe(true);
});
