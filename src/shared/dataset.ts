// The dataset as both sides of the worker see it: classes, images, splits, and what was left out.
import type { ContentHash } from './brand';

export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'bmp'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** What an image's header says about it (data/imageHeader.ts reads it). */
export interface ImageInfo {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** EXIF orientation 1..8 (JPEG only; 1 = as stored). */
  readonly orientation: number;
  /** Frames seen: more than 1 for an animated GIF (the first is used). Counted up to 2. */
  readonly frames: number;
}

export type SplitName = 'train' | 'val' | 'test';

export interface DatasetImage {
  readonly id: ContentHash;
  /** Path below the dataset root, starting with the class folder: `daisy/a/b.jpg`. */
  readonly path: string;
  readonly classIndex: number;
  readonly format: ImageFormat;
  readonly split: SplitName;
  readonly bytes: number;
}

export type SkipReason =
  | 'not-an-image' // magic bytes of no supported format (includes .txt named .jpg)
  | 'empty-file'
  | 'hidden' // .DS_Store, __MACOSX/, dotfiles, Thumbs.db, desktop.ini
  | 'outside-class-folder' // an image at the dataset root, not inside a class folder
  | 'unreadable' // looked like an image but could not be decoded
  | 'too-large'; // bigger than the app is willing to read

export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
  readonly detail?: string;
}

/** The same bytes filed under two or more classes: the label is ambiguous, so none of the copies trains. */
export interface LabelConflict {
  readonly id: ContentHash;
  readonly paths: readonly string[];
  readonly classNames: readonly string[];
}

export interface SplitCounts {
  readonly train: number;
  readonly val: number;
  readonly test: number;
}

export interface DatasetClass {
  readonly name: string;
  readonly counts: SplitCounts;
}

export interface DatasetManifest {
  readonly classes: readonly DatasetClass[];
  /** Usable images only: decodable format, inside a class, not in a label conflict, one per content hash per class. */
  readonly images: readonly DatasetImage[];
  readonly skipped: readonly SkippedFile[];
  readonly conflicts: readonly LabelConflict[];
  /** Copies of the same image inside one class, kept once. */
  readonly duplicatesMerged: number;
  readonly splitSeed: number;
}

export const MIN_IMAGES_PER_CLASS_WARNING = 5;

export type DatasetProblem =
  | { readonly type: 'no-images' }
  | { readonly type: 'single-class'; readonly className: string }
  | { readonly type: 'empty-class'; readonly className: string }
  | { readonly type: 'few-images'; readonly className: string; readonly count: number }
  | { readonly type: 'label-conflicts'; readonly count: number };

/** What walking a dropped folder found besides files: it belongs in the import report too. */
export interface WalkFindings {
  /** Files the system would not hand over. */
  readonly unreadable: readonly SkippedFile[];
  /** First-level folders with nothing in them. */
  readonly emptyClassFolders: readonly string[];
}

/** A file as the main thread hands it to the worker: the bytes and where they sat in the dropped tree. */
export interface DroppedFile {
  readonly file: Blob;
  /** Relative path with the dataset root removed: `daisy/x.jpg`, or `x.jpg` for a file at the root. */
  readonly path: string;
}
