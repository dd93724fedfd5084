// Batch sizes from the device's limits and the measured per-image cost.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchSizeFor,
  deviceLimits,
  extractionBatchFor,
  extractionBatchSize,
  MAX_EXTRACT_BATCH,
} from '../../../../src/ml/backends/batchSize';

const MB = 2 ** 20;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('batchSizeFor', () => {
  // VGG16 at 224: ~25.7 MB of activations per image, 12.8 MB for the largest single one.
  const vgg224 = { peakBytes: 25.7 * MB, largestTensorBytes: 12.8 * MB };

  it('fills a GPU up to its memory budget', () => {
    expect(batchSizeFor('webgpu', vgg224)).toBe(19); // 512 MB / 25.7 MB
    expect(batchSizeFor('webgl', vgg224)).toBe(9); // 256 MB budget
  });

  it("respects WebGPU's largest storage buffer and largest buffer", () => {
    expect(batchSizeFor('webgpu', vgg224, { maxStorageBufferBindingSize: 128 * MB })).toBe(10);
    expect(
      batchSizeFor('webgpu', vgg224, {
        maxStorageBufferBindingSize: 2 ** 31,
        maxBufferSize: 64 * MB,
      }),
    ).toBe(5);
  });

  it('keeps a batch near a second once the speed is known, and never below one image', () => {
    const small = { peakBytes: 1 * MB, largestTensorBytes: 0.5 * MB };
    expect(batchSizeFor('webgpu', { ...small, msPerImage: 38 })).toBe(26);
    expect(batchSizeFor('webgpu', { ...small, msPerImage: 9000 })).toBe(1); // a software GPU
    expect(batchSizeFor('wasm', { ...vgg224, msPerImage: 550 })).toBe(1);
    expect(batchSizeFor('cpu', { peakBytes: 10 ** 12, largestTensorBytes: 10 ** 12 })).toBe(1);
  });

  it('caps CPU-side backends, which gain nothing from wide batches', () => {
    const tiny = { peakBytes: 1, largestTensorBytes: 1, msPerImage: 1 };
    expect(batchSizeFor('wasm', tiny)).toBe(8);
    expect(batchSizeFor('cpu', tiny)).toBe(4);
    expect(batchSizeFor('webgpu', tiny)).toBe(MAX_EXTRACT_BATCH);
  });
});

describe('extraction batch', () => {
  it('uses the measured batch when the backend was measured', () => {
    const measured = { batch: 6 };
    expect(extractionBatchFor({ name: 'wasm', measured }, 224)).toBe(6);
  });

  it("falls back to VGG16's estimate for a forced backend", () => {
    expect(extractionBatchFor({ name: 'webgpu' }, 224)).toBe(extractionBatchSize(224, 'webgpu'));
    expect(extractionBatchSize(224, 'webgpu')).toBe(20); // 512 MiB / 24.5 MiB
    expect(extractionBatchSize(224, 'webgpu', 64 * MB)).toBe(5);
    expect(extractionBatchSize(32, 'wasm')).toBe(8);
  });

  it('reads no limits from a backend without a GPU device', () => {
    expect(deviceLimits()).toEqual({});
  });
});
