// The build's list of served backbone files (served-models.json), read from public/models.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listServedModels, MANIFEST_ICONS } from '../../../scripts/pwa';

describe('listServedModels', () => {
  it('lists every file of every backbone folder, base-relative', () => {
    const publicDir = mkdtempSync(join(tmpdir(), 'graft-public-'));
    mkdirSync(join(publicDir, 'models', 'vgg16'), { recursive: true });
    mkdirSync(join(publicDir, 'models', 'empty'), { recursive: true });
    writeFileSync(join(publicDir, 'models', 'vgg16', 'model.json'), '{}');
    writeFileSync(join(publicDir, 'models', 'vgg16', 'group1-shard1of1.bin'), '');
    writeFileSync(join(publicDir, 'models', 'README'), '');
    expect(listServedModels(publicDir)).toEqual({
      vgg16: ['models/vgg16/group1-shard1of1.bin', 'models/vgg16/model.json'],
    });
  });

  it('is empty when the app serves no weights', () => {
    expect(listServedModels(mkdtempSync(join(tmpdir(), 'graft-public-')))).toEqual({});
  });
});

describe('manifest icons', () => {
  it('include the sizes browsers ask for, maskable among them', () => {
    const png = MANIFEST_ICONS.filter((i) => i.type === 'image/png');
    expect(png.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
  });
});
