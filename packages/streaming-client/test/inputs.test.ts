import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../src/index.js';
import { clientOptions, idRows, startFixture } from './support/emulator-fixture.js';
import type { Fixture } from './support/emulator-fixture.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

const LONE_SURROGATE = 'tok-\uD800';

describe('offset tokens are checked at the call', () => {
  it('refuses a token that goes backwards, buffering nothing of that call', async () => {
    fixture = await startFixture();
    const { channel } = await fixture.client.openChannel({ name: 'ch' });
    await channel.appendRow({ id: 'k-100' }, '100');
    const error = await channel.appendRows(idRows('k', 5, 2), '5', '6').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_OFFSET_TOKEN',
      details: { offsetToken: '5', previousOffsetToken: '100' },
    });
    await expect(channel.appendRow({ id: 'k-99' }, '99')).rejects.toMatchObject({
      code: 'INVALID_OFFSET_TOKEN',
    });
    // numeric, not lexicographic: 101 comes after 100
    await channel.appendRow({ id: 'k-101' }, '101');
    await expect(channel.waitForCommit('101', { timeoutMs: 10_000 })).resolves.toBe('101');
    expect(fixture.emulator.ledger.channel('DB', 'SC', 'P', 'ch')).toMatchObject({
      rowsCommitted: 2,
      committedOffsetToken: '101',
    });
  });

  it.each([
    ['an empty token', '', 'is empty'],
    ['a lone surrogate', LONE_SURROGATE, 'well-formed'],
    ['a 20 kB token', 'x'.repeat(20_000), 'at most 1024'],
  ])(
    'refuses %s with INVALID_OFFSET_TOKEN naming it; the good rows before it commit',
    async (_l, token, text) => {
      fixture = await startFixture();
      const { channel } = await fixture.client.openChannel({ name: 'ch' });
      await channel.appendRow({ id: 'k-1' }, '1');
      const error = await channel.appendRow({ id: 'k-2' }, token).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'INVALID_OFFSET_TOKEN',
        details: { argument: 'startOffsetToken' },
      });
      expect((error as Error).message).toContain(text);
      expect((error as Error).message.length).toBeLessThan(400); // the value is truncated
      await expect(channel.waitForCommit('1', { timeoutMs: 10_000 })).resolves.toBe('1');
      expect(fixture.emulator.ledger.channel('DB', 'SC', 'P', 'ch')?.rowsCommitted).toBe(1);
    },
  );

  it('refuses an end token before the start token', async () => {
    fixture = await startFixture();
    const { channel } = await fixture.client.openChannel({ name: 'ch' });
    await expect(channel.appendRows(idRows('k', 0, 2), '9', '8')).rejects.toMatchObject({
      code: 'INVALID_OFFSET_TOKEN',
      details: { argument: 'endOffsetToken', offsetToken: '8' },
    });
  });
});

describe('an append call larger than one request', () => {
  it('is refused with APPEND_TOO_LARGE when its tokens do not give every row its token', async () => {
    fixture = await startFixture({ client: { maxBatchBytes: 4096, compression: 'none' } });
    const { channel } = await fixture.client.openChannel({ name: 'ch' });
    const rows = idRows('k', 0, 500); // about 10 kB: three requests
    const error = await channel.appendRows(rows, 'a-0', 'a-499').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'APPEND_TOO_LARGE', details: { maxCallBytes: 4096 } });
    expect((error as Error).message).toContain('at most 4096 bytes per call');
    // integer tokens whose range is the row count: split, every request carrying its last token
    await channel.appendRows(rows, '0', '499');
    await expect(channel.waitForCommit('499', { timeoutMs: 10_000 })).resolves.toBe('499');
    expect(fixture.emulator.ledger.channel('DB', 'SC', 'P', 'ch')).toMatchObject({
      rowsCommitted: 500,
      duplicateKeys: 0,
    });
    expect(fixture.emulator.ledger.totals().requestsByEndpoint.append).toBeGreaterThanOrEqual(3);
  });
});

describe('channel names are checked at the call', () => {
  it.each([
    ['"."', '.', 'dot segment'],
    ['".."', '..', 'dot segment'],
    ['a blank name', '  ', 'empty'],
    ['a lone surrogate', LONE_SURROGATE, 'well-formed'],
    ['a 20 kB name', 'c'.repeat(20_000), 'at most 255'],
  ])('refuses %s with INVALID_CHANNEL_NAME', async (_label, name, text) => {
    fixture = await startFixture();
    const error = await fixture.client.openChannel({ name }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_CHANNEL_NAME' });
    expect((error as Error).message).toContain(text);
    expect(fixture.emulator.ledger.totals().requestsByEndpoint.open ?? 0).toBe(0);
  });
});

describe('createClient options', () => {
  it('refuses a misspelt top-level option, suggesting the nearest known one', async () => {
    fixture = await startFixture();
    const options = { ...clientOptions(fixture.emulator, []), maxBuferedBytes: 1024 };
    await expect(createClient(options)).rejects.toMatchObject({
      name: 'ConfigurationError',
      code: 'INVALID_CONFIGURATION',
      field: 'maxBuferedBytes',
      message: expect.stringContaining('did you mean maxBufferedBytes?') as unknown,
    });
  });
});
