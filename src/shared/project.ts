// Projects: a dataset (index and, by choice, its original images), the settings it was trained with,
// and the model trained last, with its curves and evaluation. Kept by storage/, opened by the engine,
// shown by the page. Images are content-addressed (by SHA-256), so images added later (webcam
// captures, another folder) are simply more entries of the manifest and more blobs by hash.
import type { BackboneInfo } from './backbone';
import type { BackboneSpec, ExtractResult, ImportResult, TrainOutcome } from './engine';
import type { RunRecord, Settings, TrainingCurves } from './session';
import type { HeadKind, Prediction, TrainConfig } from './training';
import type { DoctorRecord } from './doctor';
import type { UnlabeledPool } from './labelAssist';

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

/**
 * A fine-tuned block as stored (with a project, or read from an exported file): the backbone's last
 * layers, trained. It rebuilds on the same backbone (same weights hash): split at `layers[0]`, its
 * frozen part ends at `frozenLayer`, and these weights replace the copies' own.
 */
export interface SavedTunedBlock {
  /** The frozen part's last layer: the block takes its output. */
  readonly frozenLayer: string;
  /** The block's layers in order, named as in the backbone. */
  readonly layers: readonly string[];
  /** Shape of the block's input (the frozen layer's output), without the batch axis. */
  readonly inputShape: readonly number[];
  /** Every weight of the block (kernels, biases, batch-norm statistics), in `weightData` order. */
  readonly weights: readonly { readonly name: string; readonly shape: readonly number[] }[];
  /** The weights' float32 values, concatenated in order, little-endian. */
  readonly weightData: ArrayBuffer;
}

/** The model trained last in a project, with everything the results page shows about it. */
export interface SavedModel {
  readonly head: SavedHead;
  /** After fine-tuning: the trained block the head takes its features from (absent: the stock backbone). */
  readonly tunedBlock?: SavedTunedBlock;
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

/**
 * The last image classified with "Try it on a new image", so a reload shows it again. The image is
 * not one of the dataset's: a project that keeps its images keeps a thumbnail of it, one that does
 * not keeps only its name and result.
 */
export interface SavedPrediction {
  readonly name: string;
  /** The model's top classes, by index into its classes. */
  readonly top: readonly Prediction[];
  /** The thumbnail as saved; right after predicting, the picked file itself; null: not kept. */
  readonly image: Blob | null;
  /** Date.now() when it was made. */
  readonly at: number;
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
  /** The runs table, oldest first (records written before it was kept read back as none). */
  readonly runs: readonly RunRecord[];
  /** Made with `model`: a new model clears it. */
  readonly lastPrediction: SavedPrediction | null;
  /** The data doctor's fixes and groups (absent until Check data first runs). */
  readonly doctor?: DoctorRecord;
  /** Label assist's photos without a label and the decisions about them (absent: none added). */
  readonly unlabeled?: UnlabeledPool;
}

/** What opening a project hands the page. */
export interface OpenedProject {
  readonly project: ProjectSummary;
  readonly dataset: ImportResult;
  /** The kept images by dataset path, for thumbnails and galleries; empty when not kept. */
  readonly files: readonly { readonly path: string; readonly file: Blob }[];
  readonly settings: Settings | null;
  readonly model: Omit<SavedModel, 'head' | 'tunedBlock'> | null;
  readonly runs: readonly RunRecord[];
  readonly lastPrediction: SavedPrediction | null;
}

/** Bytes on disk: per project (shared features counted in each), and in all (counted once). */
export interface ProjectUsage {
  readonly perProject: Readonly<Record<string, number>>;
  readonly total: number;
}
