import { describe, expect, it } from 'vitest';
import { initialSession, sessionReducer, type SessionAction } from '../../../src/app/session';
import { runBarProps } from '../../../src/app/runBarProps';
import { weightsTrust, type BackboneInfo } from '../../../src/shared/backbone';
import { timingWasmAlone } from '../../helpers/backendChoiceEvents';

const run = (actions: SessionAction[]) => actions.reduce(sessionReducer, initialSession);
const stop = () => {};

describe('the pinned progress bar', () => {
  it('shows nothing when nothing runs', () => {
    expect(runBarProps(initialSession, stop)).toBeNull();
  });

  it('shows the backend choice with its own ETA, before extraction has a count', () => {
    const event = timingWasmAlone;
    const state = run([{ type: 'extract-started' }, { type: 'backend-choice', event }]);
    const props = runBarProps(state, stop)!;
    expect(props.title).toBe('Choosing the fastest backend');
    expect(props.detail).toBe(
      'timing WASM (1 of 1); WebGPU, WebGL and plain JS ruled out (cannot win here)',
    );
    expect(props.eta).toBe('about 2 s left');
    expect(props.progress).toBeNull();
    expect(props.stop?.label).toBe('Cancel');
    // At page load (nothing else running) it shows too, without a stop button.
    const idle = runBarProps(run([{ type: 'backend-choice', event }]), stop)!;
    expect(idle.detail).toMatch(/^timing WASM \(1 of 1\)/);
    expect(idle.stop).toBeUndefined();
    const unknown = run([{ type: 'backend-choice', event: { ...event, etaSeconds: null } }]);
    expect(runBarProps(unknown, stop)!.eta).toBe('estimating time left…');
    const loading = run([
      { type: 'backend-choice', event: { ...event, step: 'loading', etaSeconds: 0.4 } },
    ]);
    expect(runBarProps(loading, stop)!.detail).toMatch(/^loading the backbone on WASM \(1 of 1\)/);
    expect(runBarProps(loading, stop)!.eta).toBe('under a second left');
    const probing = run([
      { type: 'backend-choice', event: { type: 'backend-choice', stage: 'probing' } },
    ]);
    expect(runBarProps(probing, stop)!.detail).toBe(
      'looking at this device’s backends (first use only)',
    );
  });

  it('counts images, and never reads "about estimating… left"', () => {
    const state = run([
      { type: 'extract-started' },
      {
        type: 'extract-event',
        event: { type: 'extract-start', total: 10, cached: 4, toCompute: 6 },
      },
    ]);
    const props = runBarProps(state, stop)!;
    expect(props.progress).toEqual({ done: 4, total: 10 });
    expect(props.eta).toBe('estimating time left…');
    const later = sessionReducer(state, {
      type: 'extract-event',
      event: { type: 'extract-progress', done: 7, total: 10, imagesPerSecond: 3, etaSeconds: 75 },
    });
    const p = runBarProps(later, stop)!;
    expect(p.detail).toBe('7 / 10 images · 3.0 images/s');
    expect(p.eta).toBe('about 1 min 15 s left');
  });

  it('shows epochs while training, with a stop that keeps the best model', () => {
    const state = run([{ type: 'extract-started' }, { type: 'train-started', epochs: 30 }]);
    const props = runBarProps(state, stop)!;
    expect(props.title).toBe('Training');
    expect(props.detail).toBe('epoch 0 of up to 30');
    expect(props.stop?.label).toBe('Stop (keep best model)');
  });
});

describe('weightsTrust', () => {
  const info = (weights: BackboneInfo['weights']) => ({ weights }) as BackboneInfo;
  it('calls generated weights untrained, supplied ones pretrained, none unknown', () => {
    expect(weightsTrust(info({ kind: 'generated', seed: 1 }))).toBe('untrained');
    expect(weightsTrust(info({ kind: 'url', url: 'x' }))).toBe('pretrained');
    expect(weightsTrust(info({ kind: 'installed', from: 'a.h5', installedAt: '' }))).toBe(
      'pretrained',
    );
    expect(weightsTrust(null)).toBe('unknown');
  });
});
