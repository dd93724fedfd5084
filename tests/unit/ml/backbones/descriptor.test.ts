// A descriptor is user-editable JSON: every bad field must be reported by name.
import { describe, expect, it } from 'vitest';
import { parseDescriptor, resolveModelUrl } from '../../../../src/ml/backbones/descriptor';

const valid = {
  name: 'MobileNetV2 0.35',
  modelUrl: 'model.json',
  inputSize: 224,
  preprocess: 'tf',
  featureLayer: 'sequential_5',
};

describe('parseDescriptor', () => {
  it('accepts a valid descriptor and ignores unknown fields', () => {
    expect(parseDescriptor({ ...valid, license: 'Apache-2.0' })).toEqual(valid);
    expect(parseDescriptor({ ...valid, featureLayer: null }).featureLayer).toBeNull();
  });

  it.each([
    [{ ...valid, name: '' }, /"name" must be a non-empty string/],
    [{ ...valid, modelUrl: 3 }, /"modelUrl" must be a non-empty string, got 3/],
    [{ ...valid, inputSize: 22.5 }, /"inputSize" must be an integer/],
    [{ ...valid, inputSize: '224' }, /"inputSize" must be an integer .* got "224"/],
    [{ ...valid, inputSize: 0 }, /"inputSize"/],
    [
      { ...valid, preprocess: 'caffee' },
      /"preprocess" must be one of caffe, tf, unit, got "caffee"/,
    ],
    [{ ...valid, featureLayer: 7 }, /"featureLayer" must be a layer name or null/],
    [{ ...valid, featureLayer: undefined }, /"featureLayer" .* missing/],
    [{ ...valid, trainableLayers: 'Conv_1' }, /"trainableLayers" must be a non-empty list/],
    [{ ...valid, trainableLayers: [] }, /"trainableLayers" must be a non-empty list/],
    [{ ...valid, trainableLayers: ['Conv_1', ''] }, /"trainableLayers"/],
  ])('rejects %o', (json, error) => {
    expect(() => parseDescriptor(json)).toThrow(error);
  });

  it('keeps the layers a descriptor names for fine-tuning', () => {
    const layers = ['Conv_1', 'Conv_1_bn'];
    expect(parseDescriptor({ ...valid, trainableLayers: layers })).toEqual({
      ...valid,
      trainableLayers: layers,
    });
  });

  it('rejects a missing field, saying it is missing', () => {
    const rest: Record<string, unknown> = { ...valid };
    delete rest['name'];
    expect(() => parseDescriptor(rest)).toThrow(/"name" .*missing/);
  });

  it('rejects what is not an object', () => {
    expect(() => parseDescriptor([valid])).toThrow(/must be a JSON object/);
    expect(() => parseDescriptor(null)).toThrow(/must be a JSON object/);
  });
});

describe('resolveModelUrl', () => {
  it("resolves modelUrl against the descriptor's URL", () => {
    const d = parseDescriptor(valid);
    expect(resolveModelUrl('https://x.test/backbones/mnv2/backbone.json', d)).toBe(
      'https://x.test/backbones/mnv2/model.json',
    );
    expect(resolveModelUrl('https://x.test/a/b.json', { ...d, modelUrl: '../m/model.json' })).toBe(
      'https://x.test/m/model.json',
    );
    expect(
      resolveModelUrl('https://x.test/a/b.json', { ...d, modelUrl: 'https://cdn.test/model.json' }),
    ).toBe('https://cdn.test/model.json');
  });

  it('explains a relative descriptor URL where there is no page to resolve it against', () => {
    expect(() => resolveModelUrl('backbones/b.json', parseDescriptor(valid))).toThrow(
      /not a valid URL/,
    );
  });
});

describe('loadBackboneFromDescriptor size limits', () => {
  it('refuses a "descriptor" that is far too long to be one, before parsing it', async () => {
    const { loadBackboneFromDescriptor } = await import('../../../../src/ml/backbones/backbone');
    const huge = JSON.stringify({ name: 'x'.repeat(100_000) });
    const fetchFunc = (async () => new Response(huge)) as typeof fetch;
    await expect(
      loadBackboneFromDescriptor('http://assets.test/d.json', { fetchFunc }),
    ).rejects.toThrow(/characters: not a descriptor/);
  });
});
