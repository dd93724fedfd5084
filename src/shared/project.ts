// Projects: a dataset (index and, by choice, its original images), the settings it was trained with,
// and the model trained last, with its curves and evaluation. Kept by storage/, opened by the engine,
// shown by the page. Images are content-addressed (by SHA-256), so images added later (webcam
// captures, another folder) are simply more entries of the manifest and more blobs by hash.
import type { BackboneInfo } from './backbone';
import type { BackboneSpec, ExtractResult, ImportResult, TrainOutcome } from './engine';
import type { Settings, TrainingCurves } from './session';
import type { HeadKind, TrainConfig } from './training';
import type { DoctorRecord } from './doctor';

export interface ProjectSummary {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When it was last opened: the page reopens the latest one after a reload. */
  readonly openedAt: number;
  readonly classes: number;
  readonly images: number;
  /** Whether the original images are kept (re-extraction with another backbone needs them). */
  readonly keepImages: boolean;
  /** Test accuracy of the saved model, when there is one. */
  readonly accuracy: number | null;
}

/** A trained head as stored: the four tensors [hidden kernel, hidden bias, output kernel, output bias]. */
export interface SavedHead {
  readonly kind: HeadKind;
  readonly featureShape: readonly number[];
  readonly numClasses: number;
  /** The four tensors' float32 values, concatenated in order, little-endian. */
  readonly weightData: ArrayBuffer;
}

/** The model trained last in a project, with everything the results page shows about it. */
export interface SavedModel {
  readonly head: SavedHead;
  readonly backbone: BackboneInfo;
  readonly spec: BackboneSpec;
  readonly config: TrainConfig;
  readonly outcome: TrainOutcome;
  readonly curves: TrainingCurves | null;
  readonly extraction: ExtractResult | null;
  readonly trainedAt: string;
  /** The head's outputs in order (older records: the dataset's classes when it was saved). */
  readonly classNames?: readonly string[];
  /** Where it came from when it was imported from a file, not trained here. */
  readonly importedFrom?: string;
}

/** A whole project as the storage keeps it. */
export interface ProjectRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly openedAt: number;
  readonly keepImages: boolean;
  /** The dataset index: classes, images (name, hash, label, split), skipped files, problems. */
  readonly dataset: ImportResult;
  /** The page's settings (backbone, input size, training), restored with the project. */
  readonly settings: Settings | null;
  readonly model: SavedModel | null;
  /** The data doctor's fixes and groups (absent until Check data first runs). */
  readonly doctor?: DoctorRecord;
}

/** What opening a project hands the page. */
export interface OpenedProject {
  readonly project: ProjectSummary;
  readonly dataset: ImportResult;
  /** The kept images by dataset path, for thumbnails and galleries; empty when not kept. */
  readonly files: readonly { readonly path: string; readonly file: Blob }[];
  readonly settings: Settings | null;
  readonly model: Omit<SavedModel, 'head'> | null;
}

/** Bytes on disk: per project (shared features counted in each), and in all (counted once). */
export interface ProjectUsage {
  readonly perProject: Readonly<Record<string, number>>;
  readonly total: number;
}
