// Measurements of the page: how much the app's main thread works at a stretch (is the page
// responsive?), the skipped-files list as a person reads it (name, reason, words), and whether
// anything makes the page wider than the screen.
import type { Page } from '@playwright/test';

interface TraceEvent {
  readonly ph: string;
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  /** Time the thread was actually running (CPU), in microseconds. */
  readonly tdur?: number;
  readonly args?: { name?: string; data?: { type?: string } };
}

export interface Blocking {
  /**
   * The most CPU time one main-thread task took, in whole milliseconds: thread time, not wall time,
   * so it does not grow when other processes share the cores (a test may bound it on a busy
   * machine). For a folder picked through the file input, the task that fires `change` counts only
   * its event dispatch: building the FileList before it is the browser's work, not the app's.
   */
  readonly appCpuMs: number;
  /** The longest main-thread task in wall time, for the log only: it depends on the machine's load. */
  readonly anyWallMs: number;
}

/** Measures what the page's main thread does from now until `stop()` (a Chromium trace). */
export async function traceMainThread(page: Page): Promise<{ stop(): Promise<Blocking> }> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    categories: ['disabled-by-default-devtools.timeline', 'devtools.timeline'],
  });
  return {
    async stop() {
      const { traceEvents } = JSON.parse((await browser.stopTracing()).toString()) as {
        traceEvents: TraceEvent[];
      };
      const mainThreads = new Set(
        traceEvents
          .filter((e) => e.ph === 'M' && e.name === 'thread_name')
          .filter((e) => e.args?.name === 'CrRendererMain')
          .map((e) => `${e.pid}:${e.tid}`),
      );
      const onMain = traceEvents.filter(
        (e) => e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`),
      );
      const tasks = onMain.filter((e) => e.name === 'RunTask');
      const changes = onMain.filter(
        (e) => e.name === 'EventDispatch' && e.args?.data?.type === 'change',
      );
      const holdsChange = (task: TraceEvent) =>
        changes.some((c) => c.ts >= task.ts && c.ts <= task.ts + (task.dur ?? 0));
      const cpu = [
        ...tasks.filter((t) => !holdsChange(t)).map((t) => t.tdur ?? 0),
        ...changes.map((c) => c.tdur ?? 0),
      ];
      return {
        appCpuMs: Math.round(Math.max(0, ...cpu) / 1000),
        anyWallMs: Math.round(Math.max(0, ...tasks.map((t) => t.dur ?? 0)) / 1000),
      };
    },
  };
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

/**
 * Whether the page is wider than the screen (a phone would scroll it sideways): empty when not;
 * otherwise the page's width, then what sticks out: each element past the right edge whose parent
 * is not, and that no scrolling box clips.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const screen = root.clientWidth;
    if (root.scrollWidth <= screen) return [];
    const pastEdge = (el: Element) => el.getBoundingClientRect().right > screen + 0.5;
    const clipped = (el: Element): boolean =>
      el.parentElement !== null &&
      (getComputedStyle(el.parentElement).overflowX !== 'visible' || clipped(el.parentElement));
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => pastEdge(el) && el.parentElement && !pastEdge(el.parentElement))
      .filter((el) => !clipped(el))
      .map((el) => {
        const text = (el.textContent ?? '').trim().slice(0, 40);
        return `<${el.tagName.toLowerCase()}> "${text}" ends at ${Math.round(el.getBoundingClientRect().right)} px`;
      });
    return [`the page is ${root.scrollWidth} px wide on a ${screen} px screen`, ...culprits];
  });
}
