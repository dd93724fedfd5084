// Where a dataset comes in: drop a folder (or several class folders), or pick one with the folder
// picker. A drop can see what a file list cannot (empty class folders, files the system would not
// hand over): those are reported here, by name, and the rest of the drop goes on.
import { useRef, useState, type DragEvent } from 'react';
import type { DroppedFile, SkippedFile, WalkFindings } from '../../shared/dataset';
import { filesFromFolderInput, walkEntries } from '../walk';
import { warmFiles } from './warmFiles';
import styles from './DatasetDrop.module.css';
import { errorMessage } from '../../shared/text';

/** React has no typing for the non-standard (but universal) folder-picker attribute. */
const folderPickerAttributes = { webkitdirectory: '', directory: '' } as Record<string, string>;

interface Props {
  readonly disabled: boolean;
  readonly onFiles: (files: readonly DroppedFile[], findings?: WalkFindings) => void;
  readonly compact: boolean;
}

/** Names in a sentence: at most a few, then how many more. */
function someNames(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => `"${n}"`);
  const more = names.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

interface WalkNotes {
  readonly emptyFolders: readonly string[];
  readonly unreadable: readonly SkippedFile[];
}

export function DatasetDrop({ disabled, onFiles, compact }: Props) {
  const [dragging, setDragging] = useState(false);
  const [walkError, setWalkError] = useState<string | null>(null);
  const [notes, setNotes] = useState<WalkNotes | null>(null);
  const [preparing, setPreparing] = useState<{ done: number; total: number } | null>(null);
  /** Bumped by every new selection, so a slower earlier one never overtakes it. */
  const generation = useRef(0);

  const deliver = async (files: readonly DroppedFile[], findings?: WalkFindings) => {
    const mine = ++generation.current;
    const isCurrent = () => generation.current === mine;
    const done = await warmFiles(
      files,
      (n) => {
        if (isCurrent()) setPreparing({ done: n, total: files.length });
      },
      isCurrent,
    );
    if (!isCurrent()) return;
    setPreparing(null);
    if (done) onFiles(files, findings);
  };

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    // Entries must be taken synchronously, before the event's DataTransfer is cleared.
    const entries = [...event.dataTransfer.items]
      .map((item) => item.webkitGetAsEntry())
      .filter((entry): entry is FileSystemEntry => entry !== null);
    const emptyFolders: string[] = [];
    const unreadable: SkippedFile[] = [];
    try {
      setWalkError(null);
      setNotes(null);
      const files = await walkEntries(entries, {
        onEmptyClassFolder: (name) => emptyFolders.push(name),
        onUnreadable: (skipped) => unreadable.push(skipped),
      });
      emptyFolders.sort();
      setNotes({ emptyFolders, unreadable });
      await deliver(files, { unreadable, emptyClassFolders: emptyFolders });
    } catch (error) {
      setWalkError(`Could not read the dropped folder: ${errorMessage(error)}`);
    }
  };

  return (
    <div
      className={`${styles.zone} ${dragging ? styles.dragging : ''} ${compact ? styles.compact : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => void onDrop(e)}
    >
      <p className={styles.lead}>
        {compact
          ? 'Drop another folder to start a new project (this one stays in Projects)'
          : 'Drop a folder of photos here: one subfolder per class'}
      </p>
      {!compact && (
        <p className={styles.example}>
          For example <code>flowers/daisy/*.jpg</code>, <code>flowers/roses/*.jpg</code>… Nothing is
          uploaded: your photos stay on this computer.
        </p>
      )}
      <label className={styles.button} aria-disabled={disabled}>
        Choose folder…
        <input
          className={styles.input}
          type="file"
          multiple
          aria-label="Dataset folder"
          disabled={disabled}
          {...folderPickerAttributes}
          onChange={(e) => {
            setNotes(null);
            setWalkError(null);
            const files = e.currentTarget.files;
            if (files && files.length > 0) void deliver(filesFromFolderInput(files));
            e.currentTarget.value = '';
          }}
        />
      </label>
      {preparing && (
        <p className={styles.preparing}>
          Preparing {preparing.total.toLocaleString('en')} files…{' '}
          <progress max={preparing.total} value={preparing.done} aria-label="Preparing files" />
        </p>
      )}
      {walkError && <p role="alert">{walkError}</p>}
      {notes && notes.emptyFolders.length > 0 && (
        <p className={styles.note} data-testid="empty-folders">
          {notes.emptyFolders.length === 1
            ? 'An empty class folder was'
            : 'Empty class folders were'}{' '}
          left out: {someNames(notes.emptyFolders)}.
        </p>
      )}
      {notes && notes.unreadable.length > 0 && (
        <div className={styles.note} role="alert">
          <p>
            {notes.unreadable.length === 1
              ? 'One file could not be read and was left out:'
              : `${notes.unreadable.length} files could not be read and were left out:`}
          </p>
          <ul className={styles.unreadable}>
            {notes.unreadable.slice(0, 20).map((s) => (
              <li key={s.path}>
                <span className={styles.path}>{s.path}</span> ({s.detail ?? 'unreadable'})
              </li>
            ))}
            {notes.unreadable.length > 20 && <li>…and {notes.unreadable.length - 20} more</li>}
          </ul>
        </div>
      )}
    </div>
  );
}
