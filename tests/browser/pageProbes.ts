// Measurements taken inside the page: how long the main thread was blocked by the app (is the page
// responsive?), and the skipped-files list as a person reads it (name, reason, words).
import type { Page } from '@playwright/test';

interface ProbeWindow {
  __graftLongTasks?: { start: number; duration: number }[];
  __graftChange?: { start: number; end: number };
}

/**
 * Records main-thread tasks over 50 ms, and when the folder picker's change event starts and ends.
 * The browser builds the picked files into a FileList in the same task that then fires `change`
 * (for 10,000 files, about 2 s before any app code runs): that part is the browser's, not the app's,
 * so blocking is measured from the event on.
 */
export async function installLongTaskProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe = window as ProbeWindow;
    probe.__graftLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        probe.__graftLongTasks?.push({ start: entry.startTime, duration: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
    // Capture on window runs before the app's handler, bubble on window after it.
    window.addEventListener(
      'change',
      () => {
        probe.__graftChange = { start: performance.now(), end: Number.NaN };
      },
      true,
    );
    window.addEventListener('change', () => {
      if (probe.__graftChange) probe.__graftChange.end = performance.now();
    });
  });
}

export interface Blocking {
  /** The longest the app kept the main thread busy, in whole milliseconds. */
  readonly appMs: number;
  /** The longest long task of any kind, the browser's own file-list building included. */
  readonly anyMs: number;
}

/**
 * The longest main-thread blocking since the last call (then forgets it): the app's change handler,
 * and every long task that started after the last change event (or all, without one).
 */
export async function longestTask(page: Page): Promise<Blocking> {
  return page.evaluate(() => {
    const probe = window as ProbeWindow;
    const tasks = probe.__graftLongTasks ?? [];
    const change = probe.__graftChange;
    probe.__graftLongTasks = [];
    probe.__graftChange = undefined;
    const after = change ? tasks.filter((t) => t.start >= change.start) : tasks;
    const handler = change && Number.isFinite(change.end) ? change.end - change.start : 0;
    return {
      appMs: Math.round(Math.max(handler, ...after.map((t) => t.duration))),
      anyMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
    };
  });
}

export interface SkippedRow {
  readonly path: string;
  readonly reason: string;
  readonly text: string;
}

/** The rows of the skipped-files list that are in the DOM (all of them for a short list). */
export function skippedRows(page: Page): Promise<SkippedRow[]> {
  return page.getByTestId('skipped-file').evaluateAll((rows) =>
    rows.map((row) => ({
      path: row.getAttribute('title') ?? '',
      reason: row.getAttribute('data-reason') ?? '',
      text: row.textContent ?? '',
    })),
  );
}

/** Every alert/confirm/prompt the page opens (dismissed): a hostile name must never open one. */
export function collectDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}
