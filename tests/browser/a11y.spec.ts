// Usable by everyone: axe-core in the page's main states (empty, dataset loaded, training, done)
// finds no serious or critical violation, the dataset step works from the keyboard, and on a
// phone's 390 px no state is wider than the screen or breaks a serious axe rule there.
import { test, expect, type FileChooser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testChromiumArgs } from '../../playwright.config';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';
import { horizontalOverflow } from './pageProbes';

// Chromium's own fake camera (a moving test pattern), so the webcam panel opens live. For the whole
// file: a browser's launch options are per worker, which a describe group cannot set.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      ...testChromiumArgs,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
    ],
  },
});

// What a colour scheme can change: the contrast of text, and links told apart by colour alone.
// Every other rule reads the DOM, which is the same in both schemes.
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

async function seriousViolations(
  page: Page,
  state: string,
  rules?: readonly string[],
): Promise<string[]> {
  // Legacy mode: axe.run in the page itself. The default opens a new tab for every analysis and
  // injects axe-core there again to finish the run (meant for cross-origin frames, which the app
  // has none of): about 1.3 of the 1.5-1.8 s of each analysis here, the same violations found.
  // Only violations are collected: passes and the rest, never read, cost time to build and send.
  const axe = new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] });
  // withRules after options(), which replaces every option set before it.
  const results = await (rules ? axe.withRules([...rules]) : axe).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${state}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/**
 * Waits for the colour transitions a scheme change starts (the drop zone fades its background over
 * 150 ms): axe measuring contrast mid-fade would report colours nobody sees for long.
 */
async function transitionsSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const fading = document.getAnimations().filter((a) => a instanceof CSSTransition);
    await Promise.all(fading.map((a) => a.finished.catch(() => undefined)));
  });
}

/**
 * The page's current state in both colour schemes (one run through the states serves both): every
 * rule in light, the colour rules again in dark.
 */
async function seriousInBothSchemes(page: Page, state: string): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await transitionsSettled(page);
    const rules = scheme === 'dark' ? COLOUR_RULES : undefined;
    found.push(...(await seriousViolations(page, `${state} (${scheme})`, rules)));
  }
  return found;
}

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 720 };

/** Lets a change of viewport settle: layout, then what resize observers redraw (the charts). */
async function framesSettled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  });
}

// One walk through the states serves both screens (one profile, one import, one training run): at
// each state the page is checked at 1280 px (every rule in light, the colour rules in dark) where
// the state has a desktop check, then at 390 px, where nothing may be wider than the screen and no
// serious rule may break (a table that scrolls sideways, a target squeezed small). The page opens and
// reopens at 390 px, as a phone would.
test.describe('at 1280 px and on a 390 px phone', () => {
  test.use({ viewport: PHONE });

  test('no serious or critical axe violation empty, loaded, training and done, light and dark; at 390 px in every state (reopened and webcam too) nothing is wider than the screen', async ({
    page,
  }) => {
    test.setTimeout(480_000); // the two tests' limits it replaces, together
    const data = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-a11y-')), 8);
    const app = new GraftPage(page);
    const found: string[] = [];
    const check = async (state: string, { desktop }: { desktop: boolean }) => {
      if (desktop) {
        await page.setViewportSize(DESKTOP);
        await framesSettled(page);
        found.push(...(await seriousInBothSchemes(page, state)));
        await page.emulateMedia({ colorScheme: 'light' });
        await transitionsSettled(page);
        await page.setViewportSize(PHONE);
        await framesSettled(page);
      }
      found.push(...(await horizontalOverflow(page)).map((what) => `${state}: ${what}`));
      found.push(...(await seriousViolations(page, `${state} at 390 px`)));
    };

    await app.open({ backend: 'wasm', size: '32', epochs: '1000' });
    await check('empty', { desktop: true });
    await app.importFolder(data);
    await expect(page.getByTestId('project-row')).toHaveCount(1);
    await check('dataset loaded, saved as a project', { desktop: true });

    await app.openAdvanced();
    await check('advanced settings open', { desktop: true });
    await page.getByLabel('Early-stop patience').fill('0');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect(app.phase).toHaveText('training', { timeout: 120_000 });
    await expect(page.getByTestId('chart-loss')).toBeVisible();
    await check('training', { desktop: true });

    await page.getByRole('button', { name: 'Stop (keep best model)' }).first().click();
    await app.waitForDone();
    await expect(page.getByTestId('runs-table')).toBeVisible();
    await check('done', { desktop: true });

    await app.open({ backend: 'wasm', size: '32' });
    await expect(app.testAccuracy).toBeVisible();
    await check('the saved project reopened', { desktop: false });

    await page.getByRole('button', { name: 'Webcam', exact: true }).click();
    await expect(page.getByTestId('webcam-top')).toBeVisible({ timeout: 60_000 });
    await check('webcam open', { desktop: false });
    expect(found).toEqual([]);
  });
});

test('the dataset picker is reached with Tab and opened from the keyboard', async ({ page }) => {
  // Listening before the page opens turns on the browser's file-chooser interception well ahead of
  // the key press: started only just before it (waitForEvent), it raced the press on a busy machine.
  const chooser = new Promise<FileChooser>((resolve) => page.once('filechooser', resolve));
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', size: '32' });
  const picker = page.getByLabel('Dataset folder');
  for (let i = 0; i < 30 && !(await picker.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(picker).toBeFocused();
  await page.keyboard.press('Space');
  expect((await chooser).isMultiple()).toBe(true);
});
