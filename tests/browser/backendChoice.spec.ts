// The backend choice at first use (issue 14, "a quick first run"): a fresh profile with no
// ?backend= measures, shows its progress with its own ETA while it does (which backend, n of m,
// what the probes ruled out), picks a backend and remembers it; the next visit measures nothing. A
// forced backend is used as asked, software GPU or not. No wall-clock bound here: the benchmark
// (`npm run bench -- --choice-only`) times the choice.
import { test, expect, type Page } from '@playwright/test';
import { GraftPage } from './graftPage';

/** Every text the choice's status and the pinned progress bar showed, from the page's first script. */
async function recordChoiceTexts(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { choiceTexts: string[] }).choiceTexts = seen;
    const note = () => {
      for (const id of ['backend-choice', 'run-bar']) {
        const text = document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
        if (text && seen.at(-1) !== `${id}: ${text}`) seen.push(`${id}: ${text}`);
      }
    };
    new MutationObserver(note).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

const choiceTexts = (page: Page) =>
  page.evaluate(() => (window as unknown as { choiceTexts: string[] }).choiceTexts);

test('a fresh profile measures the backend with visible progress, picks WASM over SwiftShader and remembers it', async ({
  page,
}) => {
  await recordChoiceTexts(page);
  const app = new GraftPage(page);
  await app.open({ size: '32' }); // 'auto': the page loads VGG16 at once, so the choice runs now
  const backendDetail = page.getByTestId('backend').locator('xpath=..');
  await expect(backendDetail).toContainText(/ms\/image/, { timeout: 120_000 });
  await expect(app.backend).toHaveText('wasm');
  await expect(page.getByTestId('backend-choice')).toHaveCount(0);
  await expect(page.getByTestId('run-bar')).toHaveCount(0);

  const seen = await choiceTexts(page);
  // The status bar said what was being done, with the time left.
  expect(seen).toContainEqual(
    expect.stringMatching(
      /^backend-choice: choosing the fastest: loading the backbone on WASM \(1 of 1\) · (estimating time left…|about .* left|under a second left)$/,
    ),
  );
  // The pinned bar too, and that the probes ruled the software GPUs and plain JS out untimed.
  expect(seen).toContainEqual(
    expect.stringMatching(
      /^run-bar: Choosing the fastest backend.*loading the backbone on WASM \(1 of 1\); WebGPU, WebGL and plain JS ruled out \(cannot win here\).*left/,
    ),
  );
  // Nothing else was ever timed.
  expect(seen.join('\n')).not.toMatch(/(timing|loading the backbone on) (WebGPU|WebGL|plain JS)/);

  // The next visit reads the remembered choice: the same backend, no measurement.
  await page.reload();
  await expect(backendDetail).toContainText(/wasm.*ms\/image/, { timeout: 60_000 });
  expect((await choiceTexts(page)).filter((t) => t.startsWith('backend-choice'))).toEqual([]);
});

test('?backend= still forces a backend, a software GPU included, without measuring', async ({
  page,
}) => {
  await recordChoiceTexts(page);
  const app = new GraftPage(page);
  await app.open({ backend: 'webgl', size: '32' });
  await expect(app.backend).toHaveText('webgl');
  await expect(page.getByTestId('backbone')).toContainText('VGG16', { timeout: 120_000 });
  await expect(page.getByTestId('backend').locator('xpath=..')).toContainText('SwiftShader');
  expect((await choiceTexts(page)).filter((t) => t.startsWith('backend-choice'))).toEqual([]);
});
