import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: {
    format: 'es',
    // The threaded WASM backend rebuilds its Emscripten factory in each pthread worker from
    // `factory.toString()`, which refers to closure names such as `_scriptDir`: mangling them breaks
    // every thread ("e is not defined"), and compressing drops them ("_scriptDir is not defined").
    // So the worker bundle is not minified; it is cached after the first load anyway.
    rolldownOptions: { output: { minify: false } },
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
