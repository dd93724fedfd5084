// Bounded concurrency: a count limit for file reads (enough in flight to keep the disk busy, few
// enough that thousands of dropped files do not all hold their bytes in memory at once), and a
// cost budget for decodes, whose memory grows with pixels rather than with the number of files.

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `concurrency` tasks at a time, in the order they were submitted. */
export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`Concurrency must be a positive integer, got ${concurrency}.`);
  }
  let active = 0;
  const waiting: (() => void)[] = [];

  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so a newcomer arriving in
    // between cannot slip past the bound.
    if (active < concurrency) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

export type Budget = <T>(cost: number, task: () => Promise<T>) => Promise<T>;

/**
 * Runs tasks while the sum of their costs stays within `capacity` (pixels being decoded, say), in
 * the order they were submitted. A task costing more than the whole capacity runs alone rather
 * than never.
 */
export function createBudget(capacity: number): Budget {
  if (!(capacity > 0)) throw new Error(`Capacity must be positive, got ${capacity}.`);
  let used = 0;
  let running = 0;
  const waiting: { cost: number; start: () => void }[] = [];

  const fits = (cost: number) => running === 0 || used + cost <= capacity;
  const admit = (cost: number) => {
    used += cost;
    running++;
  };
  // Strict order: a large task at the head is not overtaken by small ones behind it, so it cannot
  // starve; the small ones wait for it instead.
  const drain = () => {
    while (waiting.length > 0 && fits(waiting[0]!.cost)) {
      const next = waiting.shift()!;
      admit(next.cost);
      next.start();
    }
  };

  return async <T>(cost: number, task: () => Promise<T>): Promise<T> => {
    if (waiting.length === 0 && fits(cost)) admit(cost);
    else await new Promise<void>((start) => waiting.push({ cost, start }));
    try {
      return await task();
    } finally {
      used -= cost;
      running--;
      drain();
    }
  };
}
