// The app's IndexedDB database: schema, version ladder and the one shared connection.
// The only module (with its siblings in storage/) that imports idb.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ProjectRecord } from '../shared/project';

export const DB_NAME = 'graft';
/** Bump with a new `if (oldVersion < N)` step in `upgrade`; never edit an old step. */
export const DB_VERSION = 6;

/** Store names. Do not change without a migration. */
export const STORES = {
  features: 'features',
  backendChoices: 'backendChoices',
  weights: 'weights',
  projects: 'projects',
  images: 'images',
  backbones: 'backbones',
  knownFiles: 'knownFiles',
} as const;

/** One image's feature under one feature setting. Key: [settingsId, hash]. */
export interface FeatureRecord {
  readonly settingsId: string;
  readonly hash: string;
  readonly shape: number[];
  readonly dtype: 'float32';
  /** Raw little-endian float32 values. Never indexed. */
  readonly data: ArrayBuffer;
  readonly createdAt: number;
}

/**
 * The backend measured fastest for one backbone at one input size on one device (see
 * ml/backendChoice.ts). Key: [device, backbone, inputSize]. Validated on read (restoreBackendChoice).
 */
export interface BackendChoiceRecord {
  readonly device: string;
  readonly backbone: string;
  /** 0: the descriptor's own size. */
  readonly inputSize: number;
  readonly backend: string;
  readonly msPerImage: number;
  readonly batch: number;
  /** The whole measurement, as measured (BackendTiming[]). */
  readonly timings: unknown[];
  readonly measuredAt: number;
}

/** A built-in backbone's installed weights (storage/weights.ts). Key: id. */
export interface WeightsRecord {
  readonly id: string;
  readonly from: string;
  readonly installedAt: string;
  readonly weightsHash: string;
  readonly weightSpecs: { name: string; shape: number[]; dtype: string }[];
  /** The weights' bytes, in weightSpecs order. Never indexed. */
  readonly weightData: ArrayBuffer;
  readonly bytes: number;
}

/** A project (shared/project.ts), validated on read (storage/projects.ts). Key: id. */
export type ProjectRow = ProjectRecord;

/**
 * One original image, content-addressed: shared by every project that has it, deleted with the last
 * one. Key: hash (SHA-256 of the bytes).
 */
export interface ImageRecord {
  readonly hash: string;
  /** The file itself: browsers keep a stored Blob as its own file, freed when the record goes. */
  readonly blob: Blob;
}

/** A backbone imported from a model folder, files or URL (storage/backbones.ts). Key: id. */
export interface BackboneRecord {
  readonly id: string;
  /** ImportedBackbone (shared/backboneImport.ts), validated on read. */
  readonly summary: unknown;
  readonly modelTopology: unknown;
  readonly weightSpecs: { name: string; shape: number[]; dtype: string }[];
  /** The weights' bytes, in weightSpecs order. Never indexed. */
  readonly weightData: ArrayBuffer;
}

/**
 * An image file import has read and hashed, by stamp (path, size, modification time: see
 * data/fileStamp.ts), validated on read (storage/knownFiles.ts). Key: stamp.
 */
export interface KnownFileRecord {
  readonly stamp: string;
  readonly id: string;
  /** ImageInfo (shared/dataset.ts). */
  readonly info: unknown;
  readonly seenAt: number;
}

export interface GraftSchema extends DBSchema {
  [STORES.features]: { key: [string, string]; value: FeatureRecord };
  [STORES.backendChoices]: { key: [string, string, number]; value: BackendChoiceRecord };
  [STORES.weights]: { key: string; value: WeightsRecord };
  [STORES.projects]: { key: string; value: ProjectRow };
  [STORES.images]: { key: string; value: ImageRecord };
  [STORES.backbones]: { key: string; value: BackboneRecord };
  [STORES.knownFiles]: { key: string; value: KnownFileRecord };
}

export type GraftDb = IDBPDatabase<GraftSchema>;

export interface OpenOptions {
  /** Another connection (another tab) wants to upgrade the schema: we close ours so it can. */
  readonly onVersionChange?: () => void;
  /** Our upgrade waits for another tab to close its connection. */
  readonly onBlocked?: () => void;
}

export async function openGraftDb(
  name: string = DB_NAME,
  options: OpenOptions = {},
): Promise<GraftDb> {
  try {
    return await openDatabase(name, options);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'VersionError') {
      throw new Error(
        'A newer version of Graft is open in another tab. Reload this tab to update it.',
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

function openDatabase(name: string, options: OpenOptions): Promise<GraftDb> {
  return openDB<GraftSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore(STORES.features, { keyPath: ['settingsId', 'hash'] });
      }
      if (oldVersion < 2) {
        db.createObjectStore(STORES.backendChoices, {
          keyPath: ['device', 'backbone', 'inputSize'],
        });
      }
      if (oldVersion < 3) {
        db.createObjectStore(STORES.weights, { keyPath: 'id' });
      }
      if (oldVersion < 4) {
        // Projects keep the dataset index and model; images are shared between projects by hash.
        db.createObjectStore(STORES.projects, { keyPath: 'id' });
        db.createObjectStore(STORES.images, { keyPath: 'hash' });
      }
      if (oldVersion < 5) {
        db.createObjectStore(STORES.backbones, { keyPath: 'id' });
      }
      if (oldVersion < 6) {
        db.createObjectStore(STORES.knownFiles, { keyPath: 'stamp' });
      }
    },
    blocked() {
      options.onBlocked?.();
    },
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      options.onVersionChange?.();
    },
  });
}
