// Which GPU errors mean the device is gone: a WebGPU read cut short by a destroyed device is a loss
// even when the device's own loss report comes late (a busy machine); other errors are left alone.
import { describe, expect, it } from 'vitest';
import { gpuErrorKind } from '../../../../src/ml/backends/deviceLoss';

describe('gpuErrorKind', () => {
  it('calls a read cut short by an unmapped buffer or a destroyed device a loss', () => {
    const unmapped = new DOMException(
      "Failed to execute 'mapAsync' on 'GPUBuffer': Buffer was unmapped before mapping was resolved.",
      'AbortError',
    );
    expect(gpuErrorKind(unmapped)).toBe('lost');
    expect(gpuErrorKind(new Error('The device was destroyed.'))).toBe('lost');
    expect(gpuErrorKind(new Error('Device is lost'))).toBe('lost');
  });

  it('waits on errors that a loss may cause, and leaves others alone', () => {
    expect(gpuErrorKind(new DOMException('mapAsync failed', 'OperationError'))).toBe('maybe-lost');
    expect(gpuErrorKind(new DOMException('The operation was aborted.', 'AbortError'))).toBe(
      'maybe-lost',
    );
    expect(gpuErrorKind(new RangeError('Vector 3 has 10 values, not 12'))).toBe('other');
    expect(gpuErrorKind('out of memory')).toBe('other');
  });
});
