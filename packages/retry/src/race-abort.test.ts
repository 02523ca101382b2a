import { describe, expect, it } from 'vitest';
import { raceAbort } from './race-abort.js';

describe('raceAbort', () => {
  it('settles with the promise when the signal does not abort', async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve(7), controller.signal)).resolves.toBe(7);
    const failure = new Error('boom');
    await expect(raceAbort(Promise.reject(failure), controller.signal)).rejects.toBe(failure);
  });

  it('rejects with the reason at once when the signal aborts first, leaving the promise running', async () => {
    const controller = new AbortController();
    let finish!: (v: number) => void;
    const shared = new Promise<number>((resolve) => (finish = resolve));
    const raced = raceAbort(shared, controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(raced).rejects.toBe(reason);
    finish(3);
    await expect(shared).resolves.toBe(3);
  });

  it('rejects at once for an already-aborted signal, and observes a late rejection', async () => {
    const controller = new AbortController();
    const reason = new Error('already');
    controller.abort(reason);
    let fail!: (e: Error) => void;
    const shared = new Promise<number>((_, reject) => (fail = reject));
    await expect(raceAbort(shared, controller.signal)).rejects.toBe(reason);
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => void unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    fail(new Error('late'));
    await new Promise((r) => setImmediate(r));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });
});
