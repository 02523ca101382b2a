/** The event a hook named `K` of observer type `O` receives. */
export type ObserverEvent<O, K extends keyof O> =
  NonNullable<O[K]> extends (event: infer E) => unknown ? E : never;

/**
 * Calls `hook` on every observer that implements it, swallowing whatever one throws: observers
 * are telemetry, and their failure must never change what the caller sees. Shared by the retry
 * coordinator and the token guard (and usable for any observer interface of optional hooks).
 *
 * @example
 * ```ts
 * notifyObservers(observers, 'onRetry', { operation, attempt, delayMs, reason, outcome, error });
 * ```
 */
export function notifyObservers<O extends object, K extends keyof O>(
  observers: readonly O[],
  hook: K,
  event: ObserverEvent<O, K>,
): void {
  for (const observer of observers) {
    const fn = observer[hook];
    if (typeof fn !== 'function') continue;
    try {
      (fn as (e: ObserverEvent<O, K>) => unknown).call(observer, event);
    } catch {
      // An observer is telemetry: its failure must never change what the caller sees.
    }
  }
}
