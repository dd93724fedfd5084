import { describe, expect, it } from 'vitest';
import type {
  DirectoryEntryLike,
  EntryLike,
  FileEntryLike,
  FolderInputFile,
} from '../../../src/ui/walk';
import { filesFromFolderInput, walkEntries } from '../../../src/ui/walk';

// Fakes of FileSystemEntry: directories hand out at most `batch` entries per readEntries call, as
// Chromium does (100), asynchronously.
interface FakeDir extends DirectoryEntryLike {
  readCalls: number;
}

function fileEntry(name: string, opts: { fail?: boolean } = {}): FileEntryLike {
  return {
    isFile: true,
    isDirectory: false,
    name,
    fullPath: `/${name}`,
    file(success, error) {
      setTimeout(() => {
        if (opts.fail)
          error?.(new DOMException('A requested file could not be found.', 'NotFoundError'));
        else success(new Blob([name]));
      }, 0);
    },
  };
}

function dirEntry(name: string, children: EntryLike[], batch = 100): FakeDir {
  const dir: FakeDir = {
    isFile: false,
    isDirectory: true,
    name,
    fullPath: `/${name}`,
    readCalls: 0,
    createReader() {
      let next = 0;
      return {
        readEntries(success) {
          dir.readCalls++;
          const slice = children.slice(next, next + batch);
          next += slice.length;
          setTimeout(() => success(slice), 0);
        },
      };
    },
  };
  return dir;
}

const paths = (files: { path: string }[]): string[] => files.map((f) => f.path);

describe('walkEntries', () => {
  it('reads a directory of 250 entries completely, 100 at a time', async () => {
    const names = Array.from({ length: 250 }, (_, i) => `img${String(i).padStart(3, '0')}.jpg`);
    const daisy = dirEntry(
      'daisy',
      names.map((n) => fileEntry(n)),
    );
    const root = dirEntry('flowers', [daisy]);
    const files = await walkEntries([root]);
    expect(files).toHaveLength(250);
    expect(files[0]?.path).toBe('daisy/img000.jpg');
    expect(files[249]?.path).toBe('daisy/img249.jpg');
    // 100 + 100 + 50 + the empty answer that ends it.
    expect(daisy.readCalls).toBe(4);
  });

  it('keeps asking while batches are short but not empty', async () => {
    const dir = dirEntry('roses', [fileEntry('a.jpg'), fileEntry('b.jpg'), fileEntry('c.jpg')], 1);
    const files = await walkEntries([dirEntry('root', [dir])]);
    expect(paths(files)).toEqual(['roses/a.jpg', 'roses/b.jpg', 'roses/c.jpg']);
  });

  it('strips the name of a single dropped folder and walks nested folders', async () => {
    const root = dirEntry('flowers', [
      dirEntry('tulips', [
        fileEntry('t.jpg'),
        dirEntry('2024', [dirEntry('may', [fileEntry('deep.png')])]),
      ]),
      dirEntry('daisy', [fileEntry('x.jpg')]),
      fileEntry('README.txt'),
      dirEntry('empty', []),
    ]);
    const files = await walkEntries([root]);
    expect(paths(files)).toEqual([
      'README.txt',
      'daisy/x.jpg',
      'tulips/2024/may/deep.png',
      'tulips/t.jpg',
    ]);
    expect(await files[1]?.file.text()).toBe('x.jpg');
  });

  it('keeps folder names when several folders are dropped, and loose files keep their name', async () => {
    const files = await walkEntries([
      dirEntry('roses', [fileEntry('r.jpg')]),
      fileEntry('loose.jpg'),
      dirEntry('daisy', [fileEntry('d.jpg')]),
    ]);
    expect(paths(files)).toEqual(['daisy/d.jpg', 'loose.jpg', 'roses/r.jpg']);
  });

  it('keeps the name of a single dropped file', async () => {
    expect(paths(await walkEntries([fileEntry('x.jpg')]))).toEqual(['x.jpg']);
  });

  it('orders output by path whatever order the reads finish in', async () => {
    const a = await walkEntries([
      dirEntry('r', [
        dirEntry('b', [fileEntry('2'), fileEntry('1')]),
        dirEntry('a', [fileEntry('z')]),
      ]),
    ]);
    const b = await walkEntries([
      dirEntry('r', [
        dirEntry('a', [fileEntry('z')]),
        dirEntry('b', [fileEntry('1'), fileEntry('2')]),
      ]),
    ]);
    expect(paths(a)).toEqual(['a/z', 'b/1', 'b/2']);
    expect(paths(b)).toEqual(paths(a));
  });

  it('reports unreadable files to onUnreadable and goes on', async () => {
    const reported: string[] = [];
    const files = await walkEntries(
      [
        dirEntry('root', [
          dirEntry('daisy', [fileEntry('ok.jpg'), fileEntry('gone.jpg', { fail: true })]),
        ]),
      ],
      { onUnreadable: (s) => reported.push(`${s.path}:${s.reason}`) },
    );
    expect(paths(files)).toEqual(['daisy/ok.jpg']);
    expect(reported).toEqual(['daisy/gone.jpg:unreadable']);
  });

  it('rejects rather than losing a file silently when nobody listens for unreadable ones', async () => {
    const root = dirEntry('root', [dirEntry('daisy', [fileEntry('gone.jpg', { fail: true })])]);
    await expect(walkEntries([root])).rejects.toThrow('daisy/gone.jpg');
  });

  it('names empty class folders, whether one root or several class folders were dropped', async () => {
    const root = dirEntry('flowers', [
      dirEntry('daisy', [fileEntry('a.jpg')]),
      dirEntry('empty tulips', []),
      dirEntry('roses', [dirEntry('nothing here', [])]),
    ]);
    const empty: string[] = [];
    const files = await walkEntries([root], { onEmptyClassFolder: (name) => empty.push(name) });
    expect(paths(files)).toEqual(['daisy/a.jpg']);
    // `roses` holds a folder, so it is not empty (it is a class without images, which ingest names).
    expect(empty).toEqual(['empty tulips']);

    const several: string[] = [];
    await walkEntries([dirEntry('cats', []), dirEntry('dogs', [fileEntry('d.jpg')])], {
      onEmptyClassFolder: (name) => several.push(name),
    });
    expect(several).toEqual(['cats']);
  });

  it('stops with an AbortError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const root = dirEntry('root', [fileEntry('a.jpg')]);
    await expect(walkEntries([root], { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('accepts what the DOM hands out (checked by tsc)', () => {
    const fromDrop = (entries: FileSystemEntry[]) => walkEntries(entries);
    const fromInput = (list: FileList) => filesFromFolderInput(list);
    expect([typeof fromDrop, typeof fromInput]).toEqual(['function', 'function']);
  });
});

describe('filesFromFolderInput', () => {
  const picked = (
    webkitRelativePath: string,
    name = webkitRelativePath.split('/').pop() ?? '',
  ): FolderInputFile => Object.assign(new Blob([webkitRelativePath]), { name, webkitRelativePath });

  it('strips the picked folder and sorts by path', () => {
    const files = filesFromFolderInput([
      picked('flowers/roses/r.jpg'),
      picked('flowers/daisy/sub/d.jpg'),
      picked('flowers/top.jpg'),
    ]);
    expect(paths(files)).toEqual(['daisy/sub/d.jpg', 'roses/r.jpg', 'top.jpg']);
  });

  it('keeps the name of a file without a relative path', () => {
    expect(paths(filesFromFolderInput([picked('', 'x.jpg')]))).toEqual(['x.jpg']);
  });
});
