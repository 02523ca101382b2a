import { describe, expect, it } from 'vitest';
import { notifyObservers } from './notify-observers.js';

interface Watcher {
  onPing?(e: { n: number }): void;
  onPong?(e: { s: string }): void;
}

describe('notifyObservers', () => {
  it('calls the hook on every observer that has it, in order, with `this` bound', () => {
    const seen: string[] = [];
    const a: Watcher = {
      onPing(e) {
        seen.push(`a${e.n}${this === a ? '+' : '-'}`);
      },
    };
    const b: Watcher = { onPong: () => seen.push('b') };
    const c: Watcher = { onPing: (e) => seen.push(`c${e.n}`) };
    notifyObservers([a, b, c], 'onPing', { n: 1 });
    expect(seen).toEqual(['a1+', 'c1']);
  });

  it('swallows what one observer throws and still calls the others', () => {
    const seen: number[] = [];
    const bad: Watcher = {
      onPing: () => {
        throw new Error('observer bug');
      },
    };
    expect(() =>
      notifyObservers([bad, { onPing: (e) => seen.push(e.n) }], 'onPing', { n: 2 }),
    ).not.toThrow();
    expect(seen).toEqual([2]);
  });
});
