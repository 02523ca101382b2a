// `node bench/dist/kafka/main.js`: the @snowpipe/kafka sink against KafkaJS consume-only, on a
// real broker (Apache Kafka's jars: SNOWPIPE_KAFKA_CLASSPATH_DIR, or fetched with .ci/kafka.sh).
//   RECORDS=300000 ROUNDS=3 node bench/dist/kafka/main.js
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKafkaBroker } from '@snowpipe/test-utils/kafka-broker';
import { machineInfo } from '../lib/machine.js';
import { formatResults } from '../lib/result.js';
import { benchKafkaSink } from './sink-throughput.js';

const broker = await startKafkaBroker();
try {
  const results = await benchKafkaSink(broker, {
    records: Number(process.env.RECORDS ?? 300_000),
    rounds: Number(process.env.ROUNDS ?? 3),
  });
  console.log(formatResults(results));
  const out = join(dirname(fileURLToPath(import.meta.url)), '../../results/kafka.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ machine: machineInfo(), results }, null, 2)}\n`);
} finally {
  await broker.stop();
}
