// Downloads a large file into a `.part` file, resuming with an HTTP Range request after a dropped
// connection (or starting over cleanly when the server ignores Range), with bounded retries and
// progress callbacks. Failing to connect at all fails fast: offline, retrying only delays `npm start`.

import { open, rm, stat } from 'node:fs/promises';

export interface DownloadProgress {
  readonly received: number;
  /** Total size when the server said it, else null. */
  readonly total: number | null;
}

export interface DownloadOptions {
  readonly url: string;
  readonly partPath: string;
  /** Known size of the whole file: lets a complete `.part` be recognised and an oversized one dropped. */
  readonly expectedBytes?: number | null;
  /** Further attempts after the first (default 3). */
  readonly retries?: number;
  /** Delay before the first retry, doubled each time (default 1000 ms). */
  readonly retryDelayMs?: number;
  /** Abort an attempt that receives nothing for this long (default 30 s). */
  readonly stallTimeoutMs?: number;
  readonly onProgress?: (progress: DownloadProgress) => void;
}

export type DownloadResult =
  { readonly ok: true; readonly bytes: number } | { readonly ok: false; readonly message: string };

type Attempt =
  | { readonly done: true; readonly bytes: number }
  | { readonly done: false; readonly message: string; readonly retryable: boolean };

/**
 * Failures worth another try before any byte arrived: a connection reset or timed out. Anything
 * else (no DNS, refused, unreachable, a bad URL) fails at once: offline, retries only delay start.
 */
const TRANSIENT = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
]);

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function errorCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code ?? (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(e: unknown): string {
  const code = errorCode(e);
  const message = e instanceof Error ? e.message : String(e);
  const cause = (e as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : undefined;
  return [message, detail ?? code].filter(Boolean).join(': ');
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** `bytes 100-199/1000` -> start and total (total null when `*`). */
function parseContentRange(header: string | null): { start: number; total: number | null } | null {
  const m = header && /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header.trim());
  if (!m) return null;
  return { start: Number(m[1]), total: m[2] === '*' ? null : Number(m[2]) };
}

async function attempt(options: DownloadOptions): Promise<Attempt> {
  const { url, partPath, expectedBytes = null } = options;
  let have = await sizeOf(partPath);
  if (expectedBytes !== null && have > expectedBytes) {
    await rm(partPath, { force: true });
    have = 0;
  }
  if (expectedBytes !== null && have === expectedBytes) return { done: true, bytes: have };

  const controller = new AbortController();
  const stallMs = options.stallTimeoutMs ?? 30_000;
  let stall: ReturnType<typeof setTimeout> | undefined;
  /** (Re)starts the stall clock: called when the attempt starts and on every chunk. */
  const arm = () => {
    clearTimeout(stall);
    const reason = new Error(`no data for ${stallMs / 1000} s`);
    stall = setTimeout(() => controller.abort(reason), stallMs);
  };
  arm();
  try {
    let response: Response;
    try {
      const headers: Record<string, string> = have > 0 ? { Range: `bytes=${have}-` } : {};
      response = await fetch(url, { headers, signal: controller.signal });
    } catch (e) {
      const code = errorCode(e);
      const stalled = controller.signal.aborted;
      return {
        done: false,
        message: describe(e),
        retryable: stalled || (code !== undefined && TRANSIENT.has(code)),
      };
    }
    if (response.status === 416) {
      // The server cannot resume from our offset: the part is stale. Start over.
      await rm(partPath, { force: true });
      return { done: false, message: 'the server refused to resume (HTTP 416)', retryable: true };
    }
    if (!response.ok || !response.body) {
      const transient =
        response.status >= 500 || response.status === 408 || response.status === 429;
      return {
        done: false,
        message: `HTTP ${response.status} ${response.statusText} from ${url}`,
        retryable: transient,
      };
    }

    let append = false;
    let total: number | null = null;
    if (response.status === 206) {
      const range = parseContentRange(response.headers.get('content-range'));
      if (!range || range.start !== have) {
        await rm(partPath, { force: true });
        return {
          done: false,
          message: 'the server resumed from the wrong offset',
          retryable: true,
        };
      }
      append = true;
      total = range.total;
    } else {
      const length = response.headers.get('content-length');
      total = length === null ? null : Number(length);
    }

    let received = append ? have : 0;
    const file = await open(partPath, append ? 'a' : 'w');
    const reader = response.body.getReader();
    options.onProgress?.({ received, total });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await file.write(value);
        received += value.byteLength;
        arm();
        options.onProgress?.({ received, total });
      }
    } catch (e) {
      return {
        done: false,
        message: `the connection dropped at ${mb(received)}: ${describe(e)}`,
        retryable: true,
      };
    } finally {
      await file.close();
    }
    if (total !== null && received < total) {
      return {
        done: false,
        message: `the connection closed at ${mb(received)} of ${mb(total)}`,
        retryable: true,
      };
    }
    return { done: true, bytes: received };
  } finally {
    clearTimeout(stall);
  }
}

/**
 * Downloads `url` into `partPath` (resuming a `.part` left by an earlier run). The caller checks
 * size and hash, then uses or deletes the file. A failed download keeps the `.part` for resuming.
 */
export async function downloadWithResume(options: DownloadOptions): Promise<DownloadResult> {
  const attempts = 1 + (options.retries ?? 3);
  const delay = options.retryDelayMs ?? 1000;
  let last = '';
  for (let i = 0; i < attempts; i++) {
    const result = await attempt(options);
    if (result.done) return { ok: true, bytes: result.bytes };
    last = result.message;
    if (!result.retryable) break;
    if (i + 1 < attempts) await new Promise((r) => setTimeout(r, delay * 2 ** i));
  }
  return { ok: false, message: last };
}
