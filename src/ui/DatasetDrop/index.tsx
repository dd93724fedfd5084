// Where a dataset comes in: drop a folder (or several class folders), or pick one with the folder picker.
import { useState, type DragEvent } from 'react';
import type { DroppedFile } from '../../shared/dataset';
import { filesFromFolderInput, walkEntries } from '../../data/walk';
import styles from './DatasetDrop.module.css';

/** React has no typing for the non-standard (but universal) folder-picker attribute. */
const folderPickerAttributes = { webkitdirectory: '', directory: '' } as Record<string, string>;

interface Props {
  readonly disabled: boolean;
  readonly onFiles: (files: readonly DroppedFile[]) => void;
  readonly compact: boolean;
}

export function DatasetDrop({ disabled, onFiles, compact }: Props) {
  const [dragging, setDragging] = useState(false);
  const [walkError, setWalkError] = useState<string | null>(null);

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    // Entries must be taken synchronously, before the event's DataTransfer is cleared.
    const entries = [...event.dataTransfer.items]
      .map((item) => item.webkitGetAsEntry())
      .filter((entry): entry is FileSystemEntry => entry !== null);
    try {
      setWalkError(null);
      onFiles(await walkEntries(entries));
    } catch (error) {
      setWalkError(
        `Could not read the dropped folder: ${error instanceof Error ? error.message : String(error)}`,
      );
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
          ? 'Drop another folder to replace this dataset'
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
            const files = e.currentTarget.files;
            if (files && files.length > 0) onFiles(filesFromFolderInput(files));
            e.currentTarget.value = '';
          }}
        />
      </label>
      {walkError && <p role="alert">{walkError}</p>}
    </div>
  );
}
