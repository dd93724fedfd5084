// The service worker: the app works offline after one visit. The build's files (shell, chunks, CSS,
// icons, every tfjs WASM binary) are precached at install, stored with the headers they were
// served with, so pages and workers served from here keep their COOP/COEP (cross-origin isolation,
// for WASM threads) and CSP. Backbone files under /models/ are cached at first use (modelRoute.ts).
// A new version waits until the page says the person accepted the update (SKIP_WAITING), so a
// tab never runs a mix of old and new code, and a running extraction is never cut off.
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, matchPrecache } from 'workbox-precaching';
import { precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import {
  MODELS_CACHE,
  SERVED_MODELS_FILE,
  SKIP_WAITING_MESSAGE,
  type ServedModels,
} from '../shared/offline';
import { createModelHandler, modelPath } from './modelRoute';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every page of the app is index.html (the benchmark page is not part of the installed app).
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\/bench\.html$/] }),
);

let servedPaths: Promise<ReadonlySet<string>> | null = null;
async function readServed(): Promise<ReadonlySet<string>> {
  const response = await matchPrecache(SERVED_MODELS_FILE);
  const served = response ? ((await response.json()) as ServedModels) : {};
  return new Set(Object.values(served).flat());
}

const handleModel = createModelHandler({
  cache: () => caches.open(MODELS_CACHE),
  served: () => (servedPaths ??= readServed()),
  fetch: (request) => fetch(request),
});
const basePath = new URL(self.registration.scope).pathname;
registerRoute(
  ({ url }) => modelPath(url, self.location.origin, basePath) !== null,
  ({ request, url }) => handleModel(request, modelPath(url, self.location.origin, basePath)!),
);

self.addEventListener('message', (event) => {
  // waitUntil: a waiting worker woken only for this message may be stopped as soon as the handler
  // returns, before skipWaiting() took effect; the update then never applies.
  if (event.data?.type === SKIP_WAITING_MESSAGE.type) event.waitUntil(self.skipWaiting());
});

// The first install takes the open page at once (nothing old to mix with), so it works offline
// without a reload. Later versions reach this only after SKIP_WAITING.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
