// The settings a person edits before training, their defaults (overridable by URL), and the
// backbone spec they select.
import type { BackboneSpec } from '../shared/engine';
import type { BuiltinBackboneId } from '../shared/backbone';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from '../shared/training';
import type { UrlOptions } from './urlOptions';

export const DEFAULT_INPUT_SIZE = 224;
/** 150 is the seed tutorial's size; 224 is VGG16's native one. */
export const INPUT_SIZES = [64, 96, 128, 150, 160, 192, 224, 256] as const;

export type BackboneChoice =
  | { readonly kind: 'builtin'; readonly id: BuiltinBackboneId }
  | { readonly kind: 'descriptor'; readonly url: string };

export interface Settings {
  readonly backbone: BackboneChoice;
  /** null: the backbone's own size (a descriptor's inputSize; 224 for VGG16). */
  readonly inputSize: number | null;
  readonly splitSeed: number;
  readonly train: TrainConfig;
}

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
  };
}

export function backboneSpec(settings: Settings): BackboneSpec {
  if (settings.backbone.kind === 'builtin') {
    return {
      kind: 'builtin',
      id: settings.backbone.id,
      inputSize: settings.inputSize ?? DEFAULT_INPUT_SIZE,
    };
  }
  return settings.inputSize === null
    ? { kind: 'descriptor', url: settings.backbone.url }
    : { kind: 'descriptor', url: settings.backbone.url, inputSize: settings.inputSize };
}
