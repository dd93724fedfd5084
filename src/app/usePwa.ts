// The installable, offline app as React state: online or not, served by the service worker or not,
// the browser's install offer, and updates, which never cut off running work: accepted during an
// extraction or training, the update waits for it to end.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppShellStatus } from '../shared/offline';
import {
  acceptedUpdateWaiting,
  registerServiceWorker,
  type ServiceWorkerHandle,
} from './serviceWorker';

/** Chromium's install offer; not in TypeScript's DOM types. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const reload = () => location.reload();

export function usePwa(busy: boolean) {
  const [online, setOnline] = useState(() => navigator.onLine);
  const [offlineReady, setOfflineReady] = useState(false);
  // An update accepted on the last page that has not activated yet is applied once idle.
  const [update, setUpdate] = useState<AppShellStatus['update']>(() =>
    acceptedUpdateWaiting() ? 'deferred' : 'none',
  );
  const [installOffer, setInstallOffer] = useState<BeforeInstallPromptEvent | null>(null);
  const handle = useRef<ServiceWorkerHandle | null>(null);
  /** What an update accepted during work does when the work ends. */
  const deferred = useRef<(() => void) | null>(
    acceptedUpdateWaiting() ? () => handle.current?.applyUpdate() : null,
  );

  useEffect(() => {
    const sync = () => setOnline(navigator.onLine);
    addEventListener('online', sync);
    addEventListener('offline', sync);
    const offer = (event: Event) => {
      event.preventDefault(); // shown as our own button instead of the browser's mini bar
      setInstallOffer(event as BeforeInstallPromptEvent);
    };
    const installed = () => setInstallOffer(null);
    addEventListener('beforeinstallprompt', offer);
    addEventListener('appinstalled', installed);
    return () => {
      removeEventListener('online', sync);
      removeEventListener('offline', sync);
      removeEventListener('beforeinstallprompt', offer);
      removeEventListener('appinstalled', installed);
    };
  }, []);

  useEffect(() => {
    // Once per page: React's StrictMode runs effects twice in development, where there is no worker.
    handle.current ??= registerServiceWorker({
      onOfflineReady: () => setOfflineReady(true),
      onUpdateWaiting: () => setUpdate((u) => (u === 'deferred' ? u : 'available')),
      onUpdatedElsewhere: () =>
        setUpdate((u) => {
          if (u !== 'deferred') return 'reload-needed';
          deferred.current = reload; // nothing waits here any more: the reload is what is left
          return u;
        }),
    });
  }, []);

  useEffect(() => {
    if (update === 'deferred' && !busy) deferred.current?.();
  }, [update, busy]);

  const acceptUpdate = useCallback(() => {
    const action = update === 'reload-needed' ? reload : () => handle.current?.applyUpdate();
    if (!busy) return action();
    deferred.current = action;
    setUpdate('deferred');
  }, [busy, update]);

  const install = useCallback(async () => {
    if (!installOffer) return;
    await installOffer.prompt();
    const { outcome } = await installOffer.userChoice;
    if (outcome === 'accepted') setInstallOffer(null);
  }, [installOffer]);

  const status: AppShellStatus = {
    online,
    offlineReady,
    canInstall: installOffer !== null,
    update,
  };
  return { status, acceptUpdate, install };
}
