// Composite kernels for the WASM backend: kernel functions calling WASM's own kernel functions
// directly, as tfjs-backend-wasm's composite kernels do. What they make in between is backend data
// the engine never sees, so a Scope frees it; only the result leaves.
import * as tf from '@tensorflow/tfjs';

export type Info = tf.TensorInfo;
export type Quad = [number, number, number, number];
type Amounts = readonly (readonly [number, number])[];

export class Scope {
  private readonly made: Info[] = [];
  constructor(private readonly backend: tf.KernelBackend) {}

  /** Runs WASM's kernel `kernel`, which must be its own (never one of ours: no recursion). */
  run(kernel: string, inputs: tf.NamedTensorInfoMap | Info[], attrs: object = {}): Info {
    const config = tf.getKernel(kernel, 'wasm');
    if (!config) throw new Error(`The WASM backend has no ${kernel} kernel.`);
    const out = config.kernelFunc({
      inputs: inputs as tf.NamedTensorInfoMap,
      backend: this.backend,
      attrs: attrs as tf.NamedAttrMap,
    }) as Info;
    this.made.push(out);
    return out;
  }

  reshape(x: Info, shape: readonly number[]): Info {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: Info, perm: readonly number[]): Info {
    return this.run('Transpose', { x }, { perm });
  }

  /** Pads each axis by [before, after]; a negative amount crops instead. */
  padOrCrop(x: Info, amounts: Amounts): Info {
    let y = x;
    if (amounts.some(([a, b]) => a < 0 || b < 0)) {
      const begin = amounts.map(([a]) => Math.max(0, -a));
      const size = amounts.map(([, b], i) => y.shape[i]! - begin[i]! - Math.max(0, -b));
      y = this.run('Slice', { x: y }, { begin, size });
    }
    if (amounts.some(([a, b]) => a > 0 || b > 0)) {
      const paddings = amounts.map(([a, b]) => [Math.max(0, a), Math.max(0, b)]);
      y = this.run('PadV2', { x: y }, { paddings, constantValue: 0 });
    }
    return y;
  }

  /**
   * The [N, outH, outW, C] window of a padded input that kernel offset (i, j) meets, at the stride
   * (StridedSlice: WASM runs it in C++, where its Slice copies the whole input out first).
   */
  window(padded: Info, info: tf.backend_util.Conv2DInfo, i: number, j: number): Info {
    const { batchSize, outHeight, outWidth, strideHeight: sh, strideWidth: sw } = info;
    const channels = padded.shape[3]!;
    if (i === 0 && j === 0 && padded.shape[1] === outHeight && padded.shape[2] === outWidth)
      return padded; // a 1 x 1 kernel at stride 1 without padding sees all of it
    return this.run(
      'StridedSlice',
      { x: padded },
      {
        begin: [0, i, j, 0],
        end: [batchSize, i + (outHeight - 1) * sh + 1, j + (outWidth - 1) * sw + 1, channels],
        strides: [1, sh, sw, 1],
        beginMask: 0,
        endMask: 0,
        ellipsisMask: 0,
        newAxisMask: 0,
        shrinkAxisMask: 0,
      },
    );
  }

  /**
   * A [kh, kw, ...] filter turned by 180 degrees: its kh * kw slices in reverse order, gathered
   * (whole slices copied; WASM's Reverse computes every element's place, 20 times slower).
   */
  turned(filter: Info): Info {
    const [kh, kw, ...rest] = filter.shape as [number, number, ...number[]];
    const count = kh * kw;
    if (count === 1) return filter;
    const order = this.run('Range', {}, { start: count - 1, stop: -1, step: -1, dtype: 'int32' });
    const slices = this.reshape(filter, [count, rest.reduce((a, b) => a * b, 1)]);
    const gathered = this.run('GatherV2', { x: slices, indices: order }, { axis: 0, batchDims: 0 });
    return this.reshape(gathered, filter.shape);
  }

  /** An [N, H, W, C] input padded as the convolution `info` pads it. */
  padded(x: Info, info: tf.backend_util.Conv2DInfo): Info {
    const { top, bottom, left, right } = info.padInfo;
    return this.padOrCrop(x, [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ]);
  }

  /** `x` if this scope made it, else a copy: a kernel must not hand back its input's data. */
  owned(x: Info): Info {
    return this.made.includes(x) ? x : this.run('Identity', { x });
  }

  /** Frees everything made here but `keep`. */
  dispose(keep?: Info): void {
    for (const t of this.made) if (t !== keep) this.backend.disposeData(t.dataId);
  }
}

/** Runs `body` in a Scope; returns its result, the only thing it made that is kept. */
export function scoped(backend: unknown, body: (s: Scope) => Info): Info {
  const scope = new Scope(backend as tf.KernelBackend);
  let result: Info | undefined;
  try {
    result = scope.owned(body(scope));
    return result;
  } finally {
    scope.dispose(result);
  }
}
