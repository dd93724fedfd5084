// A full disk on demand: the page's origin gets a quota a little above what it already uses (CDP
// `Storage.overrideQuotaForOrigin`), so the browser itself refuses IndexedDB writes past it.
//
// Setting the override is not enough on its own. Chromium's IndexedDB does not ask the quota manager
// before every write: after each answer it keeps the space that was left and grants writes from that
// for up to 30 s (`BucketContext::GetBucketSpaceToAllot`, `kBucketSpaceCacheTimeLimit`). An override
// set less than 30 s after the origin's last answer (the app saving its project at import gets one)
// is not seen by writes that fit the stale allowance, which is gigabytes: a short extraction then
// finishes under a quota it is far over. So the quota first goes down to one byte (0 would mean "no
// limit" to the quota manager), and a probe writes until the browser refuses a write. Then the
// allowance is fresh and empty, and the next write asks again and gets the real headroom.
import { expect, type Page } from '@playwright/test';

const PROBE_DB = 'graft-test-quota-probe';

export interface FullDisk {
  /** Gives the origin its normal quota back. */
  lift(): Promise<void>;
}

/** One tiny write into a database of the test's own: 'ok', or the name of the error it failed with. */
function probeWrite(page: Page): Promise<string> {
  return page.evaluate(
    (name) =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => open.result.createObjectStore('probe');
        open.onerror = () => resolve(`open: ${open.error?.name}`);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('probe', 'readwrite');
          tx.objectStore('probe').put(new Uint8Array(16), 'probe');
          tx.oncomplete = () => (db.close(), resolve('ok'));
          tx.onabort = () => (db.close(), resolve(tx.error?.name ?? 'aborted'));
        };
      }),
    PROBE_DB,
  );
}

/** Leaves the page's origin `headroomBytes` more than it uses now, enforced from the next write on. */
export async function fillDiskBut(page: Page, headroomBytes: number): Promise<FullDisk> {
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  // The probe's database exists before the quota goes down: creating it is a write too.
  expect(await probeWrite(page)).toBe('ok');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  await expect
    .poll(() => probeWrite(page), {
      message: 'the browser refuses a write once its quota is one byte',
      timeout: 120_000,
      intervals: [1_000],
    })
    .toBe('QuotaExceededError');
  const { usage } = await cdp.send('Storage.getUsageAndQuota', { origin });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + headroomBytes });
  return {
    async lift() {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    },
  };
}
