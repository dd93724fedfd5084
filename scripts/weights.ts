// Entry of `npm run weights` (see scripts/lib/weightsCli.ts for what it does and its flags).
// Node cannot run TypeScript here, so the npm script first bundles this file with rolldown (Vite 8's
// bundler, already installed), keeping tfjs and h5wasm external, and runs the bundle with node.

import * as tf from '@tensorflow/tfjs';
import { runWeightsCli } from './lib/weightsCli';

// Node has no WebGL: pick the CPU backend outright, and silence tfjs's "install tfjs-node" banner.
tf.enableProdMode();
await tf.setBackend('cpu');
process.exitCode = await runWeightsCli(process.argv.slice(2));
