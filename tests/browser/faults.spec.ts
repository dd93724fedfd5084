// Faults that must lose no work: a worker that dies mid-extraction, a full disk, a reload mid-run.
import { test, expect, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';

const PARAMS = { backend: 'wasm', size: '64', epochs: '3' };

function dataset(perClass: number, seed: number): string {
  return writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-faults-')), perClass, 48, seed);
}

/** Images done so far, read from the progress line ("12 / 90 images ..."). */
async function extractedCount(page: Page): Promise<number> {
  const text = await page
    .getByTestId('extract-progress')
    .innerText()
    .catch(() => '0 /');
  return Number(text.split('/')[0]!.replace(/[^\d]/g, '') || 0);
}

test('a worker killed mid-extraction is restarted and extraction resumes from the cache', async ({
  page,
}) => {
  const app = new GraftPage(page);
  await app.open(PARAMS);
  await app.importFolder(dataset(30, 11));
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => extractedCount(page), { timeout: 120_000 }).toBeGreaterThan(0);
  const saved = await extractedCount(page);

  const engineWorker = page.workers().find((w) => w.url().includes('engine.worker'));
  expect(engineWorker, 'the engine runs in a dedicated worker').toBeDefined();
  await engineWorker!.evaluate(() => self.close());

  await expect(page.getByText('stopped unexpectedly')).toBeVisible({ timeout: 30_000 });
  await expect(app.phase).toHaveText('done', { timeout: 180_000 });
  const summary = await page.getByTestId('cache-summary').innerText();
  const cached = Number(/(\d+) cached/.exec(summary)?.[1]);
  expect(cached).toBeGreaterThanOrEqual(saved);
  expect(summary).toContain(`${90 - cached} new`);
});
