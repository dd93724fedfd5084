// What a person just asked for comes into view with focus on it, on a phone's screen where it is
// farthest away: the backbone import panel, the result when training ends, and the result of the
// project a reload brings back (issue 25: the panel opened 1,800 px below, the page sat on the
// charts above the result, a reload opened at the top).
import { test, expect, type Locator } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';

test.use({ viewport: { width: 390, height: 844 } });

/** In view (its box within the screen's height) and holding the keyboard focus. */
async function shownWithFocus(target: Locator) {
  await expect(target).toBeFocused();
  await expect(target).toBeInViewport();
  const box = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight };
  });
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.bottom).toBeLessThanOrEqual(box.height);
}

test('the import panel, the result after training and after a reload come into view with focus', async ({
  page,
}) => {
  const data = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-reveal-')), 6);
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', size: '32', epochs: '3' });

  await page.getByRole('combobox', { name: 'Backbone', exact: true }).selectOption('import');
  await shownWithFocus(page.getByRole('heading', { name: 'Import a backbone' }));
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  await app.importFolder(data);
  // Train clicked from the top of the page: the charts come into view, and then the result.
  await page.evaluate(() => window.scrollTo(0, 0));
  await app.train();
  const results = page.getByRole('heading', { name: '3. How good is it?' });
  await shownWithFocus(results);
  // The accuracy sits right under the heading, on the same screen.
  await expect(app.testAccuracy).toBeInViewport();

  await page.evaluate(() => window.scrollTo(0, 0));
  await app.open({ backend: 'wasm', size: '32' });
  await shownWithFocus(results);
  await expect(app.testAccuracy).toBeInViewport();
});
