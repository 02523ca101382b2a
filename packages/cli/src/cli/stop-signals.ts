import { EXIT_CODES } from '../exit-codes.js';

/**
 * First SIGINT/SIGTERM: calls `onStop` (the ingest stops reading, flushes and waits for commit).
 * A second one quits at once with 130/143: rows sent and not committed are then sent again by
 * the next run, which resumes after the committed offset token.
 */
export function onStopSignals(onStop: (signal: 'SIGINT' | 'SIGTERM') => void): {
  received: () => 'SIGINT' | 'SIGTERM' | undefined;
  dispose: () => void;
} {
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  const handler = (signal: 'SIGINT' | 'SIGTERM'): void => {
    if (received !== undefined) {
      process.stderr.write(
        `\nsnowpipe: ${signal} again: quitting without waiting for commit; the next run resumes after the committed offset token\n`,
      );
      process.exit(signal === 'SIGTERM' ? EXIT_CODES.terminated : EXIT_CODES.interrupted);
    }
    received = signal;
    onStop(signal);
  };
  const onInt = (): void => handler('SIGINT');
  const onTerm = (): void => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    received: () => received,
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
