// A small live line chart on uPlot: created once, then fed new data without re-creating it.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { withSoftwareCanvas } from './softwareCanvas';

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
  readonly dash?: boolean;
}

interface Props {
  readonly title: string;
  readonly xLabel: string;
  readonly x: readonly number[];
  readonly series: readonly Series[];
  readonly yRange?: readonly [number, number];
  readonly height?: number;
  readonly testId?: string;
}

export function LineChart({ title, xLabel, x, series, yRange, height = 200, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const seriesKey = series.map((s) => s.label).join('|');

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    // Canvas text takes no CSS variables: read the page's colours (dark mode changes them).
    const style = getComputedStyle(element);
    const ink = style.color;
    const grid = style.getPropertyValue('--border').trim() || 'rgba(0,0,0,0.07)';
    const axis = { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid } };
    const chart = withSoftwareCanvas(
      () =>
        new uPlot(
          {
            title,
            width: element.clientWidth || 400,
            height,
            scales: {
              x: { time: false },
              ...(yRange && { y: { range: [...yRange] as [number, number] } }),
            },
            axes: [{ label: xLabel, ...axis }, axis],
            // Series names only: live values read "--" until the pointer is over the chart.
            legend: { live: false },
            series: [
              { label: xLabel },
              ...series.map((s) => ({
                label: s.label,
                stroke: s.color,
                width: 2,
                ...(s.dash && { dash: [6, 4] }),
                spanGaps: true,
              })),
            ],
          },
          [[], ...series.map(() => [])],
          element,
        ),
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The chart is rebuilt only when its series change; data flows through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesKey, height, title, xLabel]);

  useEffect(() => {
    plot.current?.setData([x as number[], ...series.map((s) => s.values as (number | null)[])]);
  }, [x, series]);

  return <div ref={host} data-testid={testId} data-points={x.length} />;
}
