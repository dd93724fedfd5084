import { describe, expect, it } from 'vitest';
import { createBudget, createLimiter } from '../../../src/shared/limit';

describe('createLimiter', () => {
  it('never runs more than the limit at once and runs every task', async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, i % 3));
          active--;
          return i;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('createBudget', () => {
  const tick = () => new Promise((r) => setTimeout(r, 1));

  it('keeps the running cost within capacity and runs every task in order', async () => {
    const budget = createBudget(100);
    let used = 0;
    let peak = 0;
    const started: number[] = [];
    const costs = [60, 30, 50, 10, 100, 20, 70];
    await Promise.all(
      costs.map((cost, i) =>
        budget(cost, async () => {
          started.push(i);
          used += cost;
          peak = Math.max(peak, used);
          await tick();
          used -= cost;
        }),
      ),
    );
    expect(peak).toBeLessThanOrEqual(100);
    expect(started).toEqual(costs.map((_, i) => i));
  });

  it('runs a task larger than the whole capacity alone rather than never', async () => {
    const budget = createBudget(10);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
    };
    await Promise.all([budget(5, task), budget(1000, task), budget(5, task)]);
    expect(peak).toBe(1);
  });

  it('frees the cost of a task that fails', async () => {
    const budget = createBudget(10);
    await expect(budget(10, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(budget(10, () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
