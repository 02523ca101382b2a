/** The symbol `util.inspect` looks up; using `Symbol.for` avoids importing `node:util`. */
export const INSPECT_CUSTOM: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** What every redacted secret shows instead of its value. */
export const REDACTED = '[redacted]';

/**
 * Defines non-enumerable `toJSON` and `util.inspect` hooks on `target` that both render
 * `view()` (a secret-free summary), so logging the object can never print what it holds.
 */
export function defineRedaction(target: object, label: string, view: () => object): void {
  Object.defineProperty(target, 'toJSON', { value: view, enumerable: false });
  Object.defineProperty(target, INSPECT_CUSTOM, {
    value: (depth: number, options: object, inspect?: (v: unknown, o: object) => string) => {
      const summary = view();
      const body =
        typeof inspect === 'function' ? inspect(summary, options) : JSON.stringify(summary);
      return `${label} ${body}`;
    },
    enumerable: false,
  });
}
