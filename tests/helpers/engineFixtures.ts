// A complete engine in Node: real ingestion, real extraction pipeline and training, fake-indexeddb,
// the cpu backend, a tiny conv backbone, and a decoder that returns pixels the test drew per file.
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { createEngine, type EngineDeps } from '../../src/engine/engine';
import { backboneFromModel, type Backbone } from '../../src/ml/backbones/backbone';
import { openGraftDb } from '../../src/storage/db';
import { createFeatureCache } from '../../src/storage/featureCache';
import { createProjectStore } from '../../src/storage/projects';
import { createKnownFileStore } from '../../src/storage/knownFiles';
import type { DroppedFile } from '../../src/shared/dataset';
import type { DecodeFn, DecodeHint } from '../../src/data/decode';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../../src/shared/training';
import { encodePng } from './png';
import { createMemoryWeightsStore } from './memoryWeightsStore';

export const INPUT = 8;
const CLASS_COLOURS = [
  [220, 40, 40],
  [40, 200, 60],
  [40, 60, 220],
] as const;

let dbCounter = 0;

/**
 * Image `i` of class `cls` (0..2): its class colour with a pattern, as RGBA and as a distinct PNG.
 * The pattern repeats every 30 images; `i / 30` shifts a second cycle's, so up to 900 are distinct.
 */
export function classImage(cls: number, i: number): { rgba: Uint8ClampedArray; png: Blob } {
  const colour = CLASS_COLOURS[cls]!;
  const cycle = Math.floor(i / 30);
  const rgba = new Uint8ClampedArray(INPUT * INPUT * 4);
  for (let p = 0; p < INPUT * INPUT; p++) {
    for (let c = 0; c < 3; c++)
      rgba[p * 4 + c] = colour[c]! + ((p * 7 + i * 13 + c) % 30) + ((p * cycle) % 17);
    rgba[p * 4 + 3] = 255;
  }
  const rgb = new Uint8Array(INPUT * INPUT * 3).map(
    (_, k) => rgba[Math.floor(k / 3) * 4 + (k % 3)]!,
  );
  return { rgba, png: new Blob([new Uint8Array(encodePng(INPUT, INPUT, rgb))]) };
}

/**
 * The fixture's backbone: one seeded conv, then a 2x2 max pool (features that are a map, so the cache
 * holds it) or a global average pool (pooled features: a heatmap needs the conv run again).
 */
export function tinyBackboneModel(pool: 'max' | 'global' = 'max', seed = 3): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [INPUT, INPUT, 3],
        filters: 6,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      pool === 'max'
        ? tf.layers.maxPooling2d({ poolSize: 2 })
        : tf.layers.globalAveragePooling2d({}),
    ],
  });
}

export interface Fixture {
  readonly engine: ReturnType<typeof createEngine>;
  readonly files: DroppedFile[];
  /** Files whose decode throws, as a real corrupt image would. */
  readonly corrupt: Set<Blob>;
  decodeCalls: number;
  /** The hint each decode got from import (see DecodeHint). */
  readonly decodeHints: (DecodeHint | undefined)[];
  /** Delay per decode, to let a test cancel mid-run. */
  decodeDelayMs: number;
  /** The pixels the fake decoder returns for each blob; add to it to make new blobs decodable. */
  readonly pixelsOf: Map<Blob, Uint8ClampedArray>;
  /** The IndexedDB database (fake-indexeddb) the engine keeps its cache and projects in. */
  dbName: string;
}

/** Replacements for the fixture's backend start and backbone, for fault tests. */
export interface FixtureOverrides {
  readonly initBackend?: EngineDeps['initBackend'];
  /** Wraps each backbone loaded (say, to fail like a lost device). */
  readonly wrapBackbone?: (backbone: Backbone) => Backbone;
  /** Camera frames to pixels and files, for the webcam operations. */
  readonly frames?: EngineDeps['frames'];
  /** Another fixture's database: a second engine on it is the same browser after a reload. */
  readonly dbName?: string;
  /** Another tiny backbone model (say, one with a VGG16-named last block to fine-tune). */
  readonly model?: () => tf.LayersModel;
  /** Awaited before each backbone load: holds whatever needs the backbone until it resolves. */
  readonly loadGate?: Promise<void>;
}

