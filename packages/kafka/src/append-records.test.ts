import { describe, expect, it } from 'vitest';
import { batch, createFakeClient, createFakeConsumer, record, settle } from '../test/fakes.js';
import { createKafkaSink } from './kafka-sink.js';
import type { KafkaSinkError } from './kafka-sink-error.js';
import type { DeadLetterRecord } from './consumer-port.js';
import type { KafkaSinkOptions } from './sink-options.js';

const tp = { topic: 't', partition: 0 };

async function started(extra: Partial<KafkaSinkOptions> = {}) {
  const fc = createFakeClient();
  const kc = createFakeConsumer();
  const stopped: KafkaSinkError[] = [];
  const sink = createKafkaSink({
    client: fc.client,
    consumer: kc.consumer,
    topics: ['t'],
    observer: { onPartitionStopped: (e) => void stopped.push(e) },
    ...extra,
  });
  await sink.start();
  await kc.handlers.onAssigned([tp]);
  return { fc, kc, sink, stopped, ch: () => fc.channels.get('t-0')! };
}

const five = (bad: string) => [0, 1, 2, 3, 4].map((n) => record(n, n === 2 ? bad : `{"n":${n}}`));

describe('poison records', () => {
  it('stop mode: rows before it appended, the partition stopped with a typed error naming it', async () => {
    const { kc, ch, stopped, sink } = await started();
    await kc.handlers.onBatch(batch('t', 0, five('not json')));
    expect(ch().appends.map((a) => [a.start, a.end])).toEqual([['0', '1']]);
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({
      code: 'POISON_RECORD',
      topic: 't',
      partition: 0,
      offset: '2',
    });
    expect(stopped[0]!.message).toContain('offset 2');
    expect(kc.calls).toContain('pause t-0');
    await kc.handlers.onBatch(batch('t', 0, [record(3, '{}')]));
    expect(ch().appends).toHaveLength(1);
    expect(sink.metrics()).toMatchObject({ poisonRecords: 1, deadLetters: 0, records: 2 });
    // the records before it are committed, in Snowflake and then in Kafka
    ch().commitAll();
    await settle();
    expect(kc.commits.flat()).toEqual([{ topic: 't', partition: 0, offset: '2' }]);
    await kc.handlers.onRevoked([tp]);
    expect(ch().closed).toMatchObject({ waitForCommit: true });
  });

  it('dead-letter mode: the record goes to the topic with its source named, the rest is appended', async () => {
    const sent: { topic: string; records: readonly DeadLetterRecord[] }[] = [];
    const { kc, ch, stopped, sink } = await started({
      deadLetter: {
        topic: 't.dlq',
        producer: { send: async (topic, records) => void sent.push({ topic, records }) },
      },
    });
    await kc.handlers.onBatch(batch('t', 0, five('')));
    expect(ch().appends.map((a) => [a.start, a.end])).toEqual([
      ['0', '1'],
      ['3', '4'],
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.topic).toBe('t.dlq');
    expect(sent[0]!.records[0]!.headers).toMatchObject({
      'snowpipe.source.topic': 't',
      'snowpipe.source.partition': '0',
      'snowpipe.source.offset': '2',
    });
    expect(stopped).toEqual([]);
    expect(sink.metrics()).toMatchObject({ poisonRecords: 1, deadLetters: 1, records: 5, rows: 4 });
  });

  it('a tombstone (null value) is a poison record', async () => {
    const { kc, stopped } = await started();
    await kc.handlers.onBatch(batch('t', 0, [record(0, null)]));
    expect(stopped[0]).toMatchObject({ code: 'POISON_RECORD', offset: '0' });
  });

  it('a failing dead-letter producer stops the partition at the record', async () => {
    const { kc, stopped, ch } = await started({
      deadLetter: {
        topic: 'x',
        producer: { send: async () => Promise.reject(new Error('broker down')) },
      },
    });
    await kc.handlers.onBatch(batch('t', 0, five('x')));
    expect(stopped[0]).toMatchObject({ code: 'DEAD_LETTER_FAILED', offset: '2' });
    expect(ch().appends).toHaveLength(1);
  });
});

describe('rows', () => {
  it('RECORD_METADATA is spliced into JSON values without a parse', async () => {
    const { kc, ch } = await started({ recordMetadata: true });
    const key = Buffer.from('k1');
    await kc.handlers.onBatch(
      batch('t', 0, [
        record(7, '{"a":1}', { key, headers: { h: Buffer.from('v'), m: ['x', Buffer.from('y')] } }),
        record(8, '{ }'),
      ]),
    );
    const rows = ch().appends[0]!.rows.map((r) => JSON.parse(String(r)));
    expect(rows[0]).toEqual({
      RECORD_METADATA: {
        topic: 't',
        partition: 0,
        offset: 7,
        CreateTime: 1700000000000,
        key: 'k1',
        headers: { h: 'v', m: ['x', 'y'] },
      },
      a: 1,
    });
    expect(rows[1]).toEqual({
      RECORD_METADATA: {
        topic: 't',
        partition: 0,
        offset: 8,
        CreateTime: 1700000000000,
        key: null,
        headers: {},
      },
    });
  });

  it('toRows: a row, several rows or none per record; a throw is a poison record', async () => {
    const { kc, ch, stopped } = await started({
      recordMetadata: 'META',
      toRows: (r) => {
        const n = Number(r.offset);
        if (n === 1) return undefined;
        if (n === 2)
          return [
            { n, i: 0 },
            { n, i: 1 },
          ];
        if (n === 4) throw new Error('bad record');
        return { n };
      },
    });
    await kc.handlers.onBatch(
      batch(
        't',
        0,
        [0, 1, 2, 3, 4, 5].map((n) => record(n, 'anything')),
      ),
    );
    expect(ch().appends).toHaveLength(1);
    const a = ch().appends[0]!;
    expect([a.start, a.end]).toEqual(['0', '3']);
    expect(a.rows.map((r) => (r as { n: number }).n)).toEqual([0, 2, 2, 3]);
    expect((a.rows[0] as { META: { offset: number } }).META.offset).toBe(0);
    expect(stopped[0]).toMatchObject({ code: 'POISON_RECORD', offset: '4' });
    expect(stopped[0]!.message).toContain('toRows threw: bad record');
  });

  it('a row the client cannot serialise is a poison record of the record it came from', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const sent: string[] = [];
    const { kc, ch } = await started({
      toRows: (r) => (r.offset === '1' ? cyclic : { n: Number(r.offset) }),
      deadLetter: {
        topic: 'd',
        producer: {
          send: async (_t, rs) =>
            void sent.push(...rs.map((x) => String(x.headers['snowpipe.source.offset']))),
        },
      },
    });
    await kc.handlers.onBatch(
      batch(
        't',
        0,
        [0, 1, 2].map((n) => record(n, 'v')),
      ),
    );
    expect(ch().appends.map((a) => [a.start, a.end])).toEqual([
      ['0', '0'],
      ['2', '2'],
    ]);
    expect(sent).toEqual(['1']);
  });
});

describe('options', () => {
  const fc = createFakeClient();
  const kc = createFakeConsumer();
  const base = { client: fc.client, consumer: kc.consumer, topics: ['t'] };
  it.each([
    [{ topics: [] }, 'topics'],
    [{ client: {} }, 'client'],
    [{ consumer: { run() {} } }, 'consumer'],
    [{ revokeTimeoutMs: 0 }, 'revokeTimeoutMs'],
    [{ pauseAtBufferedBytes: 1.5 }, 'pauseAtBufferedBytes'],
    [{ recordMetadata: '' }, 'recordMetadata'],
    [{ deadLetter: { topic: '', producer: { send() {} } } }, 'deadLetter'],
    [{ toRows: 'x' }, 'toRows'],
  ])('refuses %o naming %s', (bad, name) => {
    expect(() => createKafkaSink({ ...base, ...(bad as object) })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining(name) }),
    );
  });
});
