// The ways to hand a panel a model or its weights: file pickers (a label that looks like a button,
// over a transparent file input) and a URL field with its button, in one row. Shared by the backbone
// import and the Weights panel; what a choice means is the panel's business.
import { useState } from 'react';
import forms from '../forms.module.css';

const folderPickerAttributes = { webkitdirectory: '', directory: '' } as Record<string, string>;

/** One picker. A folder picker hands over every file below the chosen folder. */
export type FilePicker = {
  /** The words on the button. */
  readonly words: string;
  /** The input's accessible name: tests and people's tools find it by this. */
  readonly ariaLabel: string;
  /**
   * Called with what was chosen (never an empty list) before the input is cleared for the next
   * choice, so read the list at once.
   */
  readonly onPick: (files: FileList) => void;
} & (
  | { readonly kind: 'folder' }
  | { readonly kind: 'files'; readonly accept: string; readonly multiple: boolean }
);

export interface UrlField {
  readonly ariaLabel: string;
  /** The words on the submit button. */
  readonly submitWords: string;
  /** Called with the address made absolute against this page. */
  readonly onUrl: (href: string) => void;
}

interface Props {
  readonly pickers: readonly FilePicker[];
  readonly url: UrlField;
  readonly disabled: boolean;
  /** The panel's own look for its URL field (input and button). */
  readonly urlClassName?: string | undefined;
}

export function SourcePicker({ pickers, url, disabled, urlClassName }: Props) {
  const [address, setAddress] = useState('');
  return (
    <div className={forms.sourceRow}>
      {pickers.map((p) => (
        <label key={p.ariaLabel} className={forms.pick}>
          {p.words}
          <input
            type="file"
            multiple={p.kind === 'folder' || p.multiple}
            accept={p.kind === 'files' ? p.accept : undefined}
            aria-label={p.ariaLabel}
            disabled={disabled}
            className={forms.pickInput}
            {...(p.kind === 'folder' ? folderPickerAttributes : {})}
            onChange={(e) => {
              const files = e.currentTarget.files;
              if (files?.length) p.onPick(files);
              e.currentTarget.value = '';
            }}
          />
        </label>
      ))}
      <form
        className={[forms.urlForm, urlClassName].filter(Boolean).join(' ')}
        onSubmit={(e) => {
          e.preventDefault();
          if (address.trim()) url.onUrl(new URL(address.trim(), location.href).href);
        }}
      >
        <input
          type="url"
          placeholder="https://…/model.json"
          aria-label={url.ariaLabel}
          value={address}
          disabled={disabled}
          onChange={(e) => setAddress(e.currentTarget.value)}
        />
        <button type="submit" disabled={disabled || !address.trim()}>
          {url.submitWords}
        </button>
      </form>
    </div>
  );
}
