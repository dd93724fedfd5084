// Download progress for a terminal: percent, megabytes and speed, at most a few times per second.
// On a TTY one line is redrawn in place; in a log (CI, npm start piped) whole lines, less often.

import type { DownloadProgress } from './download';

export interface ProgressSink {
  write(text: string): void;
  readonly isTTY?: boolean;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

export function formatProgress(label: string, p: DownloadProgress, bytesPerSecond: number): string {
  const speed = `${mb(bytesPerSecond)} MB/s`;
  if (p.total === null || p.total === 0) return `${label}: ${mb(p.received)} MB at ${speed}`;
  const percent = Math.min(100, Math.floor((100 * p.received) / p.total));
  return `${label}: ${percent}% (${mb(p.received)} of ${mb(p.total)} MB) at ${speed}`;
}

export interface ProgressReporter {
  (p: DownloadProgress): void;
  /** Prints the last state (if not yet printed) and ends the line. */
  finish(): void;
}

/**
 * A progress callback that prints at most every `intervalMs` (default 250 ms on a TTY, 1 s
 * otherwise). Speed is measured between prints, so a resumed download shows its real rate.
 */
export function createProgressReporter(
  label: string,
  sink: ProgressSink,
  intervalMs = sink.isTTY ? 250 : 1000,
  now: () => number = () => performance.now(),
): ProgressReporter {
  let lastTime: number | null = null;
  let lastBytes = 0;
  let pending: DownloadProgress | null = null;
  let speed = 0;
  let printedOnce = false;

  const print = (p: DownloadProgress) => {
    const line = formatProgress(label, p, speed);
    sink.write(sink.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
    printedOnce = true;
    pending = null;
  };

  const report = ((p: DownloadProgress) => {
    const t = now();
    if (lastTime === null) {
      lastTime = t;
      lastBytes = p.received;
      pending = p;
      return;
    }
    pending = p;
    if (t - lastTime < intervalMs) return;
    // A restart from zero (server ignored Range) makes the difference negative: no speed then.
    speed = Math.max(0, ((p.received - lastBytes) * 1000) / (t - lastTime));
    lastTime = t;
    lastBytes = p.received;
    print(p);
  }) as ProgressReporter;

  report.finish = () => {
    if (pending) {
      const t = now();
      if (lastTime !== null && t > lastTime) {
        speed = Math.max(0, ((pending.received - lastBytes) * 1000) / (t - lastTime));
      }
      print(pending);
    }
    if (printedOnce && sink.isTTY) sink.write('\n');
  };
  return report;
}
