// The settings a person edits before training, their defaults (overridable by URL), and the
// backbone spec they select.
import type { BackboneSpec } from '../shared/engine';
import { DEFAULT_TRAIN_CONFIG } from '../shared/training';
import { DEFAULT_AUGMENTATION } from '../shared/augment';
import type { UrlOptions } from './urlOptions';
import { DEFAULT_INPUT_SIZE, type Settings } from '../shared/session';

export function defaultSettings(url: UrlOptions): Settings {
  return {
    backbone: url.backboneUrl
      ? { kind: 'descriptor', url: url.backboneUrl }
      : { kind: 'builtin', id: 'vgg16' },
    inputSize: url.inputSize ?? (url.backboneUrl ? null : DEFAULT_INPUT_SIZE),
    splitSeed: url.splitSeed ?? 0,
    train: {
      ...DEFAULT_TRAIN_CONFIG,
      ...(url.epochs !== null && { epochs: url.epochs }),
      ...(url.seed !== null && { seed: url.seed }),
    },
    augment: {
      ...DEFAULT_AUGMENTATION,
      ...(url.views !== null && { views: url.views }),
      ...(url.testTimeFlip && { testTimeFlip: true }),
    },
  };
}

/** A spec's identity, for "is what the page shows about the backbone about this one?". */
export const specKey = (spec: BackboneSpec) => JSON.stringify(spec);

export function backboneSpec(settings: Settings): BackboneSpec {
  if (settings.backbone.kind === 'builtin') {
    return {
      kind: 'builtin',
      id: settings.backbone.id,
      inputSize: settings.inputSize ?? DEFAULT_INPUT_SIZE,
    };
  }
  if (settings.backbone.kind === 'imported') {
    const { id } = settings.backbone;
    return settings.inputSize === null
      ? { kind: 'imported', id }
      : { kind: 'imported', id, inputSize: settings.inputSize };
  }
  return settings.inputSize === null
    ? { kind: 'descriptor', url: settings.backbone.url }
    : { kind: 'descriptor', url: settings.backbone.url, inputSize: settings.inputSize };
}
