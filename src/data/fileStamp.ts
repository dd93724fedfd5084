// A file's stamp: its path in the dataset, size and modification time. Two files with the same stamp
// are taken to have the same bytes, which lets a folder dropped again skip reading and hashing what
// import has seen before. Editing a photo changes its modification time, and so its stamp.
import type { DroppedFile } from '../shared/dataset';

/** The stamp, or null for a Blob that is not a File (no modification time to trust). */
export function fileStamp({ path, file }: DroppedFile): string | null {
  const lastModified = (file as Partial<File>).lastModified;
  if (typeof lastModified !== 'number' || !Number.isFinite(lastModified)) return null;
  return `${path}\u0000${file.size}\u0000${lastModified}`;
}
