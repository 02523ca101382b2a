import type { Channel } from '@snowpipe/streaming-client';
import { appendEncoded, appendTransformed } from './append-records.js';
import type { AppendPlan } from './append-records.js';
import { classifyChannelError } from './classify-channel-error.js';
import type { KafkaRecord, RecordBatch, TopicPartition } from './consumer-port.js';
import { KafkaSinkError } from './kafka-sink-error.js';
import { createPoisonHandler } from './poison-record.js';
import { createResumePosition } from './resume-position.js';
import type { SinkContext } from './sink-context.js';
import { notify } from './sink-context.js';
import type { PartitionPhase, PartitionSnapshot } from './sink-observer.js';

const OFFSET = /^(0|[1-9][0-9]*)$/;

/** One owned partition: its channel, where it resumes, what is committed. */
export interface PartitionWriter {
  readonly tp: TopicPartition;
  readonly channelName: string;
  /** Opens the channel, reads its committed offset token and seeks the consumer after it. */
  start(): Promise<void>;
  /** Appends a batch's records from the expected offset on (earlier ones were committed already). */
  write(batch: RecordBatch): Promise<void>;
  /** Stops appending, flushes, waits for commit (bounded), closes the channel, commits the Kafka offset. */
  revoke(): Promise<void>;
  snapshot(): PartitionSnapshot;
}

