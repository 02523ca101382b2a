import { describe, expect, it } from 'vitest';
import {
  batch,
  createFakeClient,
  createFakeConsumer,
  ingestError,
  record,
  settle,
} from '../test/fakes.js';
import { createKafkaSink } from './kafka-sink.js';
import type { KafkaSinkOptions } from './sink-options.js';
import type { KafkaSinkError } from './kafka-sink-error.js';

const tp = { topic: 'orders', partition: 3 };

async function started(
  tokens: Record<string, string | null> = {},
  extra: Partial<KafkaSinkOptions> = {},
) {
  const fc = createFakeClient(tokens);
  const kc = createFakeConsumer();
  const events: string[] = [];
  const stopped: KafkaSinkError[] = [];
  const sink = createKafkaSink({
    client: fc.client,
    consumer: kc.consumer,
    topics: ['orders'],
    observer: {
      onPartitionLost: (p, code) => void events.push(`lost ${p.topic}-${p.partition} ${code}`),
      onPartitionStopped: (e) => void stopped.push(e),
      onDeadLetter: (p, offset) => void events.push(`dead ${p.partition} ${offset}`),
      onError: (e) => void events.push(`error ${(e as Error).message}`),
    },
    ...extra,
  });
  await sink.start();
  return { fc, kc, sink, events, stopped };
}

describe('createKafkaSink: assignment', () => {
  it('opens <prefix><topic>-<partition> and seeks after the channel committed offset token', async () => {
    const { fc, kc } = await started({ 'p-orders-3': '41' }, { channelPrefix: 'p-' });
    await kc.handlers.onAssigned([tp]);
    expect(fc.opened).toEqual(['p-orders-3']);
    expect(kc.calls).toContain('seek orders-3 42');
  });

  it('skips records the channel holds already and appends the rest as they are', async () => {
    const { fc, kc } = await started({ 'orders-3': '41' });
    await kc.handlers.onAssigned([tp]);
    const values = [40, 41, 42, 43].map((n) => record(n, `{"n":${n}}`));
    await kc.handlers.onBatch(batch('orders', 3, values));
    const ch = fc.channels.get('orders-3')!;
    expect(ch.appends).toHaveLength(1);
    expect(ch.appends[0]!.start).toBe('42');
    expect(ch.appends[0]!.end).toBe('43');
    // the very value buffers, no parse and no copy
    expect(ch.appends[0]!.rows[0]).toBe(values[2]!.value);
  });

  it('re-seeks once when the first batch starts past the channel token, then accepts a real gap', async () => {
    const { fc, kc } = await started({ 'orders-3': '9' });
    await kc.handlers.onAssigned([tp]);
    await kc.handlers.onBatch(batch('orders', 3, [record(20, '{}')]));
    expect(fc.channels.get('orders-3')!.appends).toHaveLength(0);
    expect(kc.calls.filter((c) => c === 'seek orders-3 10')).toHaveLength(2);
    await kc.handlers.onBatch(batch('orders', 3, [record(12, '{}')]));
    expect(fc.channels.get('orders-3')!.appends[0]!.start).toBe('12');
  });

  it('stops a partition whose channel token is not a Kafka offset', async () => {
    const { kc, stopped } = await started({ 'orders-3': 'abc' });
    await kc.handlers.onAssigned([tp]);
    expect(stopped.map((e) => e.code)).toEqual(['INVALID_OFFSET_TOKEN']);
    expect(kc.calls).toContain('pause orders-3');
  });
});

describe('createKafkaSink: Kafka offsets follow Snowflake commits', () => {
  it('commits the Kafka offset only after the channel committed, at offset + 1', async () => {
    const { fc, kc, sink } = await started();
    await kc.handlers.onAssigned([tp]);
    await kc.handlers.onBatch(batch('orders', 3, [record(0, '{}'), record(1, '{}')], '10'));
    await settle();
    expect(kc.commits).toEqual([]);
    fc.channels.get('orders-3')!.commitAll();
    await settle();
    expect(kc.commits).toEqual([[{ topic: 'orders', partition: 3, offset: '2' }]]);
    expect(sink.metrics().lag).toEqual({ 'orders-3': 8 });
  });

  it('reports a failed Kafka commit and goes on (the channel token decides where to resume)', async () => {
    const { fc, kc, events, sink } = await started();
    kc.failCommits(new Error('REBALANCE_IN_PROGRESS'));
    await kc.handlers.onAssigned([tp]);
    await kc.handlers.onBatch(batch('orders', 3, [record(0, '{}')]));
    fc.channels.get('orders-3')!.commitAll();
    await settle();
    expect(events).toContain('error REBALANCE_IN_PROGRESS');
    await kc.handlers.onBatch(batch('orders', 3, [record(1, '{}')]));
    expect(fc.channels.get('orders-3')!.appends).toHaveLength(2);
    expect(sink.partitions()[0]!.phase).toBe('active');
  });
});

