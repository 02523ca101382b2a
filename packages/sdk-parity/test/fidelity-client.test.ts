// The emulator's fidelity modes (reported real-service behaviours, docs/wire-protocol.md)
// against this repository's client. Where the client is wrong and the fix belongs to another
// area, the test pins the current behaviour precisely and says which fix changes it.
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator, EmulatorOptions } from '@snowpipe/emulator';
import { createClient } from '@snowpipe/streaming-client';
import type { ClientOptions, StreamingIngestClient } from '@snowpipe/streaming-client';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let emulator: Emulator | undefined;
let client: StreamingIngestClient | undefined;
afterEach(async () => {
  await client?.close({ waitForCommit: false, timeoutMs: 10 }).catch(() => undefined);
  await emulator?.stop();
  client = undefined;
  emulator = undefined;
});

async function setUp(
  options: EmulatorOptions,
  overrides: Partial<ClientOptions> = {},
): Promise<{ emulator: Emulator; client: StreamingIngestClient }> {
  emulator = await startEmulator({
    publicKeys: [PUBLIC_PEM],
    logger: { info: () => undefined, warn: () => undefined },
    ...options,
  });
  client = await createClient({
    clientName: 'fidelity',
    dbName: 'FID_DB',
    schemaName: 'PUBLIC',
    pipeName: 'EVENTS-STREAMING',
    // The default plan's shape (4 attempts) with tiny delays, so no test waits for real.
    retry: { initialDelayMs: 1, maxDelayMs: 2, maxElapsedMs: 5_000 },
    maxClientLagMs: 5,
    commitPollIntervalMs: 5,
    commitPollMaxIntervalMs: 20,
    ...overrides,
    properties: { url: emulator.url, account: 'FID', user: 'TESTER', private_key: PRIVATE_PEM },
  });
  return { emulator, client };
}

const rows = (from: number, to: number): Array<{ id: number }> =>
  Array.from({ length: to - from }, (_, i) => ({ id: from + i }));

