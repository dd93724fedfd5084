// Which built-in backbones can run with no network (shown in the "On this device" panel): weights
// installed in this browser, the app's served weights once the service worker has cached them, or
// generated test weights.
import { BUILTIN_BACKBONE_FACTS, type BuiltinBackboneId } from '../shared/backbone';
import {
  MODELS_CACHE,
  SERVED_MODELS_FILE,
  type BackboneReadiness,
  type OfflineReadiness,
  type ServedModels,
} from '../shared/offline';

export function readinessOf(
  id: BuiltinBackboneId,
  installed: ReadonlySet<string>,
  served: ServedModels,
  isCached: (path: string) => boolean,
): OfflineReadiness {
  if (installed.has(id)) return 'installed';
  const files = served[id];
  if (!files || files.length === 0) return 'generated';
  return files.every(isCached) ? 'cached' : 'needs-network';
}

/** The build's served-models.json (precached, so this works offline); {} in dev or when absent. */
async function readServed(base: string): Promise<ServedModels> {
  try {
    const response = await fetch(new URL(SERVED_MODELS_FILE, base));
    if (!response.ok || !response.headers.get('content-type')?.includes('json')) return {};
    return (await response.json()) as ServedModels;
  } catch {
    return {};
  }
}

async function cachedPaths(base: string, served: ServedModels): Promise<Set<string>> {
  const found = new Set<string>();
  if (!('caches' in self)) return found;
  const cache = await caches.open(MODELS_CACHE);
  for (const path of Object.values(served).flat()) {
    if (await cache.match(new URL(path, base).href, { ignoreSearch: true })) found.add(path);
  }
  return found;
}

export async function backboneReadiness(
  installedIds: readonly string[],
  base = new URL(import.meta.env.BASE_URL, location.href).href,
): Promise<BackboneReadiness> {
  const served = await readServed(base);
  const cached = await cachedPaths(base, served);
  const installed = new Set(installedIds);
  const ids = Object.keys(BUILTIN_BACKBONE_FACTS) as BuiltinBackboneId[];
  return Object.fromEntries(
    ids.map((id) => [id, readinessOf(id, installed, served, (path) => cached.has(path))]),
  ) as Record<BuiltinBackboneId, OfflineReadiness>;
}
