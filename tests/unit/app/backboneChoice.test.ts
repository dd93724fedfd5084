// Which backbone the page uses (issue 25): the URL, then the person's pick in this visit, then the
// project's, then the one remembered from the last visit, else the best real backbone here;
// generated weights only when nothing real exists, and never suggested.
import { describe, expect, it } from 'vitest';
import {
  backboneLabel,
  chooseBackbone,
  realBackbones,
  suggestBackbone,
  type BackbonePick,
  type ChoiceInputs,
  type DeviceBackbones,
} from '../../../src/app/backboneChoice';
import type { ImportedBackbone } from '../../../src/shared/backboneImport';

const imported = (id: string, importedAt: string, name = id): ImportedBackbone => ({
  id,
  name,
  from: `${name} folder`,
  importedAt,
  featureLayer: 'sequential_5',
  inputSize: 224,
  preprocess: 'tf',
  weightsHash: 'ab',
  bytes: 1,
  featureShape: [1280],
});
const tm = imported('tm', '2026-12-01T10:00:00Z', 'mobilenet-v2-0.35');

const noReal: DeviceBackbones = {
  readiness: { vgg16: 'generated', mobilenetv2: 'generated' },
  imported: [],
  online: true,
};
const withImported: DeviceBackbones = { ...noReal, imported: [tm] };
const unknown: DeviceBackbones = { readiness: null, imported: null, online: true };

const vgg: BackbonePick = { backbone: { kind: 'builtin', id: 'vgg16' }, inputSize: 224 };
const mobile: BackbonePick = { backbone: { kind: 'builtin', id: 'mobilenetv2' }, inputSize: 224 };
const tmPick: BackbonePick = { backbone: { kind: 'imported', id: 'tm' }, inputSize: null };
const urlPick: BackbonePick = {
  backbone: { kind: 'descriptor', url: 'http://x/d.json' },
  inputSize: null,
};
const none: ChoiceInputs = {
  url: null,
  urlInputSize: null,
  person: null,
  project: null,
  remembered: null,
};

describe('chooseBackbone: precedence', () => {
  it('the URL wins over everything, the person over anything restored', () => {
    const all = { ...none, person: mobile, project: vgg, remembered: vgg };
    expect(chooseBackbone({ ...all, url: urlPick }, withImported)).toEqual({
      pick: urlPick,
      source: 'url',
    });
    expect(chooseBackbone(all, withImported)).toEqual({ pick: mobile, source: 'person' });
    // A pick of generated weights made by the person stands: it is theirs.
    expect(chooseBackbone({ ...none, person: vgg }, withImported).pick).toEqual(vgg);
  });

  it('the project comes before the remembered pick, which comes before the default', () => {
    const real: DeviceBackbones = {
      ...withImported,
      readiness: { vgg16: 'installed', mobilenetv2: 'cached' },
    };
    expect(chooseBackbone({ ...none, project: mobile, remembered: tmPick }, real)).toEqual({
      pick: mobile,
      source: 'project',
    });
    expect(chooseBackbone({ ...none, remembered: tmPick }, real)).toEqual({
      pick: tmPick,
      source: 'remembered',
    });
    expect(chooseBackbone(none, real)).toEqual({ pick: vgg, source: 'default' });
  });

  it('a restored pick of generated weights yields to a real backbone; with nothing real it stands', () => {
    expect(chooseBackbone({ ...none, project: vgg, remembered: vgg }, withImported)).toEqual({
      pick: tmPick,
      source: 'default',
    });
    expect(chooseBackbone({ ...none, project: vgg }, noReal)).toEqual({
      pick: vgg,
      source: 'project',
    });
    // The project's generated backbone yields to the remembered real one.
    expect(chooseBackbone({ ...none, project: vgg, remembered: tmPick }, withImported).source).toBe(
      'remembered',
    );
  });

  it('an imported backbone no longer here is skipped; before the list is read it stands', () => {
    expect(chooseBackbone({ ...none, remembered: tmPick }, noReal)).toEqual({
      pick: vgg,
      source: 'default',
    });
    expect(chooseBackbone({ ...none, remembered: tmPick }, unknown)).toEqual({
      pick: tmPick,
      source: 'remembered',
    });
  });

  it('?size= sizes a built-in backbone that the person did not pick, never an imported one', () => {
    const sized = { ...none, urlInputSize: 96 };
    expect(chooseBackbone({ ...sized, project: mobile }, noReal).pick.inputSize).toBe(96);
    expect(chooseBackbone(sized, noReal).pick).toEqual({ ...vgg, inputSize: 96 });
    expect(chooseBackbone({ ...sized, remembered: tmPick }, withImported).pick).toEqual(tmPick);
    expect(chooseBackbone({ ...sized, person: mobile }, noReal).pick.inputSize).toBe(224);
  });
});

