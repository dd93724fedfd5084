// A local HTTP server (127.0.0.1, random port) that serves one file the way a flaky CDN might:
// honouring Range requests or not, and dropping the connection midway on chosen requests.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServeOptions {
  /** Answer `Range: bytes=N-` with 206 (default true); false: always the whole file with 200. */
  readonly honourRange?: boolean;
  /** For request i (0-based), send this many bytes of the body, then cut the connection. */
  readonly dropAfter?: (requestIndex: number) => number | null;
  /** For request i, send this many bytes, then hold the connection open without sending more. */
  readonly stallAfter?: (requestIndex: number) => number | null;
  /** Answer request i with this status and no body (404, 500...), or null for the file. */
  readonly status?: (requestIndex: number) => number | null;
}

export interface ServedFile {
  readonly url: string;
  /** The Range header of each request, or null: what the client asked for, in order. */
  readonly ranges: (string | null)[];
  close(): Promise<void>;
}

export async function serveFile(
  bytes: Uint8Array,
  options: ServeOptions = {},
): Promise<ServedFile> {
  const ranges: (string | null)[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const index = ranges.length;
    const range = req.headers.range ?? null;
    ranges.push(range);
    const status = options.status?.(index) ?? null;
    if (status !== null) {
      res.writeHead(status).end();
      return;
    }
    let start = 0;
    const m = range && /^bytes=(\d+)-$/.exec(range);
    if (m && options.honourRange !== false) start = Number(m[1]);
    if (start >= bytes.length && start > 0) {
      res.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` }).end();
      return;
    }
    const body = bytes.subarray(start);
    res.writeHead(start > 0 ? 206 : 200, {
      'Content-Length': String(body.length),
      'Content-Type': 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      ...(start > 0
        ? { 'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` }
        : {}),
    });
    const stall = options.stallAfter?.(index) ?? null;
    if (stall !== null) {
      res.write(body.subarray(0, stall));
      return;
    }
    const drop = options.dropAfter?.(index) ?? null;
    if (drop === null) {
      res.end(body);
      return;
    }
    res.write(body.subarray(0, drop), () => req.socket.destroy());
  };
  const server = createServer(handle);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/weights/file.h5`,
    ranges,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens: connections are refused at once. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return `http://127.0.0.1:${port}/weights/file.h5`;
}