describe('open answered ERR_GENERAL_EXCEPTION_RETRY_REQUEST (point 1)', () => {
  it('opens when the pipe becomes ready within the retry plan', async () => {
    const h = await setUp({ fidelity: { openRetry: { failures: 3 } } });
    const { status } = await h.client.openChannel({ name: 'c' });
    expect(status.statusCode).toBe('SUCCESS');
    expect(h.emulator.ledger.totals().requestsByEndpoint.open).toBe(4);
  });

  it('current behaviour: gives up after the plan’s 4 attempts (the fix: a longer open plan)', async () => {
    const h = await setUp({ fidelity: { openRetry: { failures: 4 } } });
    const error = await h.client.openChannel({ name: 'c' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RETRY_EXHAUSTED', httpStatus: 503 });
    expect(h.emulator.ledger.totals().requestsByEndpoint.open).toBe(4);
  });
});

describe('a pipe that filters rows (point 2)', () => {
  it('confirms commits by offset token although rows_parsed stays below the rows sent', async () => {
    const h = await setUp({ fidelity: { filterEveryNthRow: 3 } });
    const { channel } = await h.client.openChannel({ name: 'c' });
    await channel.appendRows(rows(1, 7), '1', '6');
    expect(await channel.waitForCommit('6', { timeoutMs: 5_000 })).toBe('6');
    const status = await channel.getChannelStatus();
    expect(status.rowsInsertedCount).toBe(4);
    await channel.close({ timeoutMs: 5_000 });
  });

  it('current behaviour: without offset tokens the commit is never confirmed (the fix: client-made offset tokens)', async () => {
    const h = await setUp({ fidelity: { filterEveryNthRow: 3 } });
    const { channel } = await h.client.openChannel({ name: 'c' });
    await channel.appendRows(rows(1, 7));
    const error = await channel.close({ timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: expect.stringMatching(/TIMEOUT/) });
    expect(
      h.emulator.ledger.channel('FID_DB', 'PUBLIC', 'EVENTS-STREAMING', 'C')?.rowsCommitted,
    ).toBe(4);
  });
});

describe("case-sensitive paths (fidelity.pathCase 'exact', point 4)", () => {
  it('opens with upper-case unquoted names', async () => {
    const h = await setUp({ fidelity: { pathCase: 'exact' } });
    const { status } = await h.client.openChannel({ name: 'c' });
    expect(status.statusCode).toBe('SUCCESS');
  });

  it('opens with lower-case unquoted names: the client sends them upper-case', async () => {
    const h = await setUp(
      { fidelity: { pathCase: 'exact' } },
      { dbName: 'fid_db', schemaName: 'public', pipeName: 'events-STREAMING' },
    );
    const { channel } = await h.client.openChannel({ name: 'c' });
    await channel.appendRows(rows(1, 3), '1', '2');
    expect(await channel.waitForCommit('2', { timeoutMs: 5_000 })).toBe('2');
  });

  it('keeps a double-quoted name as typed: a mixed-case quoted database is found', async () => {
    const h = await setUp({ fidelity: { pathCase: 'exact' } }, { dbName: '"Fid_Db"' });
    const { status } = await h.client.openChannel({ name: 'c' });
    expect(status.statusCode).toBe('SUCCESS');
    expect(status.databaseName).toBe('Fid_Db');
  });
});

describe('a 200 append reply with a non-zero status_code (point 5)', () => {
  it('current behaviour: taken as success, the rows never commit and only a wait times out (the fix: treat it as a rejection)', async () => {
    const h = await setUp({ fidelity: { appendStatusCode: { statusCode: 9 } } });
    const { channel } = await h.client.openChannel({ name: 'c' });
    await channel.appendRows(rows(1, 3), '1', '2');
    const error = await channel.waitForCommit('2', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'COMMIT_TIMEOUT' });
    expect(
      h.emulator.ledger.channel('FID_DB', 'PUBLIC', 'EVENTS-STREAMING', 'C')?.rowsCommitted ?? 0,
    ).toBe(0);
  });
});

describe('the 4 MB limit read as decompressed bytes (point 7)', () => {
  it('the default batch size stays under a 4 MiB decompressed limit', async () => {
    const h = await setUp({ maxDecompressedBytes: 4 * 1024 * 1024 });
    const { channel } = await h.client.openChannel({ name: 'c' });
    const big = Array.from({ length: 6000 }, (_, i) => ({ id: i, pad: 'x'.repeat(1000) }));
    await channel.appendRows(big, '1', '6000');
    expect(await channel.waitForCommit('6000', { timeoutMs: 10_000 })).toBe('6000');
    expect(
      h.emulator.ledger.channel('FID_DB', 'PUBLIC', 'EVENTS-STREAMING', 'C')?.rowsCommitted,
    ).toBe(6000);
  });

  it('current behaviour: a raised maxBatchBytes passes the wire cap but not a decompressed one (the fix: cap maxBatchBytes at 4 MiB)', async () => {
    const h = await setUp(
      { maxDecompressedBytes: 4 * 1024 * 1024 },
      { maxBatchBytes: 8 * 1024 * 1024 },
    );
    const { channel } = await h.client.openChannel({ name: 'c' });
    const big = Array.from({ length: 6000 }, (_, i) => ({ id: i, pad: 'x'.repeat(1000) }));
    await channel.appendRows(big, '1', '6000');
    const error = await channel
      .waitForCommit('6000', { timeoutMs: 3_000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_REQUEST_TOO_LARGE', httpStatus: 413 });
    expect(h.emulator.ledger.totals().rowsCommitted).toBeLessThan(6000);
  });
});

describe('a channel missing from bulk-status replies (point 9)', () => {
  it('is never reopened for it: after three replies in a row leave it out, it fails with CHANNEL_STATE_LOST naming the rows it cannot vouch for', async () => {
    // Commits land only after 60 s: before the fix, every poll that missed the channel reopened
    // it, discarding the rows, and the client replayed them (82 opens in 1 s).
    const h = await setUp({ commitDelayMs: 60_000, fidelity: { statusOmits: { channel: 'c' } } });
    const { channel } = await h.client.openChannel({ name: 'c' });
    await channel.appendRows(rows(1, 3), '1', '2');
    const error = await channel.waitForCommit('2', { timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CHANNEL_STATE_LOST',
      details: { fromOffsetToken: '1', toOffsetToken: '2' },
    });
    const calls = h.emulator.ledger.totals().requestsByEndpoint;
    expect(calls.open).toBe(1);
    expect(calls.append).toBe(1);
    expect(h.emulator.ledger.totals().rowsCommitted).toBe(0);
  });
});
