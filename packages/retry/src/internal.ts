/**
 * `@snowpipe/retry/internal`: helpers the `@snowpipe/*` packages share with each other. Not part
 * of the public API and not covered by semver: they may change in any release.
 * @packageDocumentation
 */
export { notifyObservers } from './notify-observers.js';
export type { ObserverEvent } from './notify-observers.js';
export { raceAbort } from './race-abort.js';
