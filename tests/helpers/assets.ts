// Where the shared test assets live (beside the repository, never inside it), and a tiny static
// server that serves them to the app with the headers cross-origin isolation requires.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

export const ASSETS_DIR = resolve(import.meta.dirname, '../../../shared/assets');
export const hasAssets = existsSync(ASSETS_DIR);
export const MISSING_ASSETS_REASON = `shared test assets not found at ${ASSETS_DIR}`;

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
};

export interface StaticServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1; `extra` maps paths to generated bodies (e.g. a backbone descriptor). */
export async function serveStatic(
  root: string,
  extra: Record<string, string> = {},
): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    const generated = extra[path];
    if (generated !== undefined) {
      res.setHeader('Content-Type', 'application/json');
      res.end(generated);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
