// A full disk on demand: the page's origin gets a quota a little above what it already uses (CDP
// `Storage.overrideQuotaForOrigin`), so the browser itself refuses IndexedDB writes past it.
//
// Setting the override is not enough on its own. Chromium's IndexedDB does not ask the quota manager
// before every write: after each answer it keeps the space that was left and grants writes from that
// for up to 30 s (`BucketContext::GetBucketSpaceToAllot`, `kBucketSpaceCacheTimeLimit`). An override
// set less than 30 s after the origin's last answer (the app saving its project at import gets one)
// is not seen by writes that fit the stale allowance. Under the browser's own quota that allowance
// is gigabytes, so a short extraction would finish under a quota it is far over.
//
// So the origin is capped before the page first writes (`capDisk`): every answer it gets then leaves
// an allowance of at most the cap. To fill the disk, the quota goes down to one byte (0 would mean
// "no limit" to the quota manager) and a probe writes more than the cap in one go: no allowance
// covers it, so the browser asks again and refuses it. The allowance is then fresh and empty, and
// the next write asks again and gets the real headroom.
import { expect, test, type Page } from '@playwright/test';

const PROBE_DB = 'graft-test-quota-probe';

export interface CappedDisk {
  /** Leaves the origin `headroomBytes` more than it uses now, enforced from the next write on. */
  fillBut(headroomBytes: number): Promise<void>;
  /** Gives the origin its normal quota back. */
  lift(): Promise<void>;
}

/** One write of `bytes` into a database of the test's own: 'ok', or the name of the error it failed with. */
function probeWrite(page: Page, bytes: number): Promise<string> {
  return page.evaluate(
    ([name, size]) =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => open.result.createObjectStore('probe');
        open.onerror = () => resolve(`open: ${open.error?.name}`);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('probe', 'readwrite');
          tx.objectStore('probe').put(new Uint8Array(size), 'probe');
          tx.oncomplete = () => (db.close(), resolve('ok'));
          tx.onabort = () => (db.close(), resolve(tx.error?.name ?? 'aborted'));
        };
      }),
    [PROBE_DB, bytes] as const,
  );
}

/**
 * Caps the quota of the origin under test at `capBytes`. Call it before the page opens the app, with
 * a cap above everything the test writes before `fillBut` (the probe's write is one byte over it).
 */
export async function capDisk(page: Page, capBytes: number): Promise<CappedDisk> {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(test.info().project.use.baseURL!).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: capBytes });
  return {
    async fillBut(headroomBytes) {
      expect(page.url().startsWith(origin), 'the page is on the capped origin').toBe(true);
      // The probe's database exists before the quota goes down: creating it is a write too.
      expect(await probeWrite(page, 16)).toBe('ok');
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
      // Polled all the same: should an allowance outlive the cap, it expires within 30 s.
      await expect
        .poll(() => probeWrite(page, capBytes + 1), {
          message: 'the browser refuses a write once its quota is one byte',
          timeout: 120_000,
          intervals: [1_000],
        })
        .toBe('QuotaExceededError');
      const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
      await cdp.send('Storage.overrideQuotaForOrigin', {
        origin,
        quotaSize: usage + headroomBytes,
      });
    },
    async lift() {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    },
  };
}
