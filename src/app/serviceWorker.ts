// Registers the service worker (src/sw/sw.ts, production builds only) and turns its life cycle into
// what the page shows: ready offline, an update waiting, an update applied by another tab.
import { Workbox } from 'workbox-window';
import { SKIP_WAITING_MESSAGE } from '../shared/offline';

export interface ServiceWorkerEvents {
  /** The service worker controls this page: it reloads with no network. */
  readonly onOfflineReady: () => void;
  /** A new version is installed and waits for the person to accept it. */
  readonly onUpdateWaiting: () => void;
  /** Another tab accepted an update: this page still runs the old version. */
  readonly onUpdatedElsewhere: () => void;
}

export interface ServiceWorkerHandle {
  /** Activates the waiting version, then reloads this page into it. */
  readonly applyUpdate: () => void;
}

export function registerServiceWorker(events: ServiceWorkerEvents): ServiceWorkerHandle | null {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return null;
  const scope = import.meta.env.BASE_URL;
  const wb = new Workbox(`${scope}sw.js`, { scope });
  let applying = false;

  wb.addEventListener('waiting', () => events.onUpdateWaiting());
  wb.addEventListener('controlling', (event) => {
    if (applying) location.reload();
    else if (event.isUpdate || event.isExternal) events.onUpdatedElsewhere();
  });
  void wb.register().then(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) events.onOfflineReady();
  });
  // The first install claims the page (sw.ts): from then on it is served from the cache.
  navigator.serviceWorker.addEventListener('controllerchange', () => events.onOfflineReady());

  return {
    applyUpdate() {
      applying = true;
      // The new version activates once the old one is idle, which a busy page (the engine worker
      // and its threads are its clients too) can put off indefinitely. If it has not happened
      // soon, reload: the fresh page finishes the switch before it starts anything (below).
      sessionStorage.setItem(UPDATE_ACCEPTED_KEY, '1');
      void askToActivate(scope);
      setTimeout(() => location.reload(), FALLBACK_RELOAD_MS);
    },
  };
}

const UPDATE_ACCEPTED_KEY = 'graft.update-accepted';
const FALLBACK_RELOAD_MS = 5000;

async function askToActivate(scope: string): Promise<boolean> {
  const waiting = (await navigator.serviceWorker.getRegistration(scope))?.waiting;
  waiting?.postMessage(SKIP_WAITING_MESSAGE);
  return waiting != null;
}

let acceptedButWaiting = false;

/**
 * Whether an update the person accepted is still waiting to activate after the wait below: the app
 * then starts on the old version and applies it as soon as it is idle (usePwa), as if accepted
 * during work. A slow activation (a busy machine) must not quietly drop what was accepted.
 */
export function acceptedUpdateWaiting(): boolean {
  return acceptedButWaiting;
}

/**
 * Run before the app starts: if the person accepted an update that could not activate while the
 * last page ran, activate it now, with no worker of ours alive to hold the old version busy, and
 * reload into it. Resolves (the app then starts) when there is nothing to finish, or when the
 * switch takes too long to keep the page blank (see acceptedUpdateWaiting).
 */
export async function finishAcceptedUpdate(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  if (sessionStorage.getItem(UPDATE_ACCEPTED_KEY) === null) return;
  sessionStorage.removeItem(UPDATE_ACCEPTED_KEY);
  const switched = new Promise<boolean>((resolve) => {
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), {
      once: true,
    });
    setTimeout(() => resolve(false), 10_000);
  });
  if (!(await askToActivate(import.meta.env.BASE_URL))) return;
  if (!(await switched)) {
    acceptedButWaiting = true;
    return;
  }
  location.reload();
  await new Promise(() => {}); // the app never starts on the page being replaced
}
