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

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
