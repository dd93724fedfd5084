// Convolution gradients for tfjs-backend-wasm 4.22. It has no kernel for a convolution's filter
// gradient (Conv2DBackpropFilter) nor for either gradient of a depthwise convolution
// (DepthwiseConv2dNativeBackpropInput, DepthwiseConv2dNativeBackpropFilter): the only kernels the
// backward pass of VGG16's block5 and MobileNetV2's last block lack on WASM (batch norm, ReLU6 and
// max pooling it has). Its Conv2DBackpropInput runs as a plain loop, about 10 times a forward
// convolution of the same size. Registered as WASM kernels composed of WASM kernels, they let
// tfjs's own gradient functions, and so fine-tuning unchanged, run on WASM, on XNNPACK's forward
// convolution and matrix product (see wasmKernelScope.ts for how the composition works):
// - the gradient of a convolution's input is a convolution of dy (spread out by the stride, padded)
//   with the filter turned by 180 degrees and its in and out channels swapped, and the same for a
//   depthwise convolution with a depthwise one;
// - the gradient of a k x k filter is, for each kernel offset, the input's window at that offset
//   times dy: k*k matrix products over the batch and the image, their operands untransposed
//   (tfjs-wasm runs a transposed operand as a naive loop), so either each window or dy is
//   transposed first, whichever moves fewer numbers;
// - the gradient of a depthwise filter is, for each kernel offset, the input's window times dy,
//   summed over the batch and the image (cheap: a depthwise layer has few weights).
// Measured on VGG16 block5's shape at 224 px (16 images, 14 x 14 x 512 -> 512, WASM, one thread,
// a busy machine): the forward convolution 0.6-0.9 s, the filter gradient 0.7 s (as one convolution
// with batch and channels swapped 0.8 s, as one im2col product 2.3 s), WASM's own input gradient
// 5.9-12 s, the one here 0.8-1.4 s.
import * as tf from '@tensorflow/tfjs';
import { scoped, type Info, type Quad, type Scope } from './wasmKernelScope';

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: number | [number, number];
  dataFormat?: string;
}

function convInfo(inShape: Quad, filterShape: Quad, a: ConvAttrs, depthwise: boolean) {
  if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC')
    throw new Error('Convolution gradients on WASM need channels-last (NHWC) data.');
  return tf.backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    a.strides,
    a.dilations ?? 1, // tfjs's convolution gradients refuse dilations above 1
    a.pad,
    a.dimRoundingMode,
    depthwise,
  );
}

/**
 * dy laid out so that a valid stride-1 convolution of it with the turned filter gives the input's
 * gradient: dx[h] = sum_i dy'[h + top - i] w[i], where dy' is dy with stride - 1 zeros after each
 * value; padded by kh - 1 - top before and cut or padded after to give the input's height.
 */
