// Two versions' files in the precache, not one. Workbox deletes the outgoing version's files the
// moment the new version activates, but pages of the outgoing version may still be running: another
// tab, or the very page whose reload into the update raced the switch (its HTML came from the old
// worker, its scripts are asked of the new one). Their next chunk then 404s from a server that now
// holds only the new build, and the page dies blank. So the new worker keeps the outgoing version's
// files until the version after it activates, and serves them to whoever still asks. Plain
// dependencies so tests run it in Node.

/** The cache keys (URLs, with Workbox's revision parameter where it has one) of one version. */
export type VersionKeys = readonly string[];

export interface PrecacheVersionsDeps {
  /** The precache, shared by every version (Workbox names it by scope, not by version). */
  readonly precache: () => Promise<Pick<Cache, 'keys' | 'delete' | 'match'>>;
  /** The keys of the version that activated last, as written by its own activation. */
  readonly readCurrent: () => Promise<VersionKeys | null>;
  readonly writeCurrent: (keys: VersionKeys) => Promise<void>;
  readonly fetch: (request: Request) => Promise<Response>;
}

/**
 * Run at activation in place of Workbox's cleanup: deletes every precached file that belongs
 * neither to this version nor to the one it replaces, and records this version's keys for the next.
 * Returns the URLs deleted.
 */
export async function activateVersion(
  deps: PrecacheVersionsDeps,
  keys: VersionKeys,
): Promise<string[]> {
  const outgoing = await deps.readCurrent();
  const deleted: string[] = [];
  // No record: the outgoing version predates it, and as it cleaned up after its own predecessor,
  // everything in the cache is its files or ours. Keep it all this once.
  if (outgoing !== null) {
    const keep = new Set([...keys, ...outgoing]);
    const cache = await deps.precache();
    for (const request of await cache.keys()) {
      if (keep.has(request.url)) continue;
      await cache.delete(request);
      deleted.push(request.url);
    }
  }
  await deps.writeCurrent(keys);
  return deleted;
}

/**
 * Answers a request for a build file (hashed, under assets/) that this version does not precache:
 * from the outgoing version's files when it is one of them, else from the network.
 */
export function createPreviousVersionHandler(deps: PrecacheVersionsDeps) {
  return async (request: Request): Promise<Response> => {
    // Hashed files are precached under their plain URL (no revision parameter).
    const kept = await (await deps.precache()).match(request.url);
    return kept ?? deps.fetch(request);
  };
}

/** Whether `url` names a build file: hashed, so one URL is one content in every version. */
export function isBuildFile(url: URL, origin: string, basePath: string): boolean {
  return url.origin === origin && url.pathname.startsWith(`${basePath}assets/`);
}
