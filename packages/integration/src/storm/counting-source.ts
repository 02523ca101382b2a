import type { TokenEnvelope, TokenSource } from '@snowpipe/token-guard';

/** A token source that counts its fetches (signings or exchanges) and the ones in flight. */
export interface CountingSource extends TokenSource {
  readonly calls: number;
  readonly maxInFlight: number;
}

/** Wraps `inner` so a test can count how often the guard really went to the source. */
export function countingSource(inner: TokenSource): CountingSource {
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  return {
    get calls() {
      return calls;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    async fetchToken(signal?: AbortSignal): Promise<TokenEnvelope> {
      calls += 1;
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await inner.fetchToken(signal);
      } finally {
        inFlight -= 1;
      }
    },
  };
}