/**
 * A fixture whose camera frames are their PNGs (classImage's): the engine stores each frame as that
 * file, then sniffs, hashes and decodes it like any other image.
 */
export function createFrameFixture(perClass: number): Fixture {
  let fx: Fixture | null = null;
  const codec: EngineDeps['frames'] = {
    toPixels: () => Promise.reject(new Error('not used')),
    async toFile(frame) {
      const { rgba, png } = frame as unknown as ReturnType<typeof classImage>;
      fx!.pixelsOf.set(png, rgba);
      return png;
    },
  };
  fx = createFixture(perClass, { frames: codec });
  return fx;
}

/** `perClass` images per class, each a distinct PNG (so a distinct content hash) of its class colour. */
export function createFixture(perClass: number, overrides: FixtureOverrides = {}): Fixture {
  const pixelsOf = new Map<Blob, Uint8ClampedArray>();
  const files: DroppedFile[] = [];
  CLASS_COLOURS.forEach((_, cls) => {
    for (let i = 0; i < perClass; i++) {
      const { rgba, png } = classImage(cls, i);
      pixelsOf.set(png, rgba);
      files.push({ file: png, path: `class-${cls}/img-${i}.png` });
    }
  });

  const fixture: Fixture = {
    files,
    corrupt: new Set(),
    decodeCalls: 0,
    decodeHints: [],
    decodeDelayMs: 0,
    pixelsOf,
    engine: null as unknown as Fixture['engine'],
    dbName: '',
  };
  const decode: DecodeFn = async (blob, size, hint) => {
    fixture.decodeCalls++;
    fixture.decodeHints.push(hint);
    if (fixture.decodeDelayMs > 0) await new Promise((r) => setTimeout(r, fixture.decodeDelayMs));
    if (fixture.corrupt.has(blob)) throw new Error('could not decode image');
    const pixels = pixelsOf.get(blob);
    if (!pixels || size !== INPUT) throw new Error('unexpected blob or size');
    return pixels;
  };
  const dbName = overrides.dbName ?? `engine-test-${dbCounter++}`;
  fixture.dbName = dbName;
  const deps: EngineDeps = {
    initBackend:
      overrides.initBackend ??
      (async () => {
        await tf.setBackend('cpu');
        return { name: 'cpu', detail: 'CPU (test)', software: false };
      }),
    decode,
    weights: createMemoryWeightsStore(),
    ...(overrides.frames ? { frames: overrides.frames } : {}),
    openCache: async () => createFeatureCache(await openGraftDb(dbName)),
    projects: createProjectStore(() => openGraftDb(dbName)),
    knownFiles: createKnownFileStore(() => openGraftDb(dbName)),
    loadBackbone: async () => {
      await overrides.loadGate;
      const backbone = await backboneFromModel((overrides.model ?? (() => tinyBackboneModel()))(), {
        name: 'tiny',
        inputSize: INPUT,
        preprocess: 'unit',
        featureLayer: null,
        weights: { kind: 'generated', seed: 3 },
      });
      return overrides.wrapBackbone?.(backbone) ?? backbone;
    },
  };
  (fixture as { engine: Fixture['engine'] }).engine = createEngine(deps);
  return fixture;
}

export const SPEC = { kind: 'builtin', id: 'vgg16', inputSize: INPUT } as const;

/** Training settings that suit the fixture's few tiny features: batches of 8, learning rate 0.01. */
export function fixtureConfig(epochs: number, more: Partial<TrainConfig> = {}): TrainConfig {
  return { ...DEFAULT_TRAIN_CONFIG, epochs, batchSize: 8, learningRate: 0.01, ...more };
}
