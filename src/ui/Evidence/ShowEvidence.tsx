// "Show evidence" for one judged image: a button that opens a dialog with the image's evidence
// heatmap (EvidenceView). Every place that shows a judgement puts one beside its image.
import { useEffect, useRef, useState } from 'react';
import type { ExplainFn } from '../../shared/evidence';
import { EvidenceView } from './EvidenceView';
import styles from './Evidence.module.css';

interface Props {
  readonly photo: Blob | undefined;
  /** The image's name (its path in the dataset, or the file's name). */
  readonly label: string;
  readonly explain: ExplainFn;
}

export function ShowEvidence({ photo, label, explain }: Props) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
  }, [open]);
  return (
    <>
      <button type="button" className={styles.show} onClick={() => setOpen(true)}>
        Show evidence
      </button>
      {open && (
        <dialog
          ref={dialog}
          className={styles.dialog}
          aria-label={`Evidence: ${label}`}
          onClose={() => setOpen(false)}
        >
          <div className={styles.dialogHead}>
            <h3 className={styles.title}>Where the model looked</h3>
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
          <p className={styles.name}>{label}</p>
          <EvidenceView photo={photo} label={label} explain={explain} />
        </dialog>
      )}
    </>
  );
}
