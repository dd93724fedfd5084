// How the service worker answers requests under /models/ (the app's own backbone weights, 58 MB for
// VGG16): never precached, cached at first use, and never sent to the network for a file this
// build does not serve. Plain dependencies so tests run it in Node.

export interface ModelRouteDeps {
  /** The runtime cache for model files. */
  readonly cache: () => Promise<Pick<Cache, 'match' | 'put'>>;
  /** Paths (relative to the base, "models/vgg16/model.json") that this build serves. */
  readonly served: () => Promise<ReadonlySet<string>>;
  readonly fetch: (request: Request) => Promise<Response>;
}

/** The base-relative path of `url` when it is one of the app's model files, else null. */
export function modelPath(url: URL, origin: string, basePath: string): string | null {
  if (url.origin !== origin || !url.pathname.startsWith(basePath)) return null;
  const path = decodeURIComponent(url.pathname.slice(basePath.length));
  return path.startsWith('models/') ? path : null;
}

export function createModelHandler(deps: ModelRouteDeps) {
  return async (request: Request, path: string): Promise<Response> => {
    const cache = await deps.cache();
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    if (!(await deps.served()).has(path)) {
      // What the server would say, without asking it: the app then falls back to other weights.
      return new Response('This app does not serve that model file.', {
        status: 404,
        headers: { 'Content-Type': 'text/plain' },
      });
    }
    const response = await deps.fetch(request);
    // Only whole, successful answers are kept: a partial or failed one would be served forever.
    if (response.ok && response.status === 200) await cache.put(request, response.clone());
    return response;
  };
}
