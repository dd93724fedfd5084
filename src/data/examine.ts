// One dropped file's fate at import: skipped with a reason, or an image with its format, header,
// decode plan and content hash, reading as little of the file as that takes.
import type { ContentHash } from '../shared/brand';
import type {
  DroppedFile,
  ImageFormat,
  ImageInfo,
  SkippedFile,
  SkipReason,
} from '../shared/dataset';
import type { KnownFile } from '../shared/stores';
import { planDecode } from './decodePlan';
import type { DecodeHint } from './decode';
import { sha256Hex } from './hash';
import { readImageHeader } from './imageHeader';
import { classifyPath } from './paths';
import { DESCRIBE_BYTES, SNIFF_BYTES, describeNonImage, sniffImageFormat } from './sniff';
import { formatBytes } from '../shared/text';

/** Files up to this size are read in one go (sniffing included); bigger ones are sniffed first. */
const READ_WHOLE_BELOW = 8 * 1024 * 1024;

export interface Candidate {
  readonly path: string;
  readonly className: string;
  readonly id: ContentHash;
  readonly format: ImageFormat;
  readonly file: Blob;
  readonly hint: DecodeHint;
  readonly info: ImageInfo;
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

/**
 * Reads as little as it can to decide a file's fate: nothing for hidden or oversized files, nor for
 * a `known` one (read by an earlier import: same path, size and modification time).
 */
export async function examine(
  dropped: DroppedFile,
  maxFileBytes: number,
  downscaleJpeg: boolean,
  known?: KnownFile,
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

  if (known && where.kind === 'class')
    return candidateOf(dropped, where.className, known.id, known.info, downscaleJpeg);

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
  // Outside the try: a missing crypto.subtle is the app's problem, not this file's.
  const id = await sha256Hex(bytes);
  return candidateOf(dropped, where.className, id, header.info, downscaleJpeg);
}

function candidateOf(
  { path, file }: DroppedFile,
  className: string,
  id: ContentHash,
  info: ImageInfo,
  downscaleJpeg: boolean,
): Candidate | SkippedFile {
  const plan = planDecode(info, downscaleJpeg);
  if (plan.kind === 'refuse') return skip(path, 'too-large', plan.detail);
  const { format } = info;
  return { path, className, id, format, file, hint: { format, plan }, info };
}
