// Names and types the service worker, the build, the page and its components agree on for working
// offline and installing the app.
import type { BuiltinBackboneId } from './backbone';

/** Cache Storage cache holding the app's own backbone files (public/models), filled at first use. */
export const MODELS_CACHE = 'graft-models-v1';

/**
 * Written at build time next to index.html and precached: every file under public/models that this
 * build serves, by backbone id. The service worker answers other /models/ paths itself (404) so
 * that probing for weights never reaches the network, and the page reads it to say which
 * backbones are ready offline.
 */
export const SERVED_MODELS_FILE = 'served-models.json';

/** Backbone id -> paths relative to the app's base, e.g. "models/vgg16/model.json". */
export type ServedModels = Readonly<Record<string, readonly string[]>>;

/** Posted by the page to a waiting service worker when the person accepts the update. */
export const SKIP_WAITING_MESSAGE = { type: 'SKIP_WAITING' } as const;

/**
 * Whether a built-in backbone can run with no network, and with which weights:
 * - installed: real weights kept in this browser (IndexedDB);
 * - cached: the app's own served weights, cached by the service worker;
 * - needs-network: the app serves real weights, not fetched yet (offline, generated ones would run);
 * - generated: no real weights anywhere; seeded test weights, which need nothing.
 */
export type OfflineReadiness = 'installed' | 'cached' | 'needs-network' | 'generated';

export type BackboneReadiness = Readonly<Record<BuiltinBackboneId, OfflineReadiness>>;

/** The service worker's side of the app, as the page shows it. */
export interface AppShellStatus {
  readonly online: boolean;
  /** The service worker controls the page: a reload works without a network. */
  readonly offlineReady: boolean;
  /** The browser offered installation (beforeinstallprompt) and it has not happened yet. */
  readonly canInstall: boolean;
  /**
   * none; available: a new version is waiting; deferred: accepted, applies when the running work
   * ends; reload-needed: another tab applied it, this one still runs the old code.
   */
  readonly update: 'none' | 'available' | 'deferred' | 'reload-needed';
}

/** Storage as the page shows it: usage against quota, and whether eviction is ruled out. */
export interface StorageStatus {
  readonly usageBytes: number;
  readonly quotaBytes: number;
  readonly persisted: boolean;
  /** persist() was asked (once, when the first dataset was imported). */
  readonly asked: boolean;
}
