// A real single-node Apache Kafka broker (KRaft: broker and controller in one JVM) on loopback
// for the broker-backed tests. The jars come from `.ci/kafka.sh` (Maven Central, cached), found
// through SNOWPIPE_KAFKA_CLASSPATH_DIR; under CI=true a missing directory fails the run loudly.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

export interface KafkaBroker {
  /** `127.0.0.1:<port>` */
  readonly bootstrap: string;
  /** A KafkaJS client for this broker (quiet logs). */
  kafka(clientId: string): Kafka;
  /** Kills the broker (SIGKILL) and starts it again on the same port and log directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

// src/ or dist/ of packages/test-utils: the repository root is three levels up.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the jars are: the env var, or (outside CI) fetched now with the CI script. */
export function kafkaClasspathDir(): string {
  const dir = process.env['SNOWPIPE_KAFKA_CLASSPATH_DIR'];
  if (dir !== undefined && dir !== '') {
    if (!existsSync(dir)) throw new Error(`SNOWPIPE_KAFKA_CLASSPATH_DIR=${dir} does not exist`);
    return dir;
  }
  if (process.env['CI'] === 'true') {
    throw new Error(
      'SNOWPIPE_KAFKA_CLASSPATH_DIR is not set: .ci/run must run .ci/kafka.sh and export it before the tests',
    );
  }
  return execFileSync('bash', [join(REPO, '.ci/kafka.sh')], {
    encoding: 'utf8',
    timeout: 600_000,
  }).trim();
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => ok(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function properties(dir: string, port: number, controllerPort: number): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(dir, 'logs')}`,
    'num.partitions=1',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'log.segment.bytes=1048576',
    'log.retention.check.interval.ms=600000',
    'auto.create.topics.enable=true',
    '',
  ].join('\n');
}

const JAVA_OPTS = [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
];

/** Resolves once the broker answers a metadata request (KafkaJS retries for up to ~90 s), or rejects when it exits. */
async function waitReady(bootstrap: string, proc: ChildProcess): Promise<void> {
  const probe = new Kafka({
    clientId: 'probe',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 90, initialRetryTime: 250, maxRetryTime: 1000, factor: 0.2 },
  }).admin();
  const exited = new Promise<never>((_, fail) =>
    proc.once('exit', (code) => fail(new Error(`kafka broker exited with ${code} while starting`))),
  );
  // The broker exits later too (stop, restart): that must not become an unhandled rejection.
  exited.catch(() => undefined);
  try {
    await Promise.race([probe.connect().then(() => probe.describeCluster()), exited]);
  } finally {
    await probe.disconnect().catch(() => undefined);
  }
}

/** Formats KRaft storage in a temp directory and starts a broker; resolves once it answers. */
export async function startKafkaBroker(): Promise<KafkaBroker> {
  const libs = kafkaClasspathDir();
  const classpath = `${libs}/*`;
  const dir = mkdtempSync(join(tmpdir(), 'snowpipe-kafka-'));
  const port = await freePort();
  const config = join(dir, 'server.properties');
  writeFileSync(config, properties(dir, port, await freePort()));
  const clusterId = randomBytes(16).toString('base64url');
  execFileSync(
    'java',
    [
      ...JAVA_OPTS,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      config,
    ],
    {
      stdio: 'pipe',
      timeout: 120_000,
    },
  );
  const bootstrap = `127.0.0.1:${port}`;
  const kafka = (clientId: string) =>
    new Kafka({
      clientId,
      brokers: [bootstrap],
      logLevel: logLevel.NOTHING,
      retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 2000 },
    });
  let stderr = '';
  let proc: ChildProcess;
  const launch = async (): Promise<void> => {
    proc = spawn('java', [...JAVA_OPTS, '-cp', classpath, 'kafka.Kafka', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr?.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
    try {
      await waitReady(bootstrap, proc);
    } catch (error) {
      proc.kill('SIGKILL');
      throw new Error(`kafka broker did not start; its stderr ends with:\n${stderr}`, {
        cause: error,
      });
    }
  };
  const kill = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    bootstrap,
    kafka,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
