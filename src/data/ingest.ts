// Dropped files -> dataset manifest: labels from folders, formats from magic bytes, structure and
// pixel size from headers, identity from SHA-256, duplicates merged, ambiguous labels set aside,
// splits assigned. Runs in the worker.
import type { ContentHash } from '../shared/brand';
import type {
  DatasetImage,
  DatasetManifest,
  DroppedFile,
  LabelConflict,
  SkippedFile,
} from '../shared/dataset';
import { MAX_FILE_BYTES, canDownscaleJpeg } from './decodePlan';
import type { DecodeHint } from './decode';
import { createLimiter } from '../shared/limit';
import { createThrottle } from '../shared/throttle';
import { compareCodePoints } from '../shared/order';
import { assignSplits, countSplits } from './split';
import { throwIfAborted } from '../shared/text';
import type { KnownFile } from '../shared/stores';
import { examine, type Candidate } from './examine';
import { fileStamp } from './fileStamp';

export { classFoldersSeen, datasetProblems } from './problems';

export const DEFAULT_MAX_FILE_BYTES = MAX_FILE_BYTES;
// Each hash holds a whole file in memory: 4 keeps the disk busy without holding 4 GB at worst.
const HASH_CONCURRENCY = 4;
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
  /** Files read before, by stamp (fileStamp.ts): taken as they were, without reading them again. */
  readonly known?: ReadonlyMap<string, KnownFile>;
}

export interface IngestResult {
  readonly manifest: DatasetManifest;
  /** The bytes of every image in manifest.images, by content hash. */
  readonly blobs: Map<ContentHash, Blob>;
  /** How to decode each of them, from the header import already read (missing: read it again). */
  readonly decodeHints?: ReadonlyMap<ContentHash, DecodeHint>;
}

export interface IngestOutcome extends IngestResult {
  /** What this import read that `known` did not have, by stamp: for the next import to reuse. */
  readonly learned: ReadonlyMap<string, KnownFile>;
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
): Promise<IngestOutcome> {
  const { splitSeed, signal } = options;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const downscaleJpeg = options.canDownscaleJpeg ?? canDownscaleJpeg();
  const skipped: SkippedFile[] = [...(options.alreadySkipped ?? [])];
  const candidates: Candidate[] = [];
  const learned = new Map<string, KnownFile>();
  const progress = throttledProgress(files.length, options.onProgress);
  const limit = createLimiter(HASH_CONCURRENCY);

  try {
    throwIfAborted(signal, 'Importing the dataset');
    await Promise.all(
      files.map((dropped) =>
        limit(async () => {
          throwIfAborted(signal, 'Importing the dataset');
          const stamp = fileStamp(dropped);
          const known = stamp === null ? undefined : options.known?.get(stamp);
          const outcome = await examine(dropped, maxFileBytes, downscaleJpeg, known);
          if ('reason' in outcome) skipped.push(outcome);
          else candidates.push(outcome);
          if (stamp !== null && !known && 'id' in outcome) {
            learned.set(stamp, { id: outcome.id, info: outcome.info });
          }
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
    learned,
  };
}
