import type { TopicPartition } from './consumer-port.js';

/** Names the channel of a partition. */
export type ChannelNamer = (tp: TopicPartition) => string;

/**
 * The default channel name of a partition: `<prefix><topic>-<partition>`, one channel per
 * topic-partition (Snowflake's Kafka connector maps partitions to channels the same way).
 * @example
 * defaultChannelName({ topic: 'orders', partition: 3 }, 'prod-'); // 'prod-orders-3'
 */
export function defaultChannelName(tp: TopicPartition, prefix = ''): string {
  return `${prefix}${tp.topic}-${tp.partition}`;
}
