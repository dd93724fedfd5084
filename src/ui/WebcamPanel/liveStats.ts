// Numbers the live view shows, kept honest and cheap: predictions per second from the last few
// predictions' timestamps (so a slow backbone reads 0.3 fps, not 0), and an optional average over
// the last few frames' probabilities that steadies the bars at the cost of reacting later.

/** Predictions per second over the last `keep` predictions; null until two have arrived. */
export function createRateMeter(keep = 10) {
  const times: number[] = [];
  return {
    tick(now: number): void {
      times.push(now);
      if (times.length > keep) times.shift();
    },
    rate(): number | null {
      if (times.length < 2) return null;
      const span = times[times.length - 1]! - times[0]!;
      return span > 0 ? ((times.length - 1) * 1000) / span : null;
    },
  };
}

/** Averages each class's probability over the last `frames` predictions of the same classes. */
export function createSmoother(frames: number) {
  let history: (readonly number[])[] = [];
  let key = '';
  return (classNames: readonly string[], probabilities: readonly number[]): number[] => {
    const names = classNames.join('\u0000');
    if (names !== key) {
      history = []; // another model: its outputs mean other things
      key = names;
    }
    history.push(probabilities);
    if (history.length > frames) history.shift();
    return probabilities.map(
      (_, i) => history.reduce((sum, p) => sum + (p[i] ?? 0), 0) / history.length,
    );
  };
}

/** Frames per second as shown: one decimal, two below 1 fps (VGG16 on a slow backend). */
export function formatFps(fps: number): string {
  return fps < 1 ? fps.toFixed(2) : fps.toFixed(1);
}
