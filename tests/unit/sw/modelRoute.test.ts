// The service worker's /models/ route: cached files come from the cache, files the build does not
// serve never reach the network, served files are fetched once and kept.
import { describe, expect, it, vi } from 'vitest';
import { createModelHandler, modelPath } from '../../../src/sw/modelRoute';

const ORIGIN = 'http://127.0.0.1:4312';

function fakeCache() {
  const entries = new Map<string, Response>();
  return {
    entries,
    match: vi.fn(async (request: RequestInfo | URL) => {
      const url = new URL(request instanceof Request ? request.url : String(request));
      return entries.get(url.origin + url.pathname)?.clone();
    }),
    put: vi.fn(async (request: RequestInfo | URL, response: Response) => {
      entries.set(request instanceof Request ? request.url : String(request), response);
    }),
  };
}

function handlerWith(served: string[], answer: () => Response) {
  const cache = fakeCache();
  const fetch = vi.fn(async () => answer());
  const handle = createModelHandler({
    cache: async () => cache as unknown as Cache,
    served: async () => new Set(served),
    fetch,
  });
  return { cache, fetch, handle };
}

describe('modelPath', () => {
  it.each([
    ['/models/vgg16/model.json', '/', 'models/vgg16/model.json'],
    ['/app/models/vgg16/group1-shard1of2.bin', '/app/', 'models/vgg16/group1-shard1of2.bin'],
    ['/assets/main.js', '/', null],
    ['/app/models/x.json', '/', null],
  ])('%s under base %s -> %s', (path, base, expected) => {
    expect(modelPath(new URL(path, ORIGIN), ORIGIN, base)).toBe(expected);
  });

  it('ignores other origins', () => {
    expect(modelPath(new URL('https://example.com/models/vgg16/model.json'), ORIGIN, '/')).toBe(
      null,
    );
  });
});

describe('model route', () => {
  const url = `${ORIGIN}/models/vgg16/model.json`;

  it('answers a file this build does not serve with 404, without the network', async () => {
    const { handle, fetch } = handlerWith([], () => new Response('{}'));
    const response = await handle(new Request(url), 'models/vgg16/model.json');
    expect(response.status).toBe(404);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('fetches a served file once, then answers from the cache', async () => {
    const { handle, fetch } = handlerWith(['models/vgg16/model.json'], () =>
      Response.json({ weights: 1 }),
    );
    const first = await handle(new Request(url), 'models/vgg16/model.json');
    const second = await handle(new Request(`${url}?v=2`), 'models/vgg16/model.json');
    expect(await first.json()).toEqual({ weights: 1 });
    expect(await second.json()).toEqual({ weights: 1 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('does not keep a failed answer', async () => {
    const { handle, cache } = handlerWith(
      ['models/vgg16/model.json'],
      () => new Response('oops', { status: 500 }),
    );
    expect((await handle(new Request(url), 'models/vgg16/model.json')).status).toBe(500);
    expect(cache.put).not.toHaveBeenCalled();
  });
});
