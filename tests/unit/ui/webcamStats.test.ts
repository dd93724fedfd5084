import { describe, expect, it } from 'vitest';
import { createRateMeter, createSmoother, formatFps } from '../../../src/ui/WebcamPanel/liveStats';
import { CAMERA_UNPLUGGED, cameraErrorMessage } from '../../../src/ui/WebcamPanel/cameraErrors';

describe('webcam live numbers', () => {
  it('measures predictions per second from their timestamps, slow ones included', () => {
    const meter = createRateMeter(4);
    expect(meter.rate()).toBeNull();
    meter.tick(0);
    expect(meter.rate()).toBeNull();
    meter.tick(3000); // VGG16 on a slow backend: one prediction every 3 s
    expect(meter.rate()).toBeCloseTo(1 / 3);
    for (const t of [3100, 3200, 3300]) meter.tick(t); // then faster: only the last 4 count
    expect(meter.rate()).toBeCloseTo(30 / 3);
  });

  it('averages the last frames, and starts over when the model changes', () => {
    const smooth = createSmoother(2);
    expect(smooth(['a', 'b'], [1, 0])).toEqual([1, 0]);
    expect(smooth(['a', 'b'], [0, 1])).toEqual([0.5, 0.5]);
    expect(smooth(['a', 'b'], [0, 1])).toEqual([0, 1]);
    expect(smooth(['a', 'b', 'c'], [0.2, 0.3, 0.5])).toEqual([0.2, 0.3, 0.5]);
  });

  it('shows fps with enough digits to be honest when it is low', () => {
    expect(formatFps(12.345)).toBe('12.3');
    expect(formatFps(0.3333)).toBe('0.33');
  });
});

describe('camera errors', () => {
  const named = (name: string) => new DOMException('browser words', name);
  it('says what to do for each way a camera fails', () => {
    expect(cameraErrorMessage(named('NotAllowedError'))).toMatch(/refused.*Allow the camera/);
    expect(cameraErrorMessage(named('NotFoundError'))).toMatch(/No camera was found/);
    expect(cameraErrorMessage(named('NotReadableError'))).toMatch(/another program/);
    expect(cameraErrorMessage(new Error('odd'))).toMatch(/could not be started: odd/);
    expect(CAMERA_UNPLUGGED).toMatch(/unplugged/);
  });
});
