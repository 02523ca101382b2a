import type { KafkaConsumer, PartitionOffset } from './consumer-port.js';
import { partitionKey } from './consumer-port.js';

/** Commits consumer-group offsets after Snowflake commits, coalescing while one is in flight. */
export interface KafkaCommitter {
  /** Queues `offset` (the next offset to read); resolves once a commit including it was made or failed. */
  commit(offset: PartitionOffset): Promise<void>;
}

/**
 * Creates the committer. Offsets are only ever moved forward per partition; a failed commit (a
 * rebalance in progress, a stale generation) is reported and dropped: the channel's committed
 * offset token, not this, decides where a partition resumes, so it only delays what lag tools see.
 */
export function createKafkaCommitter(
  consumer: KafkaConsumer,
  onCommitted: () => void,
  onError: (error: unknown) => void,
): KafkaCommitter {
  let queued = new Map<string, PartitionOffset>();
  /** Highest offset handed to the consumer per partition: never committed twice or backwards. */
  const highest = new Map<string, bigint>();
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const runOnce = async (): Promise<void> => {
    const offsets = [...queued.values()];
    queued = new Map();
    if (offsets.length === 0) return;
    try {
      await consumer.commitOffsets(offsets);
      onCommitted();
    } catch (error) {
      onError(error);
    }
  };

  const schedule = (): Promise<void> => {
    if (running === undefined) {
      running = runOnce().finally(() => {
        running = undefined;
      });
      return running;
    }
    // One commit is in flight: everything queued meanwhile goes in the one after it.
    next ??= running.then(() => {
      next = undefined;
      return schedule();
    });
    return next;
  };

  return {
    commit(offset) {
      const key = partitionKey(offset);
      const at = BigInt(offset.offset);
      if ((highest.get(key) ?? -1n) >= at) return next ?? running ?? Promise.resolve();
      highest.set(key, at);
      const have = queued.get(key);
      if (have === undefined || BigInt(have.offset) < BigInt(offset.offset))
        queued.set(key, offset);
      return schedule();
    },
  };
}
