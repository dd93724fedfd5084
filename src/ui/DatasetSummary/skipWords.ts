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
