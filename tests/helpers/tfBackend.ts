// The TensorFlow.js backend a unit test file runs on, set in its beforeAll (files share their
// worker's modules, so each sets its own).
//
// WASM for the tests that run VGG16 or MobileNetV2 forward or train them: two 32 px images through
// VGG16 take about 80 ms here against 1.9 s on the CPU backend, and WASM is the backend the app
// itself runs on most machines. Like the app (ml/backends/backends.ts), it gets the convolution
// gradients tfjs-backend-wasm 4.22 lacks (ml/backends/wasmConvGradients.ts). CPU (plain JavaScript)
// where a test compares against tfjs's reference kernels.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmConvGradients } from '../../src/ml/backends/wasmConvGradients';

export async function useWasm(): Promise<void> {
  registerWasmConvGradients();
  await tf.setBackend('wasm');
  await tf.ready();
}

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