/** Creates the writer of one assigned partition (not yet started). */
export function createPartitionWriter(ctx: SinkContext, tp: TopicPartition): PartitionWriter {
  const channelName = ctx.settings.channelName(tp);
  let phase: PartitionPhase = 'opening';
  let channel: Channel | undefined;
  const position = createResumePosition(ctx.consumer, ctx.logger, tp);
  let appended: bigint | null = null; // last offset token appended
  let committed: bigint | null = null; // last offset token Snowflake committed
  let highWatermark: bigint | undefined;
  let watching = false;
  let inflight: Promise<void> = Promise.resolve();

  const lag = (): number | undefined =>
    highWatermark === undefined
      ? undefined
      : Math.max(0, Number(highWatermark - (committed === null ? 0n : committed + 1n)));

  /** Stops the partition for good (until it is revoked): pause it and report why. */
  const stop = (error: KafkaSinkError): void => {
    if (phase !== 'active' && phase !== 'opening') return;
    phase = 'stopped';
    ctx.consumer.pause([tp]);
    ctx.logger.error?.(error.message, {
      topic: tp.topic,
      partition: tp.partition,
      code: error.code,
    });
    notify(ctx.observer, 'onPartitionStopped', error);
  };

  /** The channel failed: lost to another writer, or broken. */
  const channelFailed = (error: unknown): void => {
    const failure = classifyChannelError(error);
    if (phase !== 'active' && phase !== 'opening') return;
    if (failure.kind === 'lost') {
      phase = 'lost';
      ctx.counters.partitionsLost += 1;
      ctx.consumer.pause([tp]);
      ctx.logger.warn?.(
        `${tp.topic}-${tp.partition}: channel "${channelName}" lost (${failure.code}); stopped writing it`,
        {},
      );
      notify(ctx.observer, 'onPartitionLost', tp, failure.code);
      return;
    }
    stop(
      new KafkaSinkError(
        `${tp.topic}-${tp.partition}: channel "${channelName}" failed: ${(error as Error).message}`,
        {
          code: 'CHANNEL_FAILED',
          topic: tp.topic,
          partition: tp.partition,
          cause: error,
        },
      ),
    );
  };

  const markCommitted = (token: string | null): Promise<void> | undefined => {
    if (token === null || !OFFSET.test(token)) return undefined;
    const at = BigInt(token);
    if (committed !== null && at <= committed) return undefined;
    committed = at;
    notify(ctx.observer, 'onCommitted', tp, token, lag());
    // A stopped partition still commits the records before the one it stopped at; a lost one never.
    if (phase !== 'lost' && phase !== 'closed')
      return ctx.commitKafka({ ...tp, offset: String(at + 1n) });
    return undefined;
  };

  /** Keeps one waitForCommit per partition on the latest appended token. */
  const watchCommit = (): void => {
    if (watching || channel === undefined || appended === null) return;
    if (committed !== null && committed >= appended) return;
    watching = true;
    const target = appended;
    channel.waitForCommit(String(target)).then(
      (token) => {
        watching = false;
        void markCommitted(token);
        ctx.checkBackpressure();
        if (phase === 'active') watchCommit();
      },
      (error: unknown) => {
        watching = false;
        if (classifyChannelError(error).kind !== 'closed') channelFailed(error);
      },
    );
  };

  const poison = createPoisonHandler(ctx, tp, stop);

  const writeBatch = async (batch: RecordBatch): Promise<void> => {
    if (phase !== 'active' || channel === undefined) return;
    if (batch.highWatermark !== undefined && OFFSET.test(batch.highWatermark))
      highWatermark = BigInt(batch.highWatermark);
    const records = position.filter(batch.records);
    if (records === undefined || records.length === 0) return;
    ctx.checkBackpressure(tp);
    const plan: AppendPlan = {
      tp,
      channel,
      toRows: ctx.settings.toRows,
      metadataColumn: ctx.settings.metadataColumn,
      poison,
    };
    let outcome;
    try {
      outcome =
        ctx.settings.toRows === undefined
          ? await appendEncoded(plan, records)
          : await appendTransformed(plan, ctx.settings.toRows, records);
    } catch (error) {
      channelFailed(error);
      return;
    }
    const handled = outcome.stoppedAt ?? records.length;
    ctx.counters.records += handled;
    ctx.counters.rows += outcome.rows;
    ctx.counters.bytes += outcome.bytes;
    if (outcome.rows > 0) notify(ctx.observer, 'onRows', tp, outcome.rows, outcome.bytes);
    if (outcome.lastAppended !== undefined) appended = BigInt(outcome.lastAppended);
    if (handled > 0) position.advance(BigInt((records[handled - 1] as KafkaRecord).offset) + 1n);
    watchCommit();
  };

  const open = async (): Promise<void> => {
    try {
      const opened = await ctx.client.openChannel({ name: channelName });
      channel = opened.channel;
      const token = opened.status.latestCommittedOffsetToken;
      if (phase !== 'opening') return;
      if (token !== null && !OFFSET.test(token)) {
        stop(
          new KafkaSinkError(
            `${tp.topic}-${tp.partition}: channel "${channelName}" has offset token "${token}", not a Kafka offset`,
            { code: 'INVALID_OFFSET_TOKEN', topic: tp.topic, partition: tp.partition },
          ),
        );
        return;
      }
      phase = 'active';
      if (token !== null) {
        // The channel, not the group's committed offset, says where this partition resumes.
        committed = BigInt(token);
        appended = committed;
        position.seekTo(committed + 1n);
      }
      notify(ctx.observer, 'onPartitionStarted', tp, {
        channel: channelName,
        resumeOffset: position.next() === null ? null : String(position.next()),
      });
    } catch (error) {
      channelFailed(error);
    }
  };

  return {
    tp,
    channelName,
    start() {
      inflight = open();
      return inflight;
    },
    write(batch) {
      const run = inflight.then(() => writeBatch(batch));
      inflight = run;
      return run;
    },
    async revoke() {
      const was = phase;
      if (was === 'active' || was === 'opening') phase = 'revoking';
      // A partition stopped at a poison record still owns a healthy channel: flush it too.
      const flush = was === 'active' || was === 'stopped';
      await inflight;
      let final: Promise<void> | undefined;
      if (channel !== undefined) {
        try {
          await channel.close({
            waitForCommit: flush,
            timeoutMs: ctx.settings.revokeTimeoutMs,
          });
          if (flush) {
            if (appended !== null) void markCommitted(String(appended));
            // Give the partition up with the group's offset at the channel's committed token.
            if (committed !== null)
              final = ctx.commitKafka({ ...tp, offset: String(committed + 1n) });
          }
        } catch (error) {
          if (classifyChannelError(error).kind !== 'lost') notify(ctx.observer, 'onError', error);
          else if (was !== 'lost') {
            // Taken over while giving it up: report it lost (once), commit nothing for it.
            phase = 'active';
            channelFailed(error);
          }
        }
      }
      await final;
      phase = 'closed';
    },
    snapshot: () => ({
      ...tp,
      channel: channelName,
      phase,
      nextOffset: position.next() === null ? null : String(position.next()),
      committedOffset: committed === null ? null : String(committed),
      lag: lag(),
    }),
  };
}
