// A real browser profile for the service-worker tests: persistent (an incognito context is never
// installable, and closing and reopening the browser needs one), with the config's Chromium flags
// and request headers.
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { testChromiumArgs, testHTTPHeaders } from '../../playwright.config';

export function openProfile(profileDir: string, baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    args: testChromiumArgs,
    baseURL,
    extraHTTPHeaders: testHTTPHeaders,
    viewport: { width: 1280, height: 900 },
    // The config blocks service workers for the other tests, and Playwright Test applies its `use`
    // options to persistent contexts too: here it must install, as for a person.
    serviceWorkers: 'allow',
  });
}

export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** Waits until the service worker has installed (everything precached) and controls the page. */
export async function waitForServiceWorker(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 120_000,
  });
  await expect(page.getByTestId('offline-ready')).toHaveAttribute('data-ready', 'true');
}
