// What the worker side keeps on disk, as interfaces: storage/ implements them, ml/ and engine/ use
// them. Declared here so ml/ never imports storage/ (see the room rules in docs/architecture.md).
import type { BackendMeasurement, InstalledWeights } from './engine';
import type { BuiltinBackboneId } from './backbone';
import type { ProjectRecord } from './project';
import type { ImportedBackbone } from './backboneImport';
import type { ContentHash } from './brand';
import type { ImageInfo } from './dataset';

/** Which backend measurement: the device (browser, cores, GPU), the backbone and its input size (0: its own). */
export interface BackendChoiceKey {
  readonly device: string;
  readonly backbone: string;
  readonly inputSize: number;
}

export interface BackendChoiceStore {
  get(key: BackendChoiceKey): Promise<BackendMeasurement | null>;
  put(key: BackendChoiceKey, measurement: BackendMeasurement): Promise<void>;
}

/** One weight tensor's place in the weight bytes, as in a TensorFlow.js weights manifest. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
}

/** Where installed weights came from, saved beside them. */
export interface WeightsMeta {
  readonly from: string;
  readonly installedAt: string;
  readonly weightsHash: string;
}

/** A built-in backbone's installed weights: specs, the bytes they index, and where they came from. */
export interface StoredWeights {
  readonly weightSpecs: readonly WeightSpec[];
  readonly weightData: ArrayBuffer;
  readonly meta: WeightsMeta;
}

export interface WeightsStore {
  list(): Promise<InstalledWeights[]>;
  load(id: BuiltinBackboneId): Promise<StoredWeights | null>;
  /** Replaces `id`'s weights in one transaction: a failed save leaves the old ones in place. */
  save(id: BuiltinBackboneId, weights: StoredWeights): Promise<void>;
  remove(id: BuiltinBackboneId): Promise<void>;
}

/** Projects and the original images they keep (storage/projects.ts). */
export interface ProjectStore {
  list(): Promise<ProjectRecord[]>;
  get(id: string): Promise<ProjectRecord | null>;
  /**
   * Stores a new project (created, duplicated, imported) and the images not stored yet, in one
   * transaction; refuses an id already stored. A change to a stored project goes through `update`.
   */
  add(project: ProjectRecord, images?: ReadonlyMap<string, Blob>): Promise<void>;
  /**
   * Reads project `id`, applies `change` and writes what it returns (with the images not stored yet,
   * when the project keeps images), all in one readwrite transaction: two writers that each change
   * their own fields (a rename, a saved model, a label) never write back a stale copy of the other's.
   * `change` runs synchronously inside the transaction, so it reads the writer's state as it is when
   * the write happens; it returns null to write nothing, and what it throws aborts the write and is
   * rethrown. Resolves to the record written, or null when there is no such project (a delete that
   * landed first is never undone by a late save) or `change` wrote nothing.
   */
  update(
    id: string,
    change: (project: ProjectRecord) => ProjectRecord | null,
    images?: ReadonlyMap<string, Blob>,
  ): Promise<ProjectRecord | null>;
  /** The kept images among `hashes`. */
  images(hashes: readonly string[]): Promise<Map<string, Blob>>;
  /** Every stored image's hash and size in bytes. */
  imageSizes(): Promise<Map<string, number>>;
  /**
   * Deletes the project, and the images no other project uses; returns the hashes no project uses
   * any more (their features can go too).
   */
  remove(id: string): Promise<string[]>;
}

/** An imported backbone as kept: its summary, the model's topology, and its weights. */
export interface StoredBackbone {
  readonly summary: ImportedBackbone;
  /** The layers model's `modelTopology` JSON, as read from model.json. */
  readonly modelTopology: unknown;
  readonly weightSpecs: readonly WeightSpec[];
  readonly weightData: ArrayBuffer;
}

export interface ImportedBackboneStore {
  list(): Promise<ImportedBackbone[]>;
  load(id: string): Promise<StoredBackbone | null>;
  save(backbone: StoredBackbone): Promise<void>;
  remove(id: string): Promise<void>;
}

/** What import learned about one image file: its content hash and header. */
export interface KnownFile {
  readonly id: ContentHash;
  readonly info: ImageInfo;
}

/**
 * Files import has read before, by stamp (data/fileStamp.ts: path, size, modification time), so a
 * folder dropped again is not read and hashed again (storage/knownFiles.ts).
 */
export interface KnownFileStore {
  /** The remembered files among `stamps`, by stamp; unknown or damaged ones are left out. */
  recall(stamps: readonly string[]): Promise<Map<string, KnownFile>>;
  remember(files: ReadonlyMap<string, KnownFile>): Promise<void>;
  /**
   * Forgets every file whose content is one of `ids` (the images of a deleted project that no
   * other project uses): their paths leave this browser with them. Returns how many were forgotten.
   */
  forget(ids: readonly string[]): Promise<number>;
}
