// The heatmap itself: a canvas laid over the photo (or the live video), drawn smoothly from the
// coarse map, carrying what outside checks read: the class explained, the layer and the peak.
import { useEffect, useRef } from 'react';
import type { Evidence } from '../../shared/evidence';
import { heatmapPixels } from './colours';

interface Props {
  readonly evidence: Evidence;
  /** 0..1: how strongly the heatmap covers the photo. */
  readonly opacity: number;
  /** Bitmap size: the photo's aspect ratio, so `object-fit` places it as the photo is placed. */
  readonly width: number;
  readonly height: number;
  readonly className?: string;
}

export function HeatmapCanvas({ evidence, opacity, width, height, className }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const pixels = heatmapPixels(evidence.heatmap, width, height, opacity);
    context.putImageData(new ImageData(pixels, width, height), 0, 0);
  }, [evidence, opacity, width, height]);
  const { peak } = evidence.heatmap;
  return (
    <canvas
      ref={canvas}
      className={className}
      width={width}
      height={height}
      role="img"
      aria-label={
        peak
          ? `Evidence for ${evidence.className}: strongest at ${Math.round(peak.x * 100)}% across, ${Math.round(peak.y * 100)}% down`
          : `No evidence for ${evidence.className} anywhere in this image`
      }
      data-testid="heatmap"
      data-class={evidence.className}
      data-layer={evidence.layer}
      {...(peak && { 'data-peak-x': peak.x.toFixed(4), 'data-peak-y': peak.y.toFixed(4) })}
    />
  );
}
