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

/** "about 2 min left", or "estimating time left…" before a rate is known (never "about estimating…"). */
export function timeLeft(seconds: number): string {
  return Number.isFinite(seconds) ? `about ${duration(seconds)} left` : 'estimating time left…';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
