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
    // An update this page accepted reloads it (applyUpdate); any other came from another tab.
    if (!applying && (event.isUpdate || event.isExternal)) events.onUpdatedElsewhere();
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
      // and its threads are its clients too) can put off indefinitely. If it has not started
      // soon, reload: the fresh page finishes the switch before it starts anything (below). Once
      // it has started, the switch of controller reloads into it.
      writeAccepted({ from: THIS_BUILD, reloads: 0 });
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload());
      void askToActivate(scope);
      setTimeout(async () => {
        const registration = await navigator.serviceWorker.getRegistration(scope);
        if (registration?.active?.state !== 'activating') location.reload();
      }, FALLBACK_RELOAD_MS);
    },
  };
}

/**
 * This page's build: the URL of the chunk this module is bundled in, hashed on its content and on
 * the names of every chunk it imports, so any change to the app's code gives another one.
 */
const THIS_BUILD = import.meta.url;

/** An update the person accepted: on which build, and how many reloads it has cost so far. */
interface AcceptedUpdate {
  readonly from: string;
  readonly reloads: number;
}

const ACCEPTED_KEY = 'graft.update-accepted';
const FALLBACK_RELOAD_MS = 5000;
/** Reloads a fresh page may spend finishing the switch before it gives up and starts the app. */
const MAX_SWITCH_RELOADS = 2;
const SWITCH_WAIT_MS = 10_000;

function writeAccepted(accepted: AcceptedUpdate): void {
  sessionStorage.setItem(ACCEPTED_KEY, JSON.stringify(accepted));
}

function takeAccepted(): AcceptedUpdate | null {
  const stored = sessionStorage.getItem(ACCEPTED_KEY);
  sessionStorage.removeItem(ACCEPTED_KEY);
  try {
    const parsed = JSON.parse(stored ?? 'null') as Partial<AcceptedUpdate> | null;
    return typeof parsed?.from === 'string' && typeof parsed.reloads === 'number'
      ? { from: parsed.from, reloads: parsed.reloads }
      : null;
  } catch {
    return null; // written by a build that stored something else: nothing to finish
  }
}

async function askToActivate(scope: string): Promise<void> {
  (await navigator.serviceWorker.getRegistration(scope))?.waiting?.postMessage(
    SKIP_WAITING_MESSAGE,
  );
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

/** Resolves once `worker` is activated (true), or false after `ms`; leaves no listener or timer. */
function activated(worker: ServiceWorker, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (active: boolean) => {
      worker.removeEventListener('statechange', check);
      clearTimeout(timer);
      resolve(active);
    };
    const check = () => {
      if (worker.state === 'activated') settle(true);
      else if (worker.state === 'redundant') settle(false);
    };
    const timer = setTimeout(() => settle(false), ms);
    worker.addEventListener('statechange', check);
    check();
  });
}

/**
 * Run before the app starts. If the person accepted an update on the last page and this page is
 * still that page's build, the switch is not finished: either the new version could not activate
 * while the last page ran (activate it now, with no worker of ours alive to hold the old version
 * busy), or it activated while this page loaded and this page got the old files. Either way,
 * reload into the new version once it is active. Resolves (the app then starts) when there is
 * nothing to finish, or when the switch takes too long to keep the page blank (see
 * acceptedUpdateWaiting).
 */
export async function finishAcceptedUpdate(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const accepted = takeAccepted();
  if (accepted === null || accepted.from !== THIS_BUILD) return; // nothing accepted, or done
  const registration = await navigator.serviceWorker.getRegistration(import.meta.env.BASE_URL);
  const next =
    registration?.waiting ??
    (registration?.active?.state === 'activating' ? registration.active : null);
  if (accepted.reloads >= MAX_SWITCH_RELOADS) {
    // The same build again and again: the update did not change this chunk (a service-worker-only
    // change), or something keeps serving the old files. Stop reloading; apply it once idle if a
    // version is still on its way.
    acceptedButWaiting = next !== null;
    return;
  }
  if (next !== null) {
    next.postMessage(SKIP_WAITING_MESSAGE); // harmless when it is already activating
    if (!(await activated(next, SWITCH_WAIT_MS))) {
      // Still waiting, or activating slowly (a busy machine): either way the person's yes stands,
      // and applyUpdate reloads once it takes control. Only a version that failed is let go.
      acceptedButWaiting = next.state !== 'redundant';
      return;
    }
  }
  // A newer version is active (just now, or already while this page loaded the old files).
  writeAccepted({ from: THIS_BUILD, reloads: accepted.reloads + 1 });
  location.reload();
  await new Promise(() => {}); // the app never starts on the page being replaced
}
