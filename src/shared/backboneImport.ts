// Bringing any TensorFlow.js layers model in as a backbone, without writing a descriptor: what the
// worker found in the model (the inspection), what the person settles on, and what is kept.
import type { PreprocessMode } from './backbone';
import type { DroppedFile } from './dataset';

/** Where the model comes from: a folder or files (model.json, shards, maybe metadata.json), or a URL. */
export type BackboneImportSource =
  | { readonly kind: 'files'; readonly files: readonly DroppedFile[] }
  | { readonly kind: 'url'; readonly url: string };

/** A layer the features could be taken from. */
export interface LayerCandidate {
  readonly name: string;
  /** tfjs class name: GlobalAveragePooling2D, Flatten, Sequential, … */
  readonly className: string;
  /** Without the batch axis; null where the size is left open. */
  readonly outputShape: readonly (number | null)[];
}

export interface BackboneInspection {
  /** Names the model the worker holds until it is saved or another one is inspected. */
  readonly token: string;
  /** Where it came from, in words: the folder, the file or the URL. */
  readonly from: string;
  readonly suggestedName: string;
  /** A Teachable Machine image export: its labels (the classes it was trained on there). */
  readonly teachableMachine: { readonly labels: readonly string[] } | null;
  /** Candidates in model order; the proposed one among them. */
  readonly candidates: readonly LayerCandidate[];
  readonly proposedLayer: string;
  readonly layerReason: string;
  readonly inputSize: number;
  /** The model's input layer fixes the size: no other size can run. */
  readonly inputSizeFixed: boolean;
  readonly inputSizeReason: string;
  readonly preprocess: PreprocessMode;
  readonly preprocessReason: string;
  readonly weightBytes: number;
}

/** What the person settles on after the inspection. */
export interface BackboneImportChoice {
  readonly name: string;
  readonly featureLayer: string;
  readonly inputSize: number;
  readonly preprocess: PreprocessMode;
}

/** A backbone imported into this browser (kept in IndexedDB, works offline). */
export interface ImportedBackbone extends BackboneImportChoice {
  readonly id: string;
  readonly from: string;
  readonly importedAt: string;
  readonly weightsHash: string;
  readonly bytes: number;
  /** Feature shape at inputSize, without the batch axis. */
  readonly featureShape: readonly number[];
}
