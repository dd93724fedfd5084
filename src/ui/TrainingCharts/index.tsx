// Live training curves: loss and accuracy per epoch (training and validation) and loss per batch.
import { useMemo } from 'react';
import type { TrainingCurves } from '../../shared/session';
import { LineChart } from '../LineChart';
import styles from './TrainingCharts.module.css';

const TRAIN = '#1f6f4a';
const VAL = '#c2571a';
const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);

export function TrainingCharts({ curves }: { curves: TrainingCurves }) {
  const epochData = useMemo(() => {
    const e = curves.epochs;
    return {
      x: e.map((m) => m.epoch),
      loss: [
        { label: 'training loss', color: TRAIN, values: e.map((m) => m.loss) },
        {
          label: 'validation loss',
          color: VAL,
          values: e.map((m) => nullIfNaN(m.valLoss)),
          dash: true,
        },
      ],
      accuracy: [
        { label: 'training accuracy', color: TRAIN, values: e.map((m) => m.accuracy) },
        {
          label: 'validation accuracy',
          color: VAL,
          values: e.map((m) => nullIfNaN(m.valAccuracy)),
          dash: true,
        },
      ],
    };
  }, [curves.epochs]);
  const batchData = useMemo(
    () => ({
      x: curves.batches.map((b) => b.x),
      series: [
        { label: 'loss per batch', color: TRAIN, values: curves.batches.map((b) => b.loss) },
      ],
    }),
    [curves.batches],
  );

  return (
    <div className={styles.grid}>
      <LineChart
        title="Loss per epoch"
        xLabel="epoch"
        x={epochData.x}
        series={epochData.loss}
        testId="chart-loss"
      />
      <LineChart
        title="Accuracy per epoch"
        xLabel="epoch"
        x={epochData.x}
        series={epochData.accuracy}
        yRange={[0, 1]}
        testId="chart-accuracy"
      />
      <LineChart
        title="Training loss per batch"
        xLabel="epoch"
        x={batchData.x}
        series={batchData.series}
        testId="chart-batch-loss"
      />
    </div>
  );
}
