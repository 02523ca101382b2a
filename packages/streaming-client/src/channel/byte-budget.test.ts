import { describe, expect, it } from 'vitest';
import { flushMicrotasks } from '@snowpipe/test-utils';
import { createByteBudget } from './byte-budget.js';

describe('createByteBudget', () => {
  it('lets acquisitions through until the cap, then makes them wait in arrival order', async () => {
    let pressure = 0;
    const budget = createByteBudget({ maxBytes: 100, onPressure: () => void pressure++ });
    expect(budget.tryAcquire(60)).toBe(true);
    const order: number[] = [];
    const a = budget.acquire(50).then(() => order.push(1));
    const b = budget.acquire(10).then(() => order.push(2)); // would fit, but waits behind `a`
    await flushMicrotasks();
    expect(order).toEqual([]);
    expect(budget.waiting()).toBe(2);
    expect(pressure).toBe(2);
    expect(budget.tryAcquire(1)).toBe(false);
    budget.release(60);
    await Promise.all([a, b]);
    expect(order).toEqual([1, 2]);
    expect(budget.used()).toBe(60);
  });

  it('never holds more than the cap while waiting', async () => {
    const budget = createByteBudget({ maxBytes: 100 });
    await budget.acquire(100);
    const waiting = budget.acquire(1);
    await flushMicrotasks();
    expect(budget.used()).toBe(100);
    budget.release(100);
    await waiting;
    expect(budget.used()).toBe(1);
  });

  it('lets one oversized request through when nothing else is held', async () => {
    const budget = createByteBudget({ maxBytes: 10 });
    await budget.acquire(50);
    expect(budget.used()).toBe(50);
  });

  it('rejects a waiter on abort and on rejectWaiters', async () => {
    const budget = createByteBudget({ maxBytes: 10 });
    budget.tryAcquire(10);
    const controller = new AbortController();
    const aborted = budget.acquire(5, controller.signal);
    const closed = budget.acquire(5);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    budget.rejectWaiters(new Error('closed'));
    await expect(closed).rejects.toThrow('closed');
    expect(budget.waiting()).toBe(0);
  });
});
