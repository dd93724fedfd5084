// Spreads the cost of handing thousands of files to the worker over short tasks.
//
// Measured in Chromium: the first structured clone of a File that came from a folder picker or a
// drop costs about 0.2-0.3 ms (the browser registers the file's blob on first use), later clones of
// the same File almost nothing (10,000 files: 2.2 s the first time, 7 ms the second). The dataset
// goes to the worker in one message, so 10,000 files froze the page for seconds in one task. Cloning
// them here first, a hundred at a time with a yield between, keeps every task short; the real
// message then costs milliseconds. Elsewhere the extra clones are merely cheap copies.

import type { DroppedFile } from '../../shared/dataset';

/** Files per throwaway message: 10-25 ms of cloning, well under the 50 ms long-task threshold. */
const CHUNK = 50;
/** Below this the one real message is short anyway. */
export const WARM_ABOVE = 500;

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Clones every file once through a throwaway channel, CHUNK at a time. Resolves false when
 * `isCurrent` turns false midway (the person picked another folder), true when done.
 */
export async function warmFiles(
  files: readonly DroppedFile[],
  onProgress: (done: number) => void,
  isCurrent: () => boolean,
): Promise<boolean> {
  if (files.length <= WARM_ABOVE) return true;
  const channel = new MessageChannel();
  try {
    for (let i = 0; i < files.length; i += CHUNK) {
      if (!isCurrent()) return false;
      channel.port1.postMessage(files.slice(i, i + CHUNK).map((f) => f.file));
      onProgress(Math.min(files.length, i + CHUNK));
      await nextTask();
    }
    return isCurrent();
  } finally {
    // Closing drops the queued copies: nothing ever reads them.
    channel.port1.close();
    channel.port2.close();
  }
}
