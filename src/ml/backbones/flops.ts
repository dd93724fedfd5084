// How much arithmetic a backbone is: multiply-adds of its convolutions and dense layers, counted from
// the layers model itself (any backbone, any input size), so the benchmark can say how many GFLOP/s
// the device achieved. One multiply-add is two FLOPs; pooling, activations and normalisation are
// left out (well under 1% of a CNN's work).
import type * as tf from '@tensorflow/tfjs';

/** The parts of a tfjs layer this module reads; tfjs keeps them public but untyped on Layer. */
interface LayerFields {
  readonly name: string;
  readonly layers?: readonly tf.layers.Layer[];
  readonly kernelSize?: readonly number[];
  readonly filters?: number;
  readonly units?: number;
  readonly depthMultiplier?: number;
  readonly groups?: number;
  getClassName(): string;
}

type Shape = readonly (number | null)[];

const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/** The shape with the batch axis set to 1, or null when another axis is left open. */
function known(shape: Shape | undefined): number[] | null {
  if (!shape || shape.slice(1).some((d) => d == null)) return null;
  return [1, ...(shape.slice(1) as number[])];
}

function shapeOf(layer: tf.layers.Layer, side: 'input' | 'output'): Shape | undefined {
  try {
    const value = layer[side] as tf.SymbolicTensor | tf.SymbolicTensor[];
    return Array.isArray(value) ? value[0]?.shape : value.shape;
  } catch {
    return undefined; // a layer used at several places: no single shape
  }
}

/** Multiply-adds of one layer for one input, or NaN when its shapes are not fixed. */
function layerMultiplyAdds(layer: tf.layers.Layer): number {
  const l = layer as unknown as LayerFields;
  if (l.layers) return countMultiplyAdds(layer as unknown as tf.LayersModel, null);
  const kind = l.getClassName();
  const isConv = kind === 'Conv2D' || kind === 'DepthwiseConv2D' || kind === 'SeparableConv2D';
  const isDeconv = kind === 'Conv2DTranspose';
  if (!isConv && !isDeconv && kind !== 'Dense') return 0;
  const input = known(shapeOf(layer, 'input'));
  const output = known(shapeOf(layer, 'output'));
  if (!input || !output) return NaN;
  const inChannels = input[input.length - 1]!;
  if (kind === 'Dense') {
    // Applied to every position of a higher-rank input.
    return product(input.slice(1, -1)) * inChannels * (l.units ?? 0);
  }
  const [kh, kw] = l.kernelSize ?? [1, 1];
  const window = kh! * kw!;
  const outPixels = product(output.slice(1, -1));
  const outChannels = output[output.length - 1]!;
  switch (kind) {
    case 'Conv2D':
      return (outPixels * window * inChannels * outChannels) / (l.groups ?? 1);
    case 'DepthwiseConv2D':
      return outPixels * window * inChannels * (l.depthMultiplier ?? 1);
    case 'SeparableConv2D': {
      const mid = inChannels * (l.depthMultiplier ?? 1);
      return outPixels * (window * mid + mid * outChannels);
    }
    default: // Conv2DTranspose: every input pixel spreads a window into every output channel
      return product(input.slice(1, -1)) * window * inChannels * outChannels;
  }
}

/**
 * Multiply-adds of `model` for one input, through layer `upTo` (inclusive; null: the whole model),
 * in the model's layer order. NaN when a counted layer's shapes depend on the input size.
 */
export function countMultiplyAdds(model: tf.LayersModel, upTo: string | null): number {
  let total = 0;
  for (const layer of model.layers) {
    total += layerMultiplyAdds(layer);
    if (layer.name === upTo) return total;
  }
  if (upTo !== null) throw new Error(`Layer "${upTo}" is not in the model`);
  return total;
}
