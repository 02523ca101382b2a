import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKafkaBroker } from '../kafka-broker.js';
import type { KafkaBroker } from '../kafka-broker.js';

let broker: KafkaBroker;
beforeAll(async () => {
  broker = await startKafkaBroker();
}, 120_000);
afterAll(async () => broker?.stop());

it('starts a broker that takes a topic', async () => {
  const admin = broker.kafka('t').admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'x', numPartitions: 6 }], waitForLeaders: true });
  const meta = await admin.fetchTopicMetadata({ topics: ['x'] });
  await admin.disconnect();
  expect(meta.topics[0]!.partitions).toHaveLength(6);
});
