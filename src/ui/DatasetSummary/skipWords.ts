// Why a file was left out, in words for the person who dropped it: a short label per reason, and a
// default explanation for reasons that carry no detail of their own.
import type { SkipReason, SkippedFile } from '../../shared/dataset';

const LABELS: Record<SkipReason, string> = {
  'not-an-image': 'Not an image',
  'empty-file': 'Empty file',
  hidden: 'Hidden or system file',
  'outside-class-folder': 'Not in a class folder',
  unreadable: 'Could not be read',
  'too-large': 'Too large',
};

const DEFAULT_DETAIL: Record<SkipReason, string> = {
  'not-an-image': 'not JPEG, PNG, WebP, GIF or BMP',
  'empty-file': 'the file has 0 bytes',
  hidden: 'made by the operating system or a zip tool, not one of your photos',
  'outside-class-folder': 'put images inside a folder named after their class',
  unreadable: 'the file could not be read',
  'too-large': 'the file is larger than this app reads',
};

export function skipLabel(reason: SkipReason): string {
  return LABELS[reason];
}

export function skipDetail(file: SkippedFile): string {
  return file.detail ?? DEFAULT_DETAIL[file.reason];
}

/** `cats/sub/x.jpg` -> `['x.jpg', 'cats/sub']`; a top-level file has no folder. */
export function splitPath(path: string): readonly [name: string, folder: string] {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? [path, ''] : [path.slice(slash + 1), path.slice(0, slash)];
}

// Singular and plural, in the order the summary lists them.
const REASON_WORDS: Record<SkipReason, readonly [one: string, many: string]> = {
  'not-an-image': ['not an image', 'not images'],
  'empty-file': ['empty', 'empty'],
  hidden: ['hidden or system file', 'hidden or system files'],
  'outside-class-folder': ['outside a class folder', 'outside a class folder'],
  unreadable: ['unreadable', 'unreadable'],
  'too-large': ['too large', 'too large'],
};
const REASON_ORDER = Object.keys(REASON_WORDS) as SkipReason[];

/**
 * "12 files skipped: 9 not images, 3 unreadable". Empty string when nothing was skipped, so the
 * UI can render the line only when there is something to say.
 */
export function describeSkipped(skipped: readonly SkippedFile[]): string {
  if (skipped.length === 0) return '';
  const counts = new Map<SkipReason, number>();
  for (const { reason } of skipped) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = REASON_ORDER.flatMap((reason) => {
    const n = counts.get(reason) ?? 0;
    const [one, many] = REASON_WORDS[reason];
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
  });
  const files = skipped.length === 1 ? 'file' : 'files';
  return `${skipped.length} ${files} skipped: ${parts.join(', ')}`;
}
