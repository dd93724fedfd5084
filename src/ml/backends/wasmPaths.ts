/// <reference types="vite/client" />
// Where the bundler put tfjs's three WASM binaries. Vite's `?url` imports emit each file as an
// asset and give back its URL, so the WASM backend finds its binaries wherever the app is served.
// Imported only dynamically (from backends.ts), together with the WASM backend itself. The
// reference above types `?url` imports wherever this file is compiled from (tests' tsconfig too).

import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** The file map `setWasmPaths` takes: binary name -> URL. */
export const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
} as const;
