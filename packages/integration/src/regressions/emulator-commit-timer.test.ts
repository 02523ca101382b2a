// Found by the chaos run (seed 3, CHAOS_ROWS=30000, commitDelayMs 20, and seed 1 of the default
// soak): an append the emulator acknowledged is never committed, so `waitForCommit` runs into
// COMMIT_TIMEOUT although nothing failed.
//
// Cause (packages/emulator/src/state/channel-store.ts): `enqueue` stamps the batch with
// `dueAtMs = clock.now() + delay` and arms ONE `clock.sleep(delay)`; when it fires, `commitDue`
// commits only batches with `dueAtMs <= clock.now()`. If the wall clock reads less than `dueAtMs`
// at that moment the batch stays pending with no timer left: only a later append (or releasing a
// withheld commit) on the same channel commits it; status polls never do. With the system clock
// this happens when the timer fires by libuv's cached loop time before `Date.now()` reaches
// `dueAtMs` (a busy loop), and with any backwards wall-clock step. The last batch of a channel
// then never commits. Fixed: the commit timer re-arms for what is left when it fires early, so
// every acknowledged batch commits about `commitDelayMs` later.
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { createKeyPairJwtSource } from '@snowpipe/token-guard';
import { createFakeClock } from '@snowpipe/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestKeyPair } from '../chaos/test-key-pair.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const PIPE_PATH = '/v2/streaming/databases/DB/schemas/PUBLIC/pipes/P';

describe('regression: emulator commit timer', () => {
  it('commits an acknowledged batch even when the wall clock steps back 5 ms while it waits', async () => {
    const clock = createFakeClock({ startMs: 1_800_000_000_000 });
    const keys = createTestKeyPair();
    emulator = await startEmulator({
      clock,
      commitDelayMs: 20,
      publicKeys: [keys.publicKeyPem],
      logger: { info: () => undefined, warn: () => undefined },
    });
    const jwt = (
      await createKeyPairJwtSource({
        account: 'ACC',
        user: 'U',
        privateKey: keys.privateKeyPem,
        clock,
      }).fetchToken()
    ).value;
    const call = (method: string, path: string, body?: string) =>
      fetch(`${emulator!.url}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${jwt}`,
          'x-snowflake-authorization-token-type': 'KEYPAIR_JWT',
          'content-type': 'application/json',
        },
        ...(body !== undefined ? { body } : {}),
      });
    const opened = (await (await call('PUT', `${PIPE_PATH}/channels/C`, '{}')).json()) as {
      next_continuation_token: string;
    };
    const rows = '{"id":1}\n{"id":2}\n';
    const appended = await call(
      'POST',
      `/v2/streaming/data/databases/DB/schemas/PUBLIC/pipes/P/channels/C/rows?continuationToken=${opened.next_continuation_token}&startOffsetToken=1&endOffsetToken=2`,
      rows,
    );
    expect(appended.status).toBe(200);

    clock.jumpWallClock(-5); // an NTP step back while the commit timer runs
    await clock.tick(20);
    await clock.tick(10_000);

    const status = (await (
      await call('POST', `${PIPE_PATH}:bulk-channel-status`, '{"channel_names":["C"]}')
    ).json()) as {
      channel_statuses: Record<string, { last_committed_offset_token: string | null }>;
    };
    expect(status.channel_statuses.C?.last_committed_offset_token).toBe('2');
  });
});
