// TensorFlow.js's WASM backend in Node, for the unit tests that run VGG16 or MobileNetV2 forward:
// two 32 px images through VGG16 take about 80 ms here against 1.9 s on the CPU backend, and WASM
// is the backend the app itself runs on most machines. Tests that need gradients of convolutions
// (fine-tuning) stay on the CPU backend: tfjs 4.22's WASM backend has none.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export async function useWasm(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
}
