// Number formatting shared by the components.

/** 0.9123 -> "91.2%" (the automation contract's test-accuracy format). */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'estimating…';
  if (seconds < 1) return 'under a second';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * An estimate in words: "under a second" (never "about under a second"), "about 42 s", "about 2
 * min", "about 3 h 10 min". Rounded to whole seconds up to 90 s and to minutes after, for a figure
 * said once; a countdown (timeLeft) keeps its seconds so that it moves.
 */
export function about(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  return `about ${duration(seconds)}`;
}

/** "about 2 min 5 s left", "under a second left", or "estimating time left…" before a rate is known. */
export function timeLeft(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'estimating time left…';
  return seconds < 1 ? 'under a second left' : `about ${duration(seconds)} left`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
