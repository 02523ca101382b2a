/**
 * A set of row keys that stays small for the common case: integer-looking keys are stored as
 * numbers (much smaller than strings in V8), everything else as strings.
 */
export interface KeySet {
  /** Adds a key; returns false when it was already present (a duplicate). */
  add(key: string | number): boolean;
  readonly size: number;
}

const INTEGER = /^-?(0|[1-9]\d{0,14})$/;

/** Creates an empty {@link KeySet}. */
export function createKeySet(): KeySet {
  const numbers = new Set<number>();
  const strings = new Set<string>();
  return {
    add(key) {
      if (typeof key === 'number') {
        if (Number.isSafeInteger(key)) {
          if (numbers.has(key)) return false;
          numbers.add(key);
          return true;
        }
        key = String(key);
      }
      if (INTEGER.test(key)) {
        const n = Number(key);
        if (numbers.has(n)) return false;
        numbers.add(n);
        return true;
      }
      if (strings.has(key)) return false;
      strings.add(key);
      return true;
    },
    get size() {
      return numbers.size + strings.size;
    },
  };
}
