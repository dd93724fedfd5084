// The installable, offline app: the web app manifest and the service worker's build
// (vite-plugin-pwa, Workbox; src/sw/sw.ts), and the list of backbone files this build serves.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { SERVED_MODELS_FILE, type ServedModels } from '../src/shared/offline';

/** Every file under `publicDir`/models, by backbone folder: what this build serves. */
export function listServedModels(publicDir: string): ServedModels {
  const root = join(publicDir, 'models');
  if (!existsSync(root)) return {};
  const served: Record<string, string[]> = {};
  for (const id of readdirSync(root).sort()) {
    const folder = join(root, id);
    if (!statSync(folder).isDirectory()) continue;
    const files = readdirSync(folder)
      .filter((name) => statSync(join(folder, name)).isFile())
      .sort()
      .map((name) => `models/${id}/${name}`);
    if (files.length > 0) served[id] = files;
  }
  return served;
}

/** Emits served-models.json (see src/shared/offline.ts) into the build. */
function servedModels(): Plugin {
  let publicDir = '';
  return {
    name: 'graft-served-models',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: SERVED_MODELS_FILE,
        source: JSON.stringify(listServedModels(publicDir)),
      });
    },
  };
}

/**
 * The version the page shows (package.json's, plus GRAFT_BUILD_LABEL when set: tests build two
 * versions of the app to check updates), so a person can tell which one runs after an update.
 */
function appVersion(): Plugin {
  return {
    name: 'graft-app-version',
    config() {
      const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
      const label = process.env.GRAFT_BUILD_LABEL;
      return {
        define: {
          'import.meta.env.VITE_GRAFT_VERSION': JSON.stringify(
            label ? `${version}-${label}` : version,
          ),
        },
      };
    },
  };
}

export const THEME_COLOUR = '#1f6f4a';

/** Manifest icons: rendered from public/icons/*.svg by `npm run icons` (scripts/icons.mjs). */
export const MANIFEST_ICONS = [
  { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
];

export function pwa(): Plugin[] {
  return [
    servedModels(),
    appVersion(),
    ...VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      // Registered by the app itself (src/app/usePwa.ts): the plugin's inline script would break the CSP.
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        id: '/',
        name: 'Graft: train an image classifier in your browser',
        short_name: 'Graft',
        description:
          'Train an image classifier on your own folders of photos, on this computer, offline.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        theme_color: THEME_COLOUR,
        background_color: '#ffffff',
        icons: MANIFEST_ICONS,
      },
      injectManifest: {
        globPatterns: ['**/*.{html,js,css,wasm,svg,png,json,webmanifest}'],
        // The benchmark page is not the app; backbone weights (tens of MB) are cached at first use.
        globIgnores: ['bench.html', 'assets/bench-*.js', 'assets/naive-*.js', 'models/**'],
        // The engine worker's bundle is ~8 MB (tfjs, h5wasm): it must be precached all the same.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ];
}
