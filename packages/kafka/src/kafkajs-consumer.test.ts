import type { EachBatchPayload, Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { settle } from '../test/fakes.js';
import type { ConsumerHandlers, TopicPartition } from './consumer-port.js';
import { createKafkaJsConsumer } from './kafkajs-consumer.js';

/** Just enough of a KafkaJS consumer: the test fires GROUP_JOIN and calls eachBatch. */
function fakeKafka() {
  let onJoin:
    ((e: { payload: { memberAssignment: Record<string, number[]> } }) => void) | undefined;
  let eachBatch: ((p: EachBatchPayload) => Promise<void>) | undefined;
  const calls: unknown[] = [];
  const consumer = {
    events: { GROUP_JOIN: 'consumer.group_join' },
    on: (_: string, fn: typeof onJoin) => void (onJoin = fn),
    connect: async () => undefined,
    subscribe: async (s: unknown) => void calls.push(['subscribe', s]),
    run: async (o: { eachBatch: typeof eachBatch; autoCommit: boolean }) => {
      calls.push(['run', o.autoCommit]);
      eachBatch = o.eachBatch;
    },
    seek: (s: unknown) => void calls.push(['seek', s]),
    pause: (s: unknown) => void calls.push(['pause', s]),
    disconnect: async () => void calls.push(['disconnect']),
  };
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  return {
    kafka,
    calls,
    join: (a: Record<string, number[]>) => onJoin!({ payload: { memberAssignment: a } }),
    deliver: (topic: string, partition: number, heartbeat: () => Promise<void>) =>
      eachBatch!({
        batch: {
          topic,
          partition,
          highWatermark: '3',
          messages: [
            { offset: '2', key: null, value: Buffer.from('{}'), timestamp: '1', headers: {} },
          ],
        },
        heartbeat,
      } as unknown as EachBatchPayload),
  };
}

function recordingHandlers() {
  const log: string[] = [];
  const fmt = (ps: readonly TopicPartition[]) =>
    ps.map((p) => `${p.topic}-${p.partition}`).join(',');
  const handlers: ConsumerHandlers = {
    onAssigned: async (ps) => void log.push(`assigned ${fmt(ps)}`),
    onRevoked: async (ps) => void log.push(`revoked ${fmt(ps)}`),
    onBatch: async (b) =>
      void log.push(`batch ${b.topic}-${b.partition} ${b.records.map((r) => r.offset).join(',')}`),
  };
  return { log, handlers };
}

describe('createKafkaJsConsumer', () => {
  it('runs without auto-commit and reports assignments as differences', async () => {
    const f = fakeKafka();
    const { log, handlers } = recordingHandlers();
    const c = createKafkaJsConsumer({ kafka: f.kafka, groupId: 'g' });
    await c.run(['t'], handlers);
    expect(f.calls).toContainEqual(['run', false]);
    f.join({ t: [0, 1] });
    f.join({ t: [1, 2] });
    await settle();
    expect(log).toEqual(['assigned t-0,t-1', 'revoked t-0', 'assigned t-2']);
  });

  it('a batch waits for the assignment queued before it, and skips partitions not owned', async () => {
    const f = fakeKafka();
    const { log, handlers } = recordingHandlers();
    const c = createKafkaJsConsumer({ kafka: f.kafka, groupId: 'g' });
    await c.run(['t'], handlers);
    f.join({ t: [0] });
    await f.deliver('t', 0, async () => undefined);
    await f.deliver('t', 5, async () => undefined);
    expect(log).toEqual(['assigned t-0', 'batch t-0 2']);
  });

  it('revokes every partition before KafkaJS rejoins when a heartbeat says the group rebalances', async () => {
    const f = fakeKafka();
    const { log, handlers } = recordingHandlers();
    const c = createKafkaJsConsumer({ kafka: f.kafka, groupId: 'g' });
    await c.run(['t'], handlers);
    f.join({ t: [0, 1] });
    const rebalancing = Object.assign(new Error('rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
    await expect(f.deliver('t', 0, async () => Promise.reject(rebalancing))).rejects.toBe(
      rebalancing,
    );
    expect(log).toEqual(['assigned t-0,t-1', 'batch t-0 2', 'revoked t-0,t-1']);
    // the join after the rebalance assigns afresh (eager protocol)
    f.join({ t: [1] });
    await settle();
    expect(log.at(-1)).toBe('assigned t-1');
  });
});