describe('the default: the best real backbone here', () => {
  it('nothing real: VGG16 (generated); an imported backbone: that one; real built-in weights: VGG16, then MobileNetV2', () => {
    expect(chooseBackbone(none, noReal).pick).toEqual(vgg);
    expect(chooseBackbone(none, withImported).pick).toEqual(tmPick);
    const mobileReal: DeviceBackbones = {
      ...withImported,
      readiness: { vgg16: 'generated', mobilenetv2: 'installed' },
    };
    expect(chooseBackbone(none, mobileReal).pick).toEqual(mobile);
  });

  it('served weights count as real while online only; imported ones newest first', () => {
    const served: DeviceBackbones = {
      readiness: { vgg16: 'needs-network', mobilenetv2: 'generated' },
      imported: [tm, imported('new', '2026-12-03T10:00:00Z')],
      online: true,
    };
    expect(realBackbones(served).map((p) => p.backbone)).toEqual([
      { kind: 'builtin', id: 'vgg16' },
      { kind: 'imported', id: 'new' },
      { kind: 'imported', id: 'tm' },
    ]);
    expect(realBackbones({ ...served, online: false })[0]!.backbone).toEqual({
      kind: 'imported',
      id: 'new',
    });
  });
});

describe('suggestBackbone: only real backbones are suggested', () => {
  it('generated VGG16 beside an imported backbone: the imported one, for its real weights', () => {
    expect(suggestBackbone(vgg, withImported)).toMatchObject({
      pick: tmPick,
      label: 'mobilenet-v2-0.35',
      reason: 'real',
    });
  });

  it('MobileNetV2 with generated weights is never the faster suggestion', () => {
    const vggReal: DeviceBackbones = {
      ...noReal,
      readiness: { vgg16: 'installed', mobilenetv2: 'generated' },
    };
    expect(suggestBackbone(vgg, vggReal)).toBeNull();
    const bothReal: DeviceBackbones = {
      ...noReal,
      readiness: { vgg16: 'installed', mobilenetv2: 'cached' },
    };
    expect(suggestBackbone(vgg, bothReal)).toMatchObject({
      pick: mobile,
      reason: 'faster',
      costFrom: 'operations',
    });
    expect(suggestBackbone(vgg, noReal)).toBeNull();
  });

  it('an imported backbone is suggested as faster on measured speeds only', () => {
    const vggReal: DeviceBackbones = {
      ...withImported,
      readiness: { vgg16: 'installed', mobilenetv2: 'generated' },
    };
    expect(suggestBackbone(vgg, vggReal)).toBeNull();
    const rates = (pick: BackbonePick) => (pick.backbone.kind === 'imported' ? 0.05 : 0.2);
    expect(suggestBackbone(vgg, vggReal, rates)).toMatchObject({
      pick: tmPick,
      reason: 'faster',
      costFrom: 'measured',
      costRatio: 0.25,
    });
  });
});

describe('backboneLabel', () => {
  it('names the selected backbone before it loads', () => {
    expect(backboneLabel(tmPick.backbone, [tm], 'VGG16')).toBe('mobilenet-v2-0.35');
    expect(backboneLabel(mobile.backbone, null, null)).toBe('MobileNetV2');
    expect(backboneLabel(urlPick.backbone, null, null)).toBe('this backbone');
  });
});
