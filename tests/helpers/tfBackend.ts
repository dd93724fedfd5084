// The TensorFlow.js backend a unit test file runs on, set in its beforeAll (files share their
// worker's modules, so each sets its own).
//
// WASM for the tests that run VGG16 or MobileNetV2 forward: two 32 px images through VGG16 take
// about 80 ms here against 1.9 s on the CPU backend, and WASM is the backend the app itself runs on
// most machines. CPU (plain JavaScript) where a test needs gradients of convolutions (fine-tuning):
// tfjs 4.22's WASM backend has none.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export async function useWasm(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
}

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
