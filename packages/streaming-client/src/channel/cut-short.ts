/**
 * The reason the client aborts its own sleeps and guards with (a wake-up, a race that settled).
 * A single fixed error: `abort()` without a reason builds a `DOMException`, stack included, on
 * every call. It never reaches a caller: whoever aborts with it also catches it.
 */
export const CUT_SHORT: Error = new Error('cut short');
