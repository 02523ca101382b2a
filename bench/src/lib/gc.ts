import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type Gc = (options?: { type: 'major' | 'minor' }) => void;
let gc: Gc | undefined;

/**
 * Runs a garbage collection (exposing `gc` at run time if node was started without
 * `--expose-gc`), so one contender's garbage is not collected on the next contender's clock.
 * `'full'` (the default) collects the whole heap; `'young'` only the young generation (a
 * scavenge), which is where a round's short-lived garbage lives. A full collection right before a
 * timed round makes that round itself slower (on this machine it roughly doubled the CPU of an
 * I/O-heavy round, for every contender), so the end-to-end goal pair uses `'young'`.
 */
export function collectGarbage(kind: 'full' | 'young' = 'full'): void {
  if (!gc) {
    const global = (globalThis as { gc?: Gc }).gc;
    if (global) gc = global;
    else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as Gc;
    }
  }
  if (kind === 'young') gc({ type: 'minor' });
  else gc();
}
