// Dropped files -> dataset manifest: labels from folders, formats from magic bytes, structure and
// pixel size from headers, identity from SHA-256, duplicates merged, ambiguous labels set aside,
// splits assigned. Runs in the worker.
import type { ContentHash } from '../shared/brand';
import type {
  DatasetImage,
  DatasetManifest,
  DroppedFile,
  ImageFormat,
  LabelConflict,
  SkippedFile,
  SkipReason,
} from '../shared/dataset';
import { MAX_FILE_BYTES, canDownscaleJpeg, planDecode } from './decodePlan';
import type { DecodeHint } from './decode';
import { sha256Hex } from './hash';
import { readImageHeader } from './imageHeader';
import { createLimiter } from '../shared/limit';
import { createThrottle } from '../shared/throttle';
import { classifyPath } from './paths';
import { compareCodePoints } from '../shared/order';
import { DESCRIBE_BYTES, SNIFF_BYTES, describeNonImage, sniffImageFormat } from './sniff';
import { assignSplits, countSplits } from './split';
import { formatBytes, throwIfAborted } from '../shared/text';

export { classFoldersSeen, datasetProblems } from './problems';

export const DEFAULT_MAX_FILE_BYTES = MAX_FILE_BYTES;
// Each hash holds a whole file in memory: 4 keeps the disk busy without holding 4 GB at worst.
const HASH_CONCURRENCY = 4;
/** Files up to this size are read in one go (sniffing included); bigger ones are sniffed first. */
const READ_WHOLE_BELOW = 8 * 1024 * 1024;
const PROGRESS_INTERVAL_MS = 100;

export interface IngestOptions {
  readonly splitSeed: number;
  /** Larger files are skipped as 'too-large' without being read. Default 100 MB. */
  readonly maxFileBytes?: number;
  /** At most every ~100 ms, and always once at the end with done === total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Aborting rejects with a DOMException named 'AbortError'. */
  readonly signal?: AbortSignal;
  /** Files already known to be skipped (the walker's unreadable ones), carried into the manifest. */
  readonly alreadySkipped?: readonly SkippedFile[];
  /** Whether JPEGs too large to decode whole can be decoded downscaled; default: ImageDecoder exists. */
  readonly canDownscaleJpeg?: boolean;
}

export interface IngestResult {
  readonly manifest: DatasetManifest;
  /** The bytes of every image in manifest.images, by content hash. */
  readonly blobs: Map<ContentHash, Blob>;
  /** How to decode each of them, from the header import already read (missing: read it again). */
  readonly decodeHints?: ReadonlyMap<ContentHash, DecodeHint>;
}

export interface Candidate {
  readonly path: string;
  readonly className: string;
  readonly id: ContentHash;
  readonly format: ImageFormat;
  readonly file: Blob;
  readonly hint: DecodeHint;
}

function skip(path: string, reason: SkipReason, detail?: string): SkippedFile {
  return detail === undefined ? { path, reason } : { path, reason, detail };
}

