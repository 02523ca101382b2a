import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmulatorError } from '../src/index.js';
import type { EmulatorOptions } from '../src/index.js';
import { DEFAULT_PIPE, makeKeyPair, rows, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const keys = makeKeyPair();
let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.stop();
  h = undefined;
});
const start = async (options: EmulatorOptions = {}): Promise<Harness> =>
  (h = await startHarness(options, keys));
const next = async (res: Response): Promise<string> =>
  ((await res.json()) as { next_continuation_token: string }).next_continuation_token;
const ledgerOf = (harness: Harness, channel: string) =>
  harness.emulator.ledger.channel('MY_DB', 'MY_SCHEMA', DEFAULT_PIPE, channel);

describe('response faults', () => {
  it('http429 fires on the next N matching requests only', async () => {
    const harness = await start();
    const t = await harness.open('c');
    harness.emulator.faults.inject({ endpoint: 'append', kind: 'http429', count: 2 });
    const r1 = await harness.append('c', t, rows(0, 1));
    expect(r1.status).toBe(429);
    expect(r1.headers.get('retry-after')).toBeNull();
    expect((await harness.append('c', t, rows(0, 1))).status).toBe(429);
    expect((await harness.append('c', t, rows(0, 1))).status).toBe(200);
    expect(harness.emulator.faults.fired().map((f) => [f.kind, f.endpoint])).toEqual([
      ['http429', 'append'],
      ['http429', 'append'],
    ]);
    expect(harness.emulator.faults.rules()).toEqual([]);
  });

  it('http429RetryAfter sends Retry-After', async () => {
    const harness = await start();
    harness.emulator.faults.inject({
      endpoint: 'status',
      kind: 'http429RetryAfter',
      count: 1,
      retryAfterS: 3,
    });
    const res = await harness.status(['c']);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
  });

  it.each([
    ['http500', 500],
    ['http503', 503],
  ] as const)(
    '%s answers the bare JSON string "ERR_GENERAL_EXCEPTION_RETRY_REQUEST"',
    async (kind, status) => {
      const harness = await start();
      harness.emulator.faults.inject({ endpoint: 'status', kind, count: 1 });
      const res = await harness.status(['c']);
      expect(res.status).toBe(status);
      expect(await res.text()).toBe('"ERR_GENERAL_EXCEPTION_RETRY_REQUEST"');
      expect(await (await harness.status(['c'])).json()).toEqual({ channel_statuses: {} });
    },
  );

  it('http401 revokes every scoped token issued before, until a new exchange', async () => {
    const harness = await start();
    const old = await harness.scoped();
    harness.emulator.faults.inject({ endpoint: 'open', kind: 'http401', count: 1 });
    const res = await harness.call('PUT', harness.channelPath('c'), { token: old });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('390144');
    expect((await harness.call('PUT', harness.channelPath('c'), { token: old })).status).toBe(401);
    expect(
      (await harness.call('PUT', harness.channelPath('c'), { token: await harness.jwt() })).status,
    ).toBe(200);
    const fresh = await harness.scoped();
    expect((await harness.call('PUT', harness.channelPath('c'), { token: fresh })).status).toBe(
      200,
    );
  });

  it('revokeScopedTokens() and the admin action do the same without a response fault', async () => {
    const harness = await start();
    const old = await harness.scoped();
    harness.emulator.faults.revokeScopedTokens();
    expect((await harness.call('PUT', harness.channelPath('c'), { token: old })).status).toBe(401);
    const t2 = await harness.scoped();
    await fetch(`${harness.emulator.url}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ action: 'revokeScopedTokens' }),
    });
    expect((await harness.call('PUT', harness.channelPath('c'), { token: t2 })).status).toBe(401);
  });
});

describe('connection faults', () => {
  it('reset cuts the connection before the append is applied', async () => {
    const harness = await start();
    const t = await harness.open('c');
    harness.emulator.faults.inject({ endpoint: 'append', kind: 'reset', count: 1 });
    await expect(harness.append('c', t, rows(0, 2))).rejects.toThrow();
    expect(ledgerOf(harness, 'c')).toMatchObject({ rowsReceived: 0, rowsCommitted: 0 });
    expect((await harness.append('c', t, rows(0, 2))).status).toBe(200);
    expect(ledgerOf(harness, 'c')?.rowsCommitted).toBe(2);
  });

  it('resetAfterApply applies the append, then cuts the connection; a retry with the same token gets 409', async () => {
    const harness = await start({ rowKeyField: 'id' });
    const t = await harness.open('c');
    harness.emulator.faults.inject({ endpoint: 'append', kind: 'resetAfterApply', count: 1 });
    await expect(harness.append('c', t, rows(0, 2), { endOffsetToken: '1' })).rejects.toThrow();
    expect(ledgerOf(harness, 'c')).toMatchObject({ rowsCommitted: 2, committedOffsetToken: '1' });
    const retry = await harness.append('c', t, rows(0, 2), { endOffsetToken: '1' });
    expect(retry.status).toBe(409);
    const reopened = await harness.call('PUT', harness.channelPath('c'));
    expect(
      ((await reopened.json()) as { channel_status: { last_committed_offset_token: string } })
        .channel_status.last_committed_offset_token,
    ).toBe('1');
    expect(ledgerOf(harness, 'c')?.duplicateKeys).toBe(0);
  });

  it('stall delays the response by stallMs on the injected clock', async () => {
    const harness = await start();
    harness.emulator.faults.inject({ endpoint: 'status', kind: 'stall', stallMs: 5000, count: 1 });
    let settled = false;
    const pending = harness.status(['c']).then((r) => {
      settled = true;
      return r;
    });
    await vi.waitFor(() => expect(harness.clock.pendingSleeps()).toBe(1));
    await harness.clock.tick(4999);
    expect(settled).toBe(false);
    await harness.clock.tick(1);
    expect((await pending).status).toBe(200);
  });

  it('stall without stallMs never answers until the emulator stops', async () => {
    const harness = await start();
    harness.emulator.faults.inject({ endpoint: 'hostname', kind: 'stall' });
    const pending = fetch(`${harness.emulator.url}/v2/streaming/hostname`, {
      headers: { authorization: `Bearer ${await harness.jwt()}` },
    });
    await vi.waitFor(() => expect(harness.emulator.faults.fired().length).toBe(1));
    await harness.emulator.stop();
    await expect(pending).rejects.toThrow();
  });
});

describe('channel-state faults', () => {
  it('staleSequencer: as if another client reopened, the next append gets 400 stale', async () => {
    const harness = await start();
    const t = await harness.open('c');
    harness.emulator.faults.inject({
      endpoint: 'append',
      kind: 'staleSequencer',
      count: 1,
      channel: 'c',
    });
    const res = await harness.append('c', t, rows(0, 1));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe(
      'STALE_CONTINUATION_TOKEN_SEQUENCER',
    );
    expect(await harness.open('c')).toBe('2_0');
  });

  it('invalidateChannel: status ERR_CHANNEL_MUST_BE_REOPENED and 409 on appends until reopened', async () => {
    const harness = await start();
    const t = await harness.open('c');
    harness.emulator.faults.inject({
      endpoint: 'status',
      kind: 'invalidateChannel',
      count: 1,
      channel: 'c',
    });
    const st = (await (await harness.status(['c'])).json()) as {
      channel_statuses: Record<string, { channel_status_code: string }>;
    };
    expect(st.channel_statuses.c?.channel_status_code).toBe('ERR_CHANNEL_MUST_BE_REOPENED');
    const res = await harness.append('c', t, rows(0, 1));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_CHANNEL_MUST_BE_REOPENED');
    const t2 = await harness.open('c');
    expect((await harness.append('c', t2, rows(0, 1))).status).toBe(200);
  });

  it('withholdCommit holds pending data until the rule is cleared', async () => {
    const harness = await start();
    const t = await harness.open('c');
    const id = harness.emulator.faults.inject({ endpoint: 'append', kind: 'withholdCommit' });
    expect((await harness.append('c', t, rows(0, 2), { endOffsetToken: '1' })).status).toBe(200);
    await harness.clock.tick(60_000);
    expect(ledgerOf(harness, 'c')).toMatchObject({
      rowsReceived: 2,
      rowsCommitted: 0,
      committedOffsetToken: null,
    });
    harness.emulator.faults.clear(id);
    expect(ledgerOf(harness, 'c')).toMatchObject({ rowsCommitted: 2, committedOffsetToken: '1' });
  });

  it('slowCommit adds delayMs to the commit of the next appends', async () => {
    const harness = await start();
    let t = await harness.open('c');
    harness.emulator.faults.inject({
      endpoint: 'append',
      kind: 'slowCommit',
      delayMs: 2000,
      count: 1,
    });
    t = await next(await harness.append('c', t, rows(0, 1), { endOffsetToken: '0' }));
    expect((await harness.append('c', t, rows(1, 2), { endOffsetToken: '1' })).status).toBe(200);
    expect(ledgerOf(harness, 'c')?.committedOffsetToken).toBeNull();
    await harness.clock.tick(2000);
    expect(ledgerOf(harness, 'c')).toMatchObject({ committedOffsetToken: '1', rowsCommitted: 2 });
  });
});

describe('rule matching', () => {
  it('a channel filter spares other channels; endpoint any matches everything', async () => {
    const harness = await start();
    const ta = await harness.open('a');
    const tb = await harness.open('b');
    harness.emulator.faults.inject({ endpoint: 'append', kind: 'http503', channel: 'a' });
    expect((await harness.append('a', ta, rows(0, 1))).status).toBe(503);
    expect((await harness.append('b', tb, rows(0, 1))).status).toBe(200);
    harness.emulator.faults.clear();
    harness.emulator.faults.inject({ endpoint: 'any', kind: 'http500', count: 1 });
    expect((await harness.status(['a'])).status).toBe(500);
  });

  it('probabilistic rules are reproducible for a seed', async () => {
    const pattern = async (seed: number): Promise<number[]> => {
      const harness = await startHarness({ seed }, keys);
      try {
        await harness.scoped();
        harness.emulator.faults.inject({ endpoint: 'status', kind: 'http503', probability: 0.5 });
        const out: number[] = [];
        for (let i = 0; i < 24; i++) out.push((await harness.status(['x'])).status);
        return out;
      } finally {
        await harness.emulator.stop();
      }
    };
    const a = await pattern(7);
    expect(await pattern(7)).toEqual(a);
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await pattern(8)).not.toEqual(a);
  });

  it('validates rules', () => {
    return start().then((harness) => {
      expect(() =>
        harness.emulator.faults.inject({ endpoint: 'nope' as never, kind: 'http429' }),
      ).toThrow(EmulatorError);
      expect(() =>
        harness.emulator.faults.inject({ endpoint: 'append', kind: 'http429', count: 0 }),
      ).toThrow(/count/);
      expect(() =>
        harness.emulator.faults.inject({ endpoint: 'append', kind: 'http429', probability: 2 }),
      ).toThrow(/probability/);
    });
  });
});

describe('admin fault endpoints', () => {
  it('POST /_emulator/faults adds a rule, GET lists rules and fired faults, DELETE clears', async () => {
    const harness = await start();
    const url = `${harness.emulator.url}/_emulator/faults`;
    const created = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ endpoint: 'status', kind: 'http429', count: 1 }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await harness.status(['c'])).status).toBe(429);
    const listed = (await (await fetch(url)).json()) as {
      rules: unknown[];
      fired: Array<{ id: string }>;
    };
    expect(listed.fired).toEqual([{ id, kind: 'http429', endpoint: 'status' }]);
    await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ endpoint: 'status', kind: 'http503' }),
    });
    expect((await harness.status(['c'])).status).toBe(503);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(200);
    expect((await harness.status(['c'])).status).toBe(200);
    const bad = await fetch(url, { method: 'POST', body: '{"endpoint":"append","kind":"meteor"}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('INVALID_FAULT_RULE');
    expect((await fetch(url, { method: 'POST', body: 'not json' })).status).toBe(400);
  });

  it('DELETE /_emulator/faults?id= removes one rule', async () => {
    const harness = await start();
    const a = harness.emulator.faults.inject({ endpoint: 'status', kind: 'http503' });
    harness.emulator.faults.inject({ endpoint: 'open', kind: 'http503' });
    await fetch(`${harness.emulator.url}/_emulator/faults?id=${a}`, { method: 'DELETE' });
    expect(harness.emulator.faults.rules().map((r) => r.endpoint)).toEqual(['open']);
  });
});