describe('createKafkaSink: revocation and shutdown', () => {
  it('on revocation closes with waitForCommit within revokeTimeoutMs, commits Kafka, drops later records', async () => {
    const { fc, kc, sink } = await started({}, { revokeTimeoutMs: 1234 });
    await kc.handlers.onAssigned([tp]);
    await kc.handlers.onBatch(batch('orders', 3, [record(0, '{}'), record(1, '{}')]));
    await kc.handlers.onRevoked([tp]);
    const ch = fc.channels.get('orders-3')!;
    expect(ch.closed).toEqual({ waitForCommit: true, timeoutMs: 1234 });
    expect(kc.commits.flat()).toContainEqual({ topic: 'orders', partition: 3, offset: '2' });
    await kc.handlers.onBatch(batch('orders', 3, [record(2, '{}')]));
    expect(ch.appends).toHaveLength(1);
    expect(sink.partitions()).toEqual([]);
  });

  it('a held-back commit at revocation: the close times out, no Kafka offset past the commit, reported', async () => {
    const { fc, kc, events } = await started();
    await kc.handlers.onAssigned([tp]);
    await kc.handlers.onBatch(batch('orders', 3, [record(0, '{}'), record(1, '{}')]));
    fc.channels.get('orders-3')!.closeError = ingestError('CLOSE_TIMEOUT');
    await kc.handlers.onRevoked([tp]);
    expect(kc.commits).toEqual([]);
    expect(events).toContain('error fake CLOSE_TIMEOUT');
  });

  it('a slow commit during revocation is waited for before the partition is given up', async () => {
    const { fc, kc } = await started();
    await kc.handlers.onAssigned([tp]);
    await kc.handlers.onBatch(batch('orders', 3, [record(5, '{}')]));
    const ch = fc.channels.get('orders-3')!;
    ch.holdCommits = true;
    let revoked = false;
    const revoking = kc.handlers.onRevoked([tp]).then(() => void (revoked = true));
    await settle();
    expect(revoked).toBe(false);
    expect(kc.commits).toEqual([]);
    ch.commitAll();
    await revoking;
    expect(revoked).toBe(true);
    expect(ch.committed).toBe('5');
    expect(kc.commits.flat()).toEqual([{ topic: 'orders', partition: 3, offset: '6' }]);
  });

  it('stop() revokes every partition and then stops the consumer', async () => {
    const { fc, kc, sink } = await started();
    await kc.handlers.onAssigned([tp, { topic: 'orders', partition: 4 }]);
    await sink.stop();
    expect(fc.channels.get('orders-3')!.closed).toBeDefined();
    expect(fc.channels.get('orders-4')!.closed).toBeDefined();
    expect(kc.calls.at(-1)).toBe('stop');
    await sink.stop();
    expect(kc.calls.filter((c) => c === 'stop')).toHaveLength(1);
    await kc.handlers.onAssigned([tp]);
    expect(fc.opened).toHaveLength(2);
  });
});

describe('createKafkaSink: a channel taken over by another writer', () => {
  for (const code of ['CHANNEL_TAKEN_OVER', 'CHANNEL_STATE_LOST']) {
    it(`${code} on append: partition lost, paused, not written, its Kafka offset never committed`, async () => {
      const { fc, kc, sink, events } = await started();
      await kc.handlers.onAssigned([tp]);
      await kc.handlers.onBatch(batch('orders', 3, [record(0, '{}')]));
      const ch = fc.channels.get('orders-3')!;
      ch.failNextAppend = ingestError(code);
      await kc.handlers.onBatch(batch('orders', 3, [record(1, '{}')]));
      expect(events).toContain(`lost orders-3 ${code}`);
      expect(kc.calls).toContain('pause orders-3');
      await kc.handlers.onBatch(batch('orders', 3, [record(2, '{}')]));
      expect(ch.appends).toHaveLength(1);
      ch.commitAll();
      await kc.handlers.onRevoked([tp]);
      expect(kc.commits).toEqual([]);
      expect(sink.metrics().partitionsLost).toBe(1);
    });
  }

  it('CHANNEL_TAKEN_OVER while waiting for commit: lost, no Kafka commit', async () => {
    const { fc, kc, events, sink } = await started();
    await kc.handlers.onAssigned([tp]);
    await kc.handlers.onBatch(batch('orders', 3, [record(0, '{}')]));
    fc.channels.get('orders-3')!.failCommits(ingestError('CHANNEL_TAKEN_OVER'));
    await settle();
    expect(events).toEqual(['lost orders-3 CHANNEL_TAKEN_OVER']);
    fc.channels.get('orders-3')!.closeError = ingestError('CHANNEL_TAKEN_OVER');
    await kc.handlers.onRevoked([tp]);
    expect(kc.commits).toEqual([]);
    expect(events).toEqual(['lost orders-3 CHANNEL_TAKEN_OVER']);
    expect(sink.metrics().partitionsLost).toBe(1);
  });

  it('taken over while being revoked: lost, no Kafka commit', async () => {
    const { fc, kc, events, sink } = await started();
    await kc.handlers.onAssigned([tp]);
    await kc.handlers.onBatch(batch('orders', 3, [record(0, '{}')]));
    fc.channels.get('orders-3')!.closeError = ingestError('CHANNEL_TAKEN_OVER');
    await kc.handlers.onRevoked([tp]);
    expect(events).toEqual(['lost orders-3 CHANNEL_TAKEN_OVER']);
    expect(kc.commits).toEqual([]);
    expect(sink.metrics().partitionsLost).toBe(1);
  });
});

describe('createKafkaSink: backpressure', () => {
  it('pauses a partition while the client buffer is full and resumes it once it drained', async () => {
    const { fc, kc, sink } = await started({}, { pauseAtBufferedBytes: 1000 });
    await kc.handlers.onAssigned([tp]);
    fc.setBufferedBytes(1000);
    await kc.handlers.onBatch(batch('orders', 3, [record(0, '{}')]));
    expect(kc.calls).toContain('pause orders-3');
    fc.setBufferedBytes(600);
    fc.channels.get('orders-3')!.commitAll();
    await settle();
    expect(kc.calls).not.toContain('resume orders-3');
    await kc.handlers.onBatch(batch('orders', 3, [record(1, '{}')]));
    fc.setBufferedBytes(400);
    fc.channels.get('orders-3')!.commitAll();
    await settle();
    expect(kc.calls).toContain('resume orders-3');
    expect(sink.metrics().backpressurePauses).toBe(1);
  });
});
