import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { pwa } from './scripts/pwa';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Content-Security-Policy of the production build. File and class names come from the person's
// disk and are rendered as text; this is the second wall should one ever reach an HTML sink: no
// inline script, no eval, no plugins, no framing. Two policies:
// - the app's page runs only the app's own scripts and needs nothing else;
// - whatever runs the engine (its worker; the benchmark page, which also runs it on its main
//   thread) runs TensorFlow.js, whose WASM needs 'wasm-unsafe-eval' and whose threaded backend
//   starts pthread workers from blob: URLs that then importScripts() a blob: copy of the
//   Emscripten factory, hence blob: in worker-src and script-src there (its children inherit it).
// connect-src is where a backbone may be fetched from: the app's origin, any https origin (a model
// the person names with ?backbone=) and local servers (their own model server, the tests'). Listing
// only 'self' would be stricter but would refuse every model not copied next to the app; since
// scripts cannot be injected, the wider connect-src gives a would-be exfiltrator nothing to run.
const connectSources = ["'self'", 'https:', 'http://localhost:*', 'http://127.0.0.1:*'];
const common = {
  'default-src': ["'self'"],
  'img-src': ["'self'", 'blob:'],
  // React style props and uPlot set styles through the CSSOM, which CSP does not govern.
  'style-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};
const appPolicy = {
  ...common,
  'script-src': ["'self'"],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
};
const enginePolicy = {
  ...common,
  'script-src': ["'self'", 'blob:', "'wasm-unsafe-eval'"],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': connectSources,
};

function serialise(policy: Record<string, string[]>): string {
  return Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(' '))
    .join('; ');
}

/** Pages that run the engine themselves rather than through the worker. */
const ENGINE_PAGES = new Set(['/bench.html']);

/** The app's page (any path a browser loads as a document), as opposed to scripts and binaries. */
function isAppPage(url: string | undefined): boolean {
  const path = (url ?? '/').split(/[?#]/)[0] ?? '/';
  if (ENGINE_PAGES.has(path)) return false;
  return path.endsWith('/') || path.endsWith('.html') || !/\.[a-z0-9]+$/i.test(path);
}

/**
 * Serves the policies from `vite preview` (headers: the worker's policy can only come this way)
 * and writes the document's into the built index.html as a <meta>, so any static host enforces
 * at least that one. frame-ancestors works in a header only. The dev server has no policy: React
 * Fast Refresh injects an inline script.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'graft-content-security-policy',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (context.server || ENGINE_PAGES.has(context.path)) return html;
        const meta = `<meta http-equiv="Content-Security-Policy" content="${serialise(appPolicy)}" />`;
        // First in <head> after the charset: a <meta> policy covers only what follows it.
        return html.replace(
          /<head>(\s*<meta charset="[^"]*"\s*\/?>)?/i,
          (head) => `${head}\n    ${meta}`,
        );
      },
    },
    configurePreviewServer(server) {
      const forApp = serialise({ ...appPolicy, 'frame-ancestors': ["'none'"] });
      const forEngine = serialise({ ...enginePolicy, 'frame-ancestors': ["'none'"] });
      server.middlewares.use((req, res, next) => {
        res.setHeader('Content-Security-Policy', isAppPage(req.url) ? forApp : forEngine);
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), pwa()],
  server: { headers: isolationHeaders },
  // Pre-bundle what the dev server would otherwise discover only when the worker starts (and the
  // backends it imports lazily): a late discovery re-optimises and forces a reload of the first page.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      'comlink',
      'idb',
      'uplot',
      'h5wasm',
    ],
  },
  preview: { headers: isolationHeaders },
  worker: {
    format: 'es',
    // The threaded WASM backend rebuilds its Emscripten factory in each pthread worker from
    // `factory.toString()`, which refers to closure names such as `_scriptDir`: mangling them breaks
    // every thread ("e is not defined"), and compressing drops them ("_scriptDir is not defined").
    // So the worker bundle is not minified; it is cached after the first load anyway.
    rolldownOptions: { output: { minify: false } },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    // Two pages: the app, and the benchmark page that `npm run bench` drives (scripts/bench.mjs).
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        bench: fileURLToPath(new URL('./bench.html', import.meta.url)),
      },
    },
  },
});