function errorDetail(err: unknown): string {
  return err instanceof Error && err.message
    ? `could not read the file: ${err.message}`
    : 'could not read the file';
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Reads as little as it can to decide a file's fate: nothing for hidden or oversized files. */
export async function examine(
  dropped: DroppedFile,
  maxFileBytes: number,
  downscaleJpeg: boolean,
): Promise<Candidate | SkippedFile> {
  const { path, file } = dropped;
  const where = classifyPath(path);
  if (where.kind === 'hidden') return skip(path, 'hidden');
  if (file.size === 0) return skip(path, 'empty-file');
  if (file.size > maxFileBytes) {
    return skip(
      path,
      'too-large',
      `${formatBytes(file.size)} is over the ${formatBytes(maxFileBytes)} limit`,
    );
  }

  // Most photos are read once, whole; a big file is sniffed first, so a large non-image is never
  // read in full just to be refused.
  let whole: ArrayBuffer | null = null;
  let head: Uint8Array;
  try {
    if (file.size <= READ_WHOLE_BELOW) {
      whole = await file.arrayBuffer();
      head = new Uint8Array(whole, 0, Math.min(whole.byteLength, DESCRIBE_BYTES));
    } else {
      head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
    }
  } catch (err) {
    return skip(path, 'unreadable', errorDetail(err));
  }
  const format = sniffImageFormat(head.subarray(0, SNIFF_BYTES));
  if (format === null) {
    // A longer look, only for files already known not to be images, to say what they are instead.
    if (!whole) {
      try {
        head = new Uint8Array(await file.slice(0, DESCRIBE_BYTES).arrayBuffer());
      } catch {
        // the first bytes are enough for the generic sentence
      }
    }
    return skip(path, 'not-an-image', describeNonImage(head, fileName(path)));
  }
  if (where.kind === 'top-level') {
    return skip(path, 'outside-class-folder', 'put images inside a folder named after their class');
  }

  let bytes: ArrayBuffer;
  try {
    bytes = whole ?? (await file.arrayBuffer());
  } catch (err) {
    return skip(path, 'unreadable', errorDetail(err));
  }
  const header = readImageHeader(new Uint8Array(bytes), format);
  if (!header.ok) return skip(path, 'unreadable', header.problem);
  const plan = planDecode(header.info, downscaleJpeg);
  if (plan.kind === 'refuse') return skip(path, 'too-large', plan.detail);
  // Outside the try: a missing crypto.subtle is the app's problem, not this file's.
  const id = await sha256Hex(bytes);
  return { path, className: where.className, id, format, file, hint: { format, plan } };
}

function throttledProgress(total: number, onProgress: IngestOptions['onProgress']) {
  let done = 0;
  let sent = -1;
  const throttle = createThrottle(PROGRESS_INTERVAL_MS, () => {
    sent = done;
    onProgress?.(done, total);
  });
  return {
    step(): void {
      done++;
      throttle.request(done === total);
    },
    /** Reports the end (once), and nothing after it. */
    finish(): void {
      throttle.cancel();
      if (sent !== total) throttle.request(true);
    },
    /** Nothing more to report: the import failed or was cancelled. */
    stop(): void {
      throttle.cancel();
    },
  };
}

/** One image per content hash per class; hashes found under two classes become conflicts. */
function resolveDuplicates(candidates: Candidate[]) {
  const byId = new Map<ContentHash, Candidate[]>();
  for (const c of [...candidates].sort((a, b) => compareCodePoints(a.path, b.path))) {
    const group = byId.get(c.id);
    if (group) group.push(c);
    else byId.set(c.id, [c]);
  }
  const kept: Candidate[] = [];
  const conflicts: LabelConflict[] = [];
  let duplicatesMerged = 0;
  for (const [id, group] of byId) {
    const classNames = [...new Set(group.map((c) => c.className))].sort(compareCodePoints);
    const [first] = group;
    if (classNames.length > 1) {
      conflicts.push({ id, paths: group.map((c) => c.path), classNames });
    } else if (first) {
      // Group is path-sorted, so the copy kept is the lexicographically first path.
      kept.push(first);
      duplicatesMerged += group.length - 1;
    }
  }
  return { kept, conflicts, duplicatesMerged };
}

/**
 * Builds the manifest from dropped files. Reads each file's first bytes to sniff its format and
 * hashes full images, a few at a time. Output order depends only on the files, never on timing.
 */
export async function ingestFiles(
  files: readonly DroppedFile[],
  options: IngestOptions,
): Promise<IngestResult> {
  const { splitSeed, signal } = options;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const downscaleJpeg = options.canDownscaleJpeg ?? canDownscaleJpeg();
  const skipped: SkippedFile[] = [...(options.alreadySkipped ?? [])];
  const candidates: Candidate[] = [];
  const progress = throttledProgress(files.length, options.onProgress);
  const limit = createLimiter(HASH_CONCURRENCY);

  try {
    throwIfAborted(signal, 'Importing the dataset');
    await Promise.all(
      files.map((dropped) =>
        limit(async () => {
          throwIfAborted(signal, 'Importing the dataset');
          const outcome = await examine(dropped, maxFileBytes, downscaleJpeg);
          if ('reason' in outcome) skipped.push(outcome);
          else candidates.push(outcome);
          progress.step();
        }),
      ),
    );
    throwIfAborted(signal, 'Importing the dataset');
  } catch (error) {
    progress.stop();
    throw error;
  }
  progress.finish();

  const { kept, conflicts, duplicatesMerged } = resolveDuplicates(candidates);
  const classNames = [...new Set(kept.map((c) => c.className))].sort(compareCodePoints);
  const classIndex = new Map(classNames.map((name, i) => [name, i]));
  const indexOf = (c: Candidate): number => classIndex.get(c.className) ?? -1;
  const splits = assignSplits(
    kept.map((c) => ({ id: c.id, classIndex: indexOf(c) })),
    splitSeed,
  );

  const images: DatasetImage[] = kept.map((c) => ({
    id: c.id,
    path: c.path,
    classIndex: indexOf(c),
    format: c.format,
    split: splits.get(c.id) ?? 'train',
    bytes: c.file.size,
  }));
  images.sort((a, b) => compareCodePoints(a.path, b.path));
  const counts = countSplits(images, classNames.length);

  const manifest: DatasetManifest = {
    classes: classNames.map((name, i) => ({
      name,
      counts: counts[i] ?? { train: 0, val: 0, test: 0 },
    })),
    images,
    skipped: skipped.sort(
      (a, b) => compareCodePoints(a.path, b.path) || compareCodePoints(a.reason, b.reason),
    ),
    conflicts,
    duplicatesMerged,
    splitSeed,
  };
  return {
    manifest,
    blobs: new Map(kept.map((c) => [c.id, c.file])),
    decodeHints: new Map(kept.map((c) => [c.id, c.hint])),
  };
}