function framed(s: Scope, dy: Info, info: tf.backend_util.Conv2DInfo): Info {
  const { batchSize, outHeight, outWidth, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: kh, filterWidth: kw, inHeight, inWidth } = info;
  const depth = dy.shape[3]!;
  let spread = dy;
  if (sh > 1 || sw > 1) {
    const six = s.reshape(dy, [batchSize, outHeight, 1, outWidth, 1, depth]);
    const zeros = s.padOrCrop(six, [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
    spread = s.reshape(zeros, [batchSize, outHeight * sh, outWidth * sw, depth]);
  }
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  return s.padOrCrop(spread, [
    [0, 0],
    [top, inHeight + kh - 1 - top - spread.shape[1]!],
    [left, inWidth + kw - 1 - left - spread.shape[2]!],
    [0, 0],
  ]);
}

const VALID = { strides: [1, 1], pad: 'valid', dilations: [1, 1], dataFormat: 'NHWC' } as const;

const conv2DBackpropInput: tf.KernelFunc = ({ inputs, backend, attrs }) =>
  scoped(backend, (s) => {
    const { dy, filter } = inputs as { dy: Info; filter: Info };
    const a = attrs as unknown as ConvAttrs & { inputShape: Quad };
    const info = convInfo(a.inputShape, filter.shape as Quad, a, false);
    const turned = s.transpose(s.turned(filter), [0, 1, 3, 2]);
    return s.run('Conv2D', { x: framed(s, dy, info), filter: turned }, VALID);
  });

const conv2DBackpropFilter: tf.KernelFunc = ({ inputs, backend, attrs }) =>
  scoped(backend, (s) => {
    const { x, dy } = inputs as { x: Info; dy: Info };
    const a = attrs as unknown as ConvAttrs & { filterShape: Quad };
    const info = convInfo(x.shape as Quad, a.filterShape, a, false);
    const { filterHeight: kh, filterWidth: kw, inChannels: c, outChannels: f } = info;
    const rows = info.batchSize * info.outHeight * info.outWidth;
    const count = kh * kw;
    const padded = s.padded(x, info);
    const dy2 = s.reshape(dy, [rows, f]);
    const windows = () =>
      Array.from({ length: count }, (_, k) =>
        s.reshape(s.window(padded, info, Math.floor(k / kw), k % kw), [rows, c]),
      );
    const matMul = (left: Info, right: Info) =>
      s.run('BatchMatMul', { a: left, b: right }, { transposeA: false, transposeB: false });
    const stack = (parts: Info[], shape: number[]) =>
      s.run(
        'Concat',
        parts.map((p) => s.reshape(p, shape)),
        { axis: 0 },
      );
    // Either each window transposed ([C, rows] x [rows, F] gives [C, F]), or dy transposed once and
    // each product ([F, C]) turned at the end: whichever transposes fewer numbers.
    if (count * rows * c <= rows * f + count * c * f) {
      const parts = windows().map((w) => matMul(s.transpose(w, [1, 0]), dy2));
      return s.reshape(stack(parts, [1, c, f]), a.filterShape);
    }
    const dyT = s.transpose(dy2, [1, 0]);
    const parts = windows().map((w) => matMul(dyT, w));
    return s.reshape(s.transpose(stack(parts, [1, f, c]), [0, 2, 1]), a.filterShape);
  });

const depthwiseBackpropInput: tf.KernelFunc = ({ inputs, backend, attrs }) =>
  scoped(backend, (s) => {
    const { dy, filter } = inputs as { dy: Info; filter: Info };
    const a = attrs as unknown as ConvAttrs & { inputShape: Quad };
    const info = convInfo(a.inputShape, filter.shape as Quad, a, true);
    const [kh, kw, channels, multiplier] = filter.shape as Quad;
    const turned = s.reshape(s.turned(filter), [kh, kw, channels * multiplier, 1]);
    const dx = s.run('DepthwiseConv2dNative', { x: framed(s, dy, info), filter: turned }, VALID);
    if (multiplier === 1) return dx;
    const { batchSize, inHeight, inWidth } = info;
    const five = s.reshape(dx, [batchSize, inHeight, inWidth, channels, multiplier]);
    return s.run('Sum', { x: five }, { axis: [4], keepDims: false });
  });

const depthwiseBackpropFilter: tf.KernelFunc = ({ inputs, backend, attrs }) =>
  scoped(backend, (s) => {
    const { x, dy } = inputs as { x: Info; dy: Info };
    const a = attrs as unknown as ConvAttrs & { filterShape: Quad };
    const info = convInfo(x.shape as Quad, a.filterShape, a, true);
    const [kh, kw, channels, multiplier] = a.filterShape;
    const rows = info.batchSize * info.outHeight * info.outWidth;
    const dy3 = s.reshape(dy, [rows, channels, multiplier]);
    const padded = s.padded(x, info);
    const parts: Info[] = [];
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const window = s.window(padded, info, i, j);
        const product = s.run('Multiply', { a: s.reshape(window, [rows, channels, 1]), b: dy3 });
        parts.push(s.run('Sum', { x: product }, { axis: [0], keepDims: true }));
      }
    const stacked = parts.length === 1 ? parts[0]! : s.run('Concat', parts, { axis: 0 });
    return s.reshape(stacked, a.filterShape);
  });

const wasm = (kernelName: string, kernelFunc: tf.KernelFunc): tf.KernelConfig => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc,
});

/** The kernels this module gives the WASM backend. */
export const WASM_CONV_GRADIENTS: readonly tf.KernelConfig[] = [
  wasm('Conv2DBackpropInput', conv2DBackpropInput),
  wasm('Conv2DBackpropFilter', conv2DBackpropFilter),
  wasm('DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput),
  wasm('DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter),
];

/**
 * Registers the kernels above for the WASM backend (once; again is a no-op), replacing WASM's own
 * Conv2DBackpropInput. Needs no started backend: kernels are looked up when they run.
 */
export function registerWasmConvGradients(): void {
  for (const config of WASM_CONV_GRADIENTS) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current === config) continue;
    if (current) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}
