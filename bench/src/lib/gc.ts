import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Runs a full garbage collection (exposing `gc` at run time if node was started without
 * `--expose-gc`), so one contender's garbage is not collected on the next contender's clock.
 */
export function collectGarbage(): void {
  if (!gc) {
    const global = (globalThis as { gc?: () => void }).gc;
    if (global) gc = global;
    else {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
  }
  gc();
}
