// The sink
export { createKafkaSink } from './kafka-sink.js';
export type { KafkaSink } from './kafka-sink.js';
export { DEFAULT_KAFKA_SINK_OPTIONS } from './sink-options.js';
export type { DeadLetterOptions, KafkaSinkOptions, RecordTransform } from './sink-options.js';
export { defaultChannelName } from './channel-name.js';
export type { ChannelNamer } from './channel-name.js';
export { recordMetadata } from './record-metadata.js';
export type { RecordMetadata } from './record-metadata.js';
export type {
  KafkaSinkMetrics,
  KafkaSinkObserver,
  PartitionPhase,
  PartitionSnapshot,
} from './sink-observer.js';

// The consumer port (bring your own Kafka client) and the KafkaJS adapter
export type {
  ConsumerHandlers,
  DeadLetterProducer,
  DeadLetterRecord,
  KafkaConsumer,
  KafkaRecord,
  PartitionOffset,
  RecordBatch,
  TopicPartition,
} from './consumer-port.js';
export { createKafkaJsConsumer, createKafkaJsDeadLetterProducer } from './kafkajs-consumer.js';
export type { KafkaJsConsumerOptions } from './kafkajs-consumer.js';

// Errors
export { KafkaSinkError, isKafkaSinkError } from './kafka-sink-error.js';
export type { KafkaSinkErrorCode, KafkaSinkErrorInit } from './kafka-sink-error.js';
