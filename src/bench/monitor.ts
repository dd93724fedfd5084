// What the person would feel on the main thread while the app works: long tasks as the browser
// reports them (PerformanceObserver 'longtask', 50 ms and over), and the largest gap between ticks
// of a 10 ms timer (catches shorter stalls too).

export interface MainThreadReport {
  /** Longest task the browser reported, ms; 0 when none reached 50 ms. */
  readonly longestTaskMs: number;
  readonly longTasks: number;
  /** Largest delay of a 10 ms timer beyond its period, ms. */
  readonly maxTimerLagMs: number;
}

export interface MainThreadWatch {
  stop(): MainThreadReport;
}

const TICK_MS = 10;

export function watchMainThread(): MainThreadWatch {
  let longest = 0;
  let count = 0;
  let observer: PerformanceObserver | null = null;
  if (PerformanceObserver.supportedEntryTypes.includes('longtask')) {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longest = Math.max(longest, entry.duration);
        count++;
      }
    });
    observer.observe({ type: 'longtask' });
  }
  let last = performance.now();
  let maxLag = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - TICK_MS);
    last = now;
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      if (observer) {
        for (const entry of observer.takeRecords()) {
          longest = Math.max(longest, entry.duration);
          count++;
        }
        observer.disconnect();
      }
      return { longestTaskMs: longest, longTasks: count, maxTimerLagMs: Math.max(0, maxLag) };
    },
  };
}
