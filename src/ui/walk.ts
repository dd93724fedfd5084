// Turns what the person dropped or picked into a flat, sorted list of files with dataset-relative
// paths. Runs on the main thread (drop events hand out FileSystemEntry objects there only), so it
// speaks to minimal structural types instead of DOM-only or worker-only globals.
import type { DroppedFile, SkippedFile } from '../shared/dataset';
import { createLimiter } from '../shared/limit';
import { compareCodePoints } from '../shared/order';
import { throwIfAborted } from '../shared/text';

/** What FileSystemEntry offers that the walk needs; a DOM FileSystemEntry satisfies it. */
export interface EntryLike {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  readonly name: string;
  readonly fullPath: string;
}

export interface FileEntryLike extends EntryLike {
  file(success: (file: Blob) => void, error?: (err: unknown) => void): void;
}

export interface DirectoryReaderLike {
  readEntries(success: (entries: EntryLike[]) => void, error?: (err: unknown) => void): void;
}

export interface DirectoryEntryLike extends EntryLike {
  createReader(): DirectoryReaderLike;
}

/** A file from `<input type="file" webkitdirectory>`: a DOM File satisfies it. */
export interface FolderInputFile extends Blob {
  readonly name: string;
  readonly webkitRelativePath: string;
}

export interface WalkOptions {
  /**
   * Told about each file or folder that could not be read (moved meanwhile, no permission, path
   * too long on Windows); the walk then goes on without it. Without this callback such a failure
   * rejects the walk instead, so no file is ever lost silently.
   */
  readonly onUnreadable?: (skipped: SkippedFile) => void;
  /**
   * Told about each class folder (first level below the dataset root) that holds nothing at all.
   * A file list cannot show such a folder, so this is the only place it can be noticed.
   */
  readonly onEmptyClassFolder?: (name: string) => void;
  readonly signal?: AbortSignal;
}

// Enough parallel reads to hide per-call latency; few enough to stay polite to the file system.
const WALK_CONCURRENCY = 16;

function isDirectoryEntry(entry: EntryLike): entry is DirectoryEntryLike {
  return (
    entry.isDirectory && typeof (entry as Partial<DirectoryEntryLike>).createReader === 'function'
  );
}

function isFileEntry(entry: EntryLike): entry is FileEntryLike {
  return entry.isFile && typeof (entry as Partial<FileEntryLike>).file === 'function';
}

function readBatch(reader: DirectoryReaderLike): Promise<EntryLike[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function readFile(entry: FileEntryLike): Promise<Blob> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function joinPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

function byPath(a: DroppedFile, b: DroppedFile): number {
  return compareCodePoints(a.path, b.path);
}

/**
 * Every file under the dropped entries, sorted by path. One dropped folder is the dataset root and
 * its name is dropped (`flowers/daisy/x.jpg` -> `daisy/x.jpg`); several dropped folders are the
 * classes themselves and keep their names; a dropped loose file keeps just its name.
 */
export async function walkEntries(
  roots: readonly EntryLike[],
  options: WalkOptions = {},
): Promise<DroppedFile[]> {
  const { onUnreadable, onEmptyClassFolder, signal } = options;
  const limit = createLimiter(WALK_CONCURRENCY);
  const found: DroppedFile[] = [];

  const unreadable = (path: string, what: string, err: unknown): void => {
    const reason = err instanceof Error && err.message ? `: ${err.message}` : '';
    const detail = `could not read this ${what}${reason}`;
    if (!onUnreadable) throw new Error(`Could not read "${path}"${reason}`, { cause: err });
    onUnreadable({ path, reason: 'unreadable', detail });
  };

  // Chromium hands out at most 100 entries per readEntries call: keep asking until it says none.
  const readAll = async (dir: DirectoryEntryLike): Promise<EntryLike[]> => {
    const reader = dir.createReader();
    const entries: EntryLike[] = [];
    for (;;) {
      throwIfAborted(signal, 'Reading the folder');
      const batch = await limit(() => readBatch(reader));
      if (batch.length === 0) return entries;
      entries.push(...batch);
    }
  };

  const visitChildren = async (dir: DirectoryEntryLike, path: string): Promise<void> => {
    let children: EntryLike[];
    try {
      children = await readAll(dir);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      unreadable(path || dir.name, 'folder', err);
      return;
    }
    if (children.length === 0 && path !== '' && !path.includes('/')) onEmptyClassFolder?.(path);
    await Promise.all(children.map((child) => visit(child, joinPath(path, child.name))));
  };

  const visit = async (entry: EntryLike, path: string): Promise<void> => {
    throwIfAborted(signal, 'Reading the folder');
    if (isDirectoryEntry(entry)) return visitChildren(entry, path);
    if (!isFileEntry(entry)) return;
    let file: Blob;
    try {
      file = await limit(() => readFile(entry));
    } catch (err) {
      unreadable(path, 'file', err);
      return;
    }
    found.push({ file, path });
  };

  const [only] = roots;
  if (roots.length === 1 && only && isDirectoryEntry(only)) {
    await visitChildren(only, '');
  } else {
    await Promise.all(roots.map((root) => visit(root, root.name)));
  }
  throwIfAborted(signal, 'Reading the folder');
  return found.sort(byPath);
}

/**
 * Files from `<input webkitdirectory>`, sorted by path. The first segment of webkitRelativePath
 * is the folder that was picked, i.e. the dataset root, so it is removed (`flowers/daisy/x.jpg`
 * -> `daisy/x.jpg`). A file without a relative path (a plain file input) keeps its name.
 */
export function filesFromFolderInput(files: ArrayLike<FolderInputFile>): DroppedFile[] {
  return Array.from(files, (file): DroppedFile => {
    const relative = file.webkitRelativePath;
    const slash = relative.indexOf('/');
    const path = relative === '' ? file.name : relative.slice(slash + 1);
    return { file, path };
  }).sort(byPath);
}
