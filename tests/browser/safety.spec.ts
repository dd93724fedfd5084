// Safety, end to end in Chromium against the production build: nothing the person drops leaves the
// machine (every request, the worker's included, is logged and any other origin is blocked), names
// from their files render as text and run nothing, and the served Content-Security-Policy stops
// inline script and eval.
import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '../helpers/png';
import { drawShape, writeShapesDataset } from '../helpers/shapesDataset';
import { GraftPage } from './graftPage';
import { collectDialogs, skippedRows } from './pageProbes';

/** `script-src 'self'; object-src 'none'` -> { 'script-src': ["'self'"], ... } */
function directives(policy: string | undefined): Record<string, string[]> {
  expect(policy, 'a Content-Security-Policy is served').toBeTruthy();
  return Object.fromEntries(
    policy!
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

// The service worker is the app's too: its precache fetches are among the requests checked.
test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('importing, extracting, training, evaluating and predicting request nothing but the app’s own files', async ({
    page,
    context,
    baseURL,
  }) => {
    const origin = new URL(baseURL!).origin;
    const own = (url: string) =>
      url.startsWith(`${origin}/`) || url.startsWith(`blob:${origin}/`) || url.startsWith('data:');
    // Every request of the page and its workers is logged; any to another origin is refused.
    const seen: { url: string; method: string }[] = [];
    const refused: string[] = [];
    context.on('request', (request) => seen.push({ url: request.url(), method: request.method() }));
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (own(url)) return route.continue();
      refused.push(url);
      return route.abort('blockedbyclient');
    });

    const dir = writeShapesDataset(mkdtempSync(join(tmpdir(), 'graft-offline-')), 6, 32);
    const app = new GraftPage(page);
    await app.open({ backend: 'wasm', size: '32', epochs: '3' });
    await app.importFolder(dir);
    await app.train();
    await page.getByLabel('Image to classify').setInputFiles(join(dir, 'circles', 'circles-0.png'));
    await expect(page.getByTestId('prediction').locator('li')).toHaveCount(3);

    const urls = seen.map((r) => r.url);
    // Not vacuous: the worker's own fetches (its script and the WASM binary) are among those seen.
    expect(
      urls.some((u) => /\/assets\/engine\.worker-[\w-]+\.js$/.test(u)),
      urls.join('\n'),
    ).toBe(true);
    expect(
      urls.some((u) => /\.wasm$/.test(u)),
      urls.join('\n'),
    ).toBe(true);
    expect(refused).toEqual([]);
    expect(urls.filter((u) => !own(u))).toEqual([]);
    // Only reads: no photo, feature or model is ever sent anywhere, not even to the app's server.
    expect(seen.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });
});

test('hostile file and class names render as text and run nothing', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'graft-inject-'));
  const classes = [
    `"><img src=x onerror=alert(1)>`,
    `"><script>alert(2)`,
    `<b onmouseover=alert(3)>bold`,
  ];
  const files = ['<img src=x onerror=window.__pwned=1>.png', "'><svg onload=alert(4)>.png"];
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  classes.forEach((cls, c) => {
    mkdirSync(join(root, cls));
    const shape = (['circles', 'horizontal stripes', 'vertical stripes'] as const)[c]!;
    for (let i = 0; i < 5; i++) {
      const name = i < files.length ? files[i]! : `${i}.png`;
      writeFileSync(join(root, cls, name), encodePng(24, 24, drawShape(shape, 24, random)));
    }
  });
  const junk = '<iframe src=javascript:alert(5)>.txt';
  writeFileSync(join(root, classes[0]!, junk), 'not an image');

  const dialogs = collectDialogs(page);
  const app = new GraftPage(page);
  await app.open({ backend: 'wasm', size: '32', epochs: '3' });
  await app.importFolder(root);
  const sorted = [...classes].sort();
  expect(await page.getByTestId('class-row').locator('th').allTextContents()).toEqual(sorted);
  await page.getByText('1 file skipped').click();
  expect((await skippedRows(page)).map((r) => r.path)).toEqual([`${classes[0]}/${junk}`]);
  await expect(page.getByTestId('skipped-file')).toContainText(junk);
  await app.train();

  // In the results too: per-class table and confusion matrix headers are the literal names.
  const matrix = page.getByTestId('confusion-matrix');
  for (const name of sorted) {
    await expect(matrix.getByRole('rowheader', { name, exact: true })).toHaveText(name);
    await expect(page.getByRole('rowheader', { name, exact: true }).first()).toBeVisible();
  }
  await page.mouse.move(10, 10);
  await page.waitForTimeout(300); // give any injected handler the chance it must not get

  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  // No element was made from a name: no img with src x, no extra script, svg, iframe or b.
  expect(
    await page
      .locator('img[src="x"], script:not([src]), iframe, b[onmouseover], svg[onload]')
      .count(),
  ).toBe(0);
  expect(await page.locator('script').count()).toBe(1); // the app's own bundle
});

