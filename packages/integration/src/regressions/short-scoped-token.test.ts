// Found while building the chaos harness: with the emulator's `scopedTokenTtlS` set to 30, the
// client failed with a bare "could not obtain an access token", because token guards refuse tokens
// that live under 60 s (DESIGN §4: lifetime at least 60 s; Snowflake's scoped tokens last ~1 h).
// Fixed at the source: the emulator now refuses a TTL under 60 s with an error naming the option,
// and frequent expiry is tested with `faults.revokeScopedTokens()` instead (see the chaos soak).
import { startEmulator } from '@snowpipe/emulator';
import { describe, expect, it } from 'vitest';

describe('regression: short-lived scoped tokens', () => {
  it('the emulator refuses a scoped-token TTL under 60 s, naming the option and the minimum', async () => {
    await expect(startEmulator({ scopedTokenTtlS: 30 })).rejects.toThrow(
      /scopedTokenTtlS.*30.*at least 60/,
    );
  });

  it('accepts 60 s, the shortest lifetime clients take', async () => {
    const emulator = await startEmulator({ scopedTokenTtlS: 60 });
    await emulator.stop();
  });
});
