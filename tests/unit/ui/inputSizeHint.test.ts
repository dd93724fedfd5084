// The input size's hint under each kind of backbone: its own size, never another backbone's.
import { describe, expect, it } from 'vitest';
import { inputSizeHint } from '../../../src/ui/TrainSettings/inputSizeHint';
import type { ImportedBackbone } from '../../../src/shared/backboneImport';

const teachable: ImportedBackbone = {
  id: 'tm1',
  name: 'my-image-model',
  featureLayer: 'sequential_1',
  inputSize: 96,
  preprocess: 'tf',
  from: 'a folder',
  importedAt: '2026-12-04T00:00:00Z',
  weightsHash: 'ab'.repeat(32),
  bytes: 1000,
  featureShape: [1280],
};

describe('inputSizeHint', () => {
  it("names the built-in backbone that is selected, not always VGG16's", () => {
    expect(inputSizeHint({ kind: 'builtin', id: 'vgg16' }, [])).toContain(
      "224 is VGG16's own size",
    );
    expect(inputSizeHint({ kind: 'builtin', id: 'mobilenetv2' }, [])).toContain(
      "224 is MobileNetV2's own size",
    );
  });

  it("gives an imported backbone's own size, and the declared size for a descriptor", () => {
    const hint = inputSizeHint({ kind: 'imported', id: 'tm1' }, [teachable]);
    expect(hint).toContain("96 is my-image-model's own size");
    expect(hint).not.toContain('VGG16');
    expect(inputSizeHint({ kind: 'descriptor', url: 'https://x/d.json' }, [])).toContain(
      'the size the model declares',
    );
  });
});
