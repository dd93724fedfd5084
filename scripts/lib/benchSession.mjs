// One bench.html page in headless Chromium, for a benchmark script: builds if the sources changed,
// serves the build, launches Chromium with the browser tests' flags, forwards the page's `[bench]`
// lines with the seconds since start, and tears everything down however `use` ends.
import { chromium } from '@playwright/test';
import { buildIfNeeded, chromiumArgs, startPreview } from './benchPage.mjs';

/**
 * Runs `use(page, browser, openPage)` on a ready bench page; `stage` runs after the build, before
 * serving. `openPage()` opens another ready bench page in the same context (a fresh worker), for a
 * bench that runs each case on its own page.
 */
export async function withBenchPage({ port, stage = async () => {} }, use) {
  const startedAt = Date.now();
  const elapsed = () => ((Date.now() - startedAt) / 1000).toFixed(0).padStart(5);
  buildIfNeeded();
  await stage();
  const server = await startPreview(port);
  const onSigint = () => {
    server.stop();
    process.exit(130);
  };
  process.once('SIGINT', onSigint);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: chromiumArgs(),
  });
  try {
    const context = await browser.newContext();
    const openPage = async () => {
      const page = await context.newPage();
      page.on('console', (m) => {
        const text = m.text();
        if (text.startsWith('[bench] ')) console.log(`  ${elapsed()} s  ${text.slice(8)}`);
      });
      page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
      await page.goto(`${server.url}/bench.html`);
      /* global document -- runs inside the page */
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      return page;
    };
    return await use(await openPage(), browser, openPage);
  } finally {
    await browser.close();
    server.stop();
    process.off('SIGINT', onSigint);
  }
}
