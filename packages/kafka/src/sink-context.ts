import type { Logger, StreamingIngestClient } from '@snowpipe/streaming-client';
import type { KafkaConsumer, PartitionOffset } from './consumer-port.js';
import type { SinkSettings } from './sink-options.js';
import type { KafkaSinkMetrics, KafkaSinkObserver } from './sink-observer.js';

/** What every partition writer of one sink shares. */
export interface SinkContext {
  readonly client: StreamingIngestClient;
  readonly consumer: KafkaConsumer;
  readonly settings: SinkSettings;
  readonly observer: KafkaSinkObserver;
  readonly logger: Logger;
  /** The counters `sink.metrics()` reports (lag excluded). */
  readonly counters: Omit<KafkaSinkMetrics, 'lag'>;
  /** Queues a Kafka offset commit (coalesced with others in flight); resolves once it was made or failed. */
  commitKafka(offset: PartitionOffset): Promise<void>;
  /** Pauses a partition while the client's buffer is full; resumes paused ones once it drained. */
  checkBackpressure(partition?: { topic: string; partition: number }): void;
}

/** Calls an observer hook, never letting it break the sink. */
export function notify<K extends keyof KafkaSinkObserver>(
  observer: KafkaSinkObserver,
  hook: K,
  ...args: Parameters<NonNullable<KafkaSinkObserver[K]>>
): void {
  const fn = observer[hook] as ((...a: unknown[]) => void) | undefined;
  if (fn === undefined) return;
  try {
    fn.apply(observer, args);
  } catch {
    // An observer that throws must not stop ingestion.
  }
}
