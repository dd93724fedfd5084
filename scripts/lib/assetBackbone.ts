// Loads a real pretrained backbone from ../shared/assets in Node, through the app's own descriptor
// loader (loadBackboneFromDescriptor) with a fetch that reads the files.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadBackboneFromDescriptor, type Backbone } from '../../src/ml/backbones/backbone';

/** The assets README's two pretrained backbones, as descriptors (where their features are). */
export const ASSET_BACKBONES = {
  'mobilenet-v2-0.35': { preprocess: 'tf', featureLayer: 'sequential_5' },
  'darknet-tiny': { preprocess: 'unit', featureLayer: 'leaky_re_lu_15' },
} as const;
export type AssetBackbone = keyof typeof ASSET_BACKBONES;

const ORIGIN = 'http://assets.local/';

export function loadAssetBackbone(assetsDir: string, id: AssetBackbone): Promise<Backbone> {
  const descriptorUrl = `${ORIGIN}backbones/${id}/backbone.json`;
  const descriptor = { name: id, modelUrl: 'model.json', inputSize: 224, ...ASSET_BACKBONES[id] };
  const fetchFunc: typeof fetch = async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === descriptorUrl) return new Response(JSON.stringify(descriptor));
    const file = join(assetsDir, url.slice(ORIGIN.length));
    if (!url.startsWith(ORIGIN) || !existsSync(file)) return new Response('', { status: 404 });
    return new Response(await readFile(file));
  };
  return loadBackboneFromDescriptor(descriptorUrl, { fetchFunc });
}
