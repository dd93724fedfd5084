// Updates on the production build: build A is served and used, then build B is served at the same
// address. The page offers B instead of switching by itself; accepted during an extraction it waits
// for the run to end; after the reload into B, the work done under A is all there.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';
import { buildInto, startPreview, type PreviewServer } from './previewServer';
import { firstPage, openProfile, waitForServiceWorker } from './pwaProfile';

const QUICK = { backend: 'wasm', size: '32', epochs: '6' };
const LABEL_B = 'update-test-b';
const WORKING = ['importing', 'extracting', 'training'];

let server: PreviewServer | null = null;
const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
test.afterEach(async () => {
  await server?.stop();
  server = null;
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The version the page shows, with what it and its service workers say about the update. */
function switchState(page: Page) {
  return page
    .evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return {
        version: document.querySelector('[data-testid="app-version"]')?.textContent,
        banner: document
          .querySelector('[data-testid="update-banner"]')
          ?.getAttribute('data-update'),
        phase: document.querySelector('[data-testid="phase"]')?.textContent,
        waiting: registration?.waiting?.state,
        active: registration?.active?.state,
        controlled: navigator.serviceWorker.controller !== null,
      };
    })
    .catch((error: Error) => ({ version: undefined, error: error.message })); // mid-navigation
}

test('update: offered, deferred while work runs, and nothing made under the old version is lost', async () => {
  test.setTimeout(480_000);
  const perClass = 8;
  const first = writeShapesDataset(tempDir('graft-update-a-'), perClass);
  const second = writeShapesDataset(tempDir('graft-update-b-'), 12, 40, 9);
  const buildB = tempDir('graft-build-b-');
  const building = buildInto(buildB, { GRAFT_BUILD_LABEL: LABEL_B });

  server = await startPreview('dist');
  const context = await openProfile(tempDir('graft-profile-'), server.url);
  // The phases each page load went through, kept across reloads (sessionStorage), watched from
  // before the app starts: shows whether a reload ever cut a run short.
  await context.addInitScript(() => {
    const log = (entry: string) => {
      const seen = JSON.parse(sessionStorage.getItem('test.phases') ?? '[]') as string[];
      if (seen.at(-1) !== entry)
        sessionStorage.setItem('test.phases', JSON.stringify([...seen, entry]));
    };
    log('load');
    new MutationObserver(() => {
      const phase = document.querySelector('[data-testid="phase"]')?.textContent;
      if (phase) log(phase);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const page = await firstPage(context);
  const app = new GraftPage(page);
  await app.open(QUICK);
  await waitForServiceWorker(page);
  const versionA = await page.getByTestId('app-version').innerText();
  const mainChunk = () =>
    page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"]')!.src);
  const mainChunkA = await mainChunk();
  const fetchText = (url: string) =>
    page.evaluate(async (url) => (await fetch(url, { cache: 'no-store' })).text(), url);
  const mainChunkAText = await fetchText(mainChunkA);

  // Work under A: features of the first dataset cached.
  await app.importFolder(first);
  await app.train();
  await expect(page.getByTestId('cache-summary')).toContainText(`0 cached, ${perClass * 3} new`);

  // B at the same address. The browser checks for updates on navigation and periodically; here now.
  await building;
  await server.stop();
  server = await startPreview(buildB);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const banner = page.getByTestId('update-banner');
  await expect(banner).toHaveAttribute('data-update', 'available', { timeout: 120_000 });
  await expect(banner).toContainText('Update available, reload');
  await expect(page.getByTestId('app-version')).toHaveText(versionA);

  // Accepted during an extraction: the update waits for the run to end, then reloads into B.
  await app.importFolder(second);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(app.phase).toHaveText('extracting');
  await page.getByRole('button', { name: 'Update when done' }).click();
  await expect(banner).toHaveAttribute('data-update', 'deferred');
  // Polled with the update's state beside the version, so that a switch that never comes says
  // where it stopped (the banner, which worker waits or activates, which one controls the page).
  await expect
    .poll(() => switchState(page), { timeout: 240_000 })
    .toMatchObject({ version: `${versionA}-${LABEL_B}` });
  const phases = JSON.parse(
    (await page.evaluate(() => sessionStorage.getItem('test.phases'))) ?? '[]',
  ) as string[];
  // The first reload came when the run had ended; on a slow switch the pages after it may start
  // the app while the new version activates, but no reload ever cuts work short.
  const path = phases.join(' > ');
  const reloads = phases.flatMap((phase, i) => (phase === 'load' && i > 0 ? [i] : []));
  expect(phases.slice(0, reloads[0]), path).toContain('training');
  expect(phases[reloads[0]! - 1], path).toBe('done');
  for (const i of reloads) expect(WORKING, path).not.toContain(phases[i - 1]);

  // Under B: still served by the service worker, still isolated, and A's features still cached.
  await waitForServiceWorker(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // A page still running A (another tab; a reload that raced the switch) can load A's chunks: the
  // server has only B's now, the service worker kept A's.
  expect(await mainChunk()).not.toBe(mainChunkA);
  const keptChunk = await fetchText(mainChunkA);
  expect(keptChunk === mainChunkAText, `${mainChunkA} is A's: ${keptChunk.slice(0, 60)}`).toBe(
    true,
  );
  await app.open(QUICK);
  await app.importFolder(first);
  await app.train();
  await expect(page.getByTestId('cache-summary')).toContainText(`${perClass * 3} cached, 0 new`);
  await context.close();
});