test('the production build serves a strict Content-Security-Policy that stops inline script and eval', async ({
  page,
}) => {
  const workerResponse = page.waitForResponse((r) =>
    /\/assets\/engine\.worker-[\w-]+\.js$/.test(r.url()),
  );
  const response = await page.goto('/?backend=wasm');
  const documentPolicy = directives(response!.headers()['content-security-policy']);
  expect(documentPolicy['script-src']).toEqual(["'self'"]);
  expect(documentPolicy['default-src']).toEqual(["'self'"]);
  expect(documentPolicy['object-src']).toEqual(["'none'"]);
  expect(documentPolicy['base-uri']).toEqual(["'none'"]);
  expect(documentPolicy['frame-ancestors']).toEqual(["'none'"]);
  expect(documentPolicy['connect-src']).toEqual(["'self'"]);
  for (const sources of Object.values(documentPolicy)) {
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).not.toContain("'unsafe-eval'");
  }
  // The same policy travels inside index.html, for static hosts that send no headers.
  const html = await response!.text();
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  expect(directives(meta)['script-src']).toEqual(["'self'"]);

  // The engine worker may compile WASM and start the threaded backend's blob: workers, no more.
  const workerPolicy = directives((await workerResponse).headers()['content-security-policy']);
  expect(workerPolicy['script-src']).toEqual(["'self'", 'blob:', "'wasm-unsafe-eval'"]);
  expect(workerPolicy['worker-src']).toEqual(["'self'", 'blob:']);
  await expect(page.getByTestId('backend')).toHaveText('wasm', { timeout: 60_000 });

  // Enforced: an injected inline script, an inline handler and eval are all refused. The eval is
  // tried from a same-origin script the page loads (the debugger's own evaluations may eval).
  await page.route('**/csp-probe.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `try { window.__evalResult = String(eval('"eval ran"')); } catch (e) { window.__evalResult = e.name; }
             try { window.__functionResult = String(new Function('return "Function ran"')()); } catch (e) { window.__functionResult = e.name; }`,
    }),
  );
  const outcome = await page.evaluate(async () => {
    const flags = window as {
      __inline?: boolean;
      __handler?: boolean;
      __evalResult?: string;
      __functionResult?: string;
    };
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(e.effectiveDirective),
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true';
    document.head.append(script);
    const button = document.createElement('button');
    button.setAttribute('onclick', 'window.__handler = true');
    document.body.append(button);
    button.click();
    const probe = document.createElement('script');
    probe.src = '/csp-probe.js';
    await new Promise((resolve, reject) => {
      probe.onload = resolve;
      probe.onerror = reject;
      document.head.append(probe);
    });
    await new Promise((resolve) => setTimeout(resolve, 100)); // violation events are queued
    for (const element of [button, script, probe]) element.remove();
    const { __inline: inline, __handler: handler, __evalResult: evalResult } = flags;
    return { inline, handler, evalResult, functionResult: flags.__functionResult, violations };
  });
  expect(outcome.inline).toBeUndefined();
  expect(outcome.handler).toBeUndefined();
  expect(outcome.evalResult).toBe('EvalError');
  expect(outcome.functionResult).toBe('EvalError');
  expect(outcome.violations).toEqual(
    expect.arrayContaining(['script-src-elem', 'script-src-attr', 'script-src']),
  );
});
