// The service worker keeps the outgoing version's files when a new one activates, serves them to
// pages still running it, and drops a version once two newer ones have activated.
import { describe, expect, it, vi } from 'vitest';
import {
  activateVersion,
  createPreviousVersionHandler,
  isBuildFile,
  type PrecacheVersionsDeps,
  type VersionKeys,
} from '../../../src/sw/precacheVersions';

const ORIGIN = 'http://127.0.0.1:4312';
const url = (path: string) => `${ORIGIN}${path}`;

/** One version's precache keys: its hashed chunk, and its index.html under a revision. */
const version = (name: string): VersionKeys => [
  url(`/assets/main-${name}.js`),
  url(`/index.html?__WB_REVISION__=${name}`),
  url('/assets/shared-chunk.js'),
];

function fakeStorage() {
  const precache = new Map<string, string>();
  let record: VersionKeys | null = null;
  const network = vi.fn(async () => new Response('from the network', { status: 404 }));
  const deps: PrecacheVersionsDeps = {
    precache: async () =>
      ({
        keys: async () => [...precache.keys()].map((key) => new Request(key)),
        delete: async (request: RequestInfo | URL) =>
          precache.delete(request instanceof Request ? request.url : String(request)),
        match: async (request: RequestInfo | URL) => {
          const body = precache.get(request instanceof Request ? request.url : String(request));
          return body === undefined ? undefined : new Response(body);
        },
      }) as unknown as Cache,
    readCurrent: async () => record,
    writeCurrent: async (keys) => {
      record = keys;
    },
    fetch: network,
  };
  /** What Workbox's install does: the version's files land in the shared precache. */
  const install = (keys: VersionKeys) => keys.forEach((key) => precache.set(key, key));
  return { precache, deps, install, network };
}

describe('activateVersion', () => {
  it('keeps the outgoing version, drops the one before it', async () => {
    const { precache, deps, install } = fakeStorage();
    for (const name of ['a', 'b', 'c']) {
      install(version(name));
      await activateVersion(deps, version(name));
    }
    expect([...precache.keys()].sort()).toEqual(
      [...new Set([...version('b'), ...version('c')])].sort(),
    );
  });

  it('with no record (a version from before it), deletes nothing and records itself', async () => {
    const { precache, deps, install } = fakeStorage();
    install(version('old'));
    install(version('new'));
    expect(await activateVersion(deps, version('new'))).toEqual([]);
    expect(precache.size).toBe(5);
    expect(await deps.readCurrent()).toEqual(version('new'));
  });

  it('never deletes a file both versions share', async () => {
    const { precache, deps, install } = fakeStorage();
    for (const name of ['a', 'b', 'c', 'd']) {
      install(version(name));
      await activateVersion(deps, version(name));
    }
    expect(precache.has(url('/assets/shared-chunk.js'))).toBe(true);
    expect(precache.has(url('/assets/main-b.js'))).toBe(false);
  });
});

describe('the previous version route', () => {
  it('answers a kept file from the cache and anything else from the network', async () => {
    const { deps, install, network } = fakeStorage();
    install(version('a'));
    const handle = createPreviousVersionHandler(deps);
    expect(await (await handle(new Request(url('/assets/main-a.js')))).text()).toBe(
      url('/assets/main-a.js'),
    );
    expect(network).not.toHaveBeenCalled();
    expect((await handle(new Request(url('/assets/main-zz.js')))).status).toBe(404);
    expect(network).toHaveBeenCalledOnce();
  });

  it.each([
    ['/assets/main-a.js', '/', true],
    ['/app/assets/x.css', '/app/', true],
    ['/models/vgg16/model.json', '/', false],
    ['/index.html', '/', false],
  ])('%s under base %s is a build file: %s', (path, base, expected) => {
    expect(isBuildFile(new URL(path, ORIGIN), ORIGIN, base)).toBe(expected);
  });

  it('is not a build file on another origin', () => {
    expect(isBuildFile(new URL('https://example.com/assets/main.js'), ORIGIN, '/')).toBe(false);
  });
});
