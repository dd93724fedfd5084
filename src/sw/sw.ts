// The service worker: the app works offline after one visit. The build's files (shell, chunks, CSS,
// icons, every tfjs WASM binary) are precached at install, stored with the headers they were
// served with, so pages and workers served from here keep their COOP/COEP (cross-origin isolation,
// for WASM threads) and CSP. Backbone files under /models/ are cached at first use (modelRoute.ts).
// A new version waits until the page says the person accepted the update (SKIP_WAITING), so a
// tab never runs a mix of old and new code, and a running extraction is never cut off; once active
// it keeps serving the outgoing version's files to pages still running it (precacheVersions.ts).
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, PrecacheController, PrecacheRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import {
  MODELS_CACHE,
  SERVED_MODELS_FILE,
  SKIP_WAITING_MESSAGE,
  type ServedModels,
} from '../shared/offline';
import { createModelHandler, modelPath } from './modelRoute';
import {
  activateVersion,
  createPreviousVersionHandler,
  isBuildFile,
  type PrecacheVersionsDeps,
} from './precacheVersions';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<string | { url: string; revision: string | null }>;
};

// Workbox's precache with our own activation (precacheVersions.ts) in place of its cleanup, which
// would delete the outgoing version's files under pages still running it.
const precache = new PrecacheController();
precache.addToCacheList(self.__WB_MANIFEST);
self.addEventListener('install', precache.install);
registerRoute(new PrecacheRoute(precache));
cleanupOutdatedCaches(); // caches of Workbox versions before 4, under other names

const VERSION_RECORD_CACHE = 'graft-precache-version-v1';
const VERSION_RECORD_KEY = new URL('precache-keys.json', self.registration.scope).href;
const versions: PrecacheVersionsDeps = {
  precache: () => caches.open(precache.strategy.cacheName),
  async readCurrent() {
    const record = await (await caches.open(VERSION_RECORD_CACHE)).match(VERSION_RECORD_KEY);
    // Unreadable reads as no record: everything is kept this once, and the record written afresh.
    const keys: unknown = await record?.json().catch(() => null);
    return Array.isArray(keys) && keys.every((key) => typeof key === 'string') ? keys : null;
  },
  async writeCurrent(keys) {
    const cache = await caches.open(VERSION_RECORD_CACHE);
    await cache.put(VERSION_RECORD_KEY, Response.json(keys));
  },
  fetch: (request) => fetch(request),
};

// Every page of the app is index.html (the benchmark page is not part of the installed app).
registerRoute(
  new NavigationRoute(precache.createHandlerBoundToURL('index.html'), {
    denylist: [/\/bench\.html$/],
  }),
);

let servedPaths: Promise<ReadonlySet<string>> | null = null;
async function readServed(): Promise<ReadonlySet<string>> {
  const response = await precache.matchPrecache(SERVED_MODELS_FILE);
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
// Last: build files this version does not precache, asked for by a page of the outgoing version.
const handlePreviousVersion = createPreviousVersionHandler(versions);
registerRoute(
  ({ url }) => isBuildFile(url, self.location.origin, basePath),
  ({ request }) => handlePreviousVersion(request),
);

self.addEventListener('message', (event) => {
  // waitUntil: a waiting worker woken only for this message may be stopped as soon as the handler
  // returns, before skipWaiting() took effect; the update then never applies.
  if (event.data?.type === SKIP_WAITING_MESSAGE.type) event.waitUntil(self.skipWaiting());
});

// The first install takes the open page at once (nothing old to mix with), so it works offline
// without a reload. Later versions reach this only after SKIP_WAITING.
self.addEventListener('activate', (event) =>
  event.waitUntil(
    // Claims the pages even if the cleanup fails: that only leaves old files in the cache.
    activateVersion(versions, [...precache.getURLsToCacheKeys().values()]).finally(() =>
      self.clients.claim(),
    ),
  ),
);
