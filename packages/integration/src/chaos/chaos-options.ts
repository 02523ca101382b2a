/** Which HTTP transport the chaos clients use. */
export type ChaosTransport = 'fetch' | 'undici';

/** How the first client goes away mid-run: its process dies, or it is closed without waiting for commit. */
export type ChaosRestart = 'crash' | 'close';

/** Options of {@link runChaos}; every field is optional. */
export interface ChaosOptions {
  /** Seed of the fault schedule, the emulator's fault randomness and the client jitter. @default 1 */
  seed?: number;
  /** Rows streamed in total (split evenly across channels, rounded up to whole batches). @default 20000 */
  rows?: number;
  /** Channels streamed concurrently. @default 20 */
  channels?: number;
  /** Rows per `appendRows` call. @default 100 */
  batchRows?: number;
  /** Fault events over the run (each is one rule, a revocation or a withheld commit). @default rows / 400 */
  faultEvents?: number;
  /** Fraction of batches after which the first client is abandoned and a second one resumes. @default 0.5 */
  restartAtFraction?: number;
  /** Wall-clock limit of the whole run; past it the run fails instead of hanging. @default 60000 */
  deadlineMs?: number;
  /** Emulator commit delay. @default 2 */
  commitDelayMs?: number;
  /** Client-wide buffered-bytes cap (small, so producers are paced by commits). @default 262144 */
  maxBufferedBytes?: number;
  /** Client retry plan total attempts. @default 8 */
  maxAttempts?: number;
  /** @default 'undici' */
  transport?: ChaosTransport;
  /** @default 'crash' */
  restart?: ChaosRestart;
  /** Keep committed rows in the emulator and check every channel's ids in order. @default true */
  checkRowOrder?: boolean;
  /**
   * Debug hook: receives one line per HTTP exchange of both clients (method, path, status or
   * error code, client generation; never headers or bodies). @default undefined (no trace)
   */
  trace?: (line: string) => void;
}

/** Defaults of {@link ChaosOptions}. */
export const DEFAULT_CHAOS_OPTIONS = Object.freeze({
  seed: 1,
  rows: 20_000,
  channels: 20,
  batchRows: 100,
  restartAtFraction: 0.5,
  deadlineMs: 60_000,
  commitDelayMs: 2,
  maxBufferedBytes: 256 * 1024,
  maxAttempts: 8,
  transport: 'undici',
  restart: 'crash',
  checkRowOrder: true,
});

/** Options after defaults and validation. */
export type ResolvedChaosOptions = Required<Omit<ChaosOptions, 'trace'>> &
  Pick<ChaosOptions, 'trace'>;

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`chaos option ${name} must be a positive integer, got ${value}`);
  return value;
}

/** Applies defaults and checks every option, naming the bad one. */
export function resolveChaosOptions(options: ChaosOptions = {}): ResolvedChaosOptions {
  const d = DEFAULT_CHAOS_OPTIONS;
  const rows = positiveInt('rows', options.rows ?? d.rows);
  const restartAtFraction = options.restartAtFraction ?? d.restartAtFraction;
  if (!(restartAtFraction > 0 && restartAtFraction < 1)) {
    throw new RangeError(
      `chaos option restartAtFraction must be in (0, 1), got ${restartAtFraction}`,
    );
  }
  const seed = options.seed ?? d.seed;
  if (!Number.isInteger(seed) || seed < 0)
    throw new RangeError(`chaos option seed must be a non-negative integer, got ${seed}`);
  return {
    seed,
    rows,
    channels: positiveInt('channels', options.channels ?? d.channels),
    batchRows: positiveInt('batchRows', options.batchRows ?? d.batchRows),
    faultEvents: options.faultEvents ?? Math.max(10, Math.round(rows / 400)),
    restartAtFraction,
    deadlineMs: positiveInt('deadlineMs', options.deadlineMs ?? d.deadlineMs),
    commitDelayMs: options.commitDelayMs ?? d.commitDelayMs,
    maxBufferedBytes: positiveInt(
      'maxBufferedBytes',
      options.maxBufferedBytes ?? d.maxBufferedBytes,
    ),
    maxAttempts: positiveInt('maxAttempts', options.maxAttempts ?? d.maxAttempts),
    transport: options.transport ?? d.transport,
    restart: options.restart ?? d.restart,
    checkRowOrder: options.checkRowOrder ?? d.checkRowOrder,
    ...(options.trace ? { trace: options.trace } : {}),
  };
}
