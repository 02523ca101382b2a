import type { TokenEnvelope } from './token-envelope.js';

/** Where tokens come from: anything with this method is a source. */
export interface TokenSource {
  /** Fetches (or mints) a new token; honours `signal` where it does I/O. */
  fetchToken(signal?: AbortSignal): Promise<TokenEnvelope>;
}

/** The time a source needs: only a wall clock. */
export interface WallClock {
  /** Wall-clock epoch ms. */
  now(): number;
}
