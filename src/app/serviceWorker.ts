// Registers the service worker (src/sw/sw.ts, production builds only) and turns its life cycle into
// what the page shows: ready offline, an update waiting, an update applied by another tab.
import { Workbox } from 'workbox-window';

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
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
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
      wb.messageSkipWaiting();
    },
  };
}
