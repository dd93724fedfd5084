// Reads a backbone descriptor (JSON that says where a layers model is and how to feed it) and checks
// every field at the boundary, so a bad file fails with the field's name instead of deep in tfjs.

import { PREPROCESS_MODES } from '../../shared/backbone';
import type { BackboneDescriptor, PreprocessMode } from '../../shared/backbone';

/** Beyond this an image batch would not fit any device's buffers; a typo, not a model. */
const MAX_INPUT_SIZE = 4096;

function fail(field: string, problem: string): never {
  throw new Error(`Backbone descriptor: "${field}" ${problem}`);
}

function nonEmptyString(obj: Record<string, unknown>, field: string): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '')
    fail(field, `must be a non-empty string, got ${show(v)}`);
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  return JSON.stringify(v) ?? String(v);
}

function isPreprocessMode(v: unknown): v is PreprocessMode {
  return typeof v === 'string' && (PREPROCESS_MODES as readonly string[]).includes(v);
}

/** Validates parsed JSON as a descriptor. Unknown extra fields are ignored (newer writers). */
export function parseDescriptor(json: unknown): BackboneDescriptor {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`Backbone descriptor must be a JSON object, got ${show(json)}`);
  }
  const obj = json as Record<string, unknown>;
  const name = nonEmptyString(obj, 'name');
  const modelUrl = nonEmptyString(obj, 'modelUrl');

  const inputSize = obj['inputSize'];
  if (
    typeof inputSize !== 'number' ||
    !Number.isInteger(inputSize) ||
    inputSize < 1 ||
    inputSize > MAX_INPUT_SIZE
  ) {
    fail('inputSize', `must be an integer from 1 to ${MAX_INPUT_SIZE}, got ${show(inputSize)}`);
  }

  const preprocess = obj['preprocess'];
  if (!isPreprocessMode(preprocess)) {
    fail('preprocess', `must be one of ${PREPROCESS_MODES.join(', ')}, got ${show(preprocess)}`);
  }

  const featureLayer = obj['featureLayer'];
  if (featureLayer !== null && (typeof featureLayer !== 'string' || featureLayer === '')) {
    fail(
      'featureLayer',
      `must be a layer name or null (for the model's output), got ${show(featureLayer)}`,
    );
  }

  const trainableLayers = obj['trainableLayers'];
  if (trainableLayers === undefined) return { name, modelUrl, inputSize, preprocess, featureLayer };
  if (
    !Array.isArray(trainableLayers) ||
    trainableLayers.length === 0 ||
    !trainableLayers.every((n): n is string => typeof n === 'string' && n !== '')
  ) {
    fail(
      'trainableLayers',
      `must be a non-empty list of layer names, got ${show(trainableLayers)}`,
    );
  }
  return { name, modelUrl, inputSize, preprocess, featureLayer, trainableLayers };
}

/**
 * Absolute URL of the descriptor's model.json: `modelUrl` is relative to the descriptor's own URL,
 * which may itself be relative to the page or worker (resolved against `location`).
 */
export function resolveModelUrl(descriptorUrl: string, descriptor: BackboneDescriptor): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  let descriptorAbsolute: URL;
  try {
    descriptorAbsolute = new URL(descriptorUrl, base);
  } catch {
    throw new Error(`Backbone descriptor URL "${descriptorUrl}" is not a valid URL here`);
  }
  return new URL(descriptor.modelUrl, descriptorAbsolute).href;
}
