import { createUndiciTransport } from '@snowpipe/transport-undici';
import { describeTransportConformance } from './describe-transport-conformance.js';

const CONNECTIONS = 4;

describeTransportConformance(
  'undici',
  ({ maxResponseBytes }) => createUndiciTransport({ connections: CONNECTIONS, maxResponseBytes }),
  { maxConnections: CONNECTIONS },
);
