import { createFetchTransport } from '@snowpipe/streaming-client';
import { describeTransportConformance } from './describe-transport-conformance.js';

describeTransportConformance('fetch (global fetch)', ({ maxResponseBytes }) =>
  createFetchTransport({ maxResponseBytes }),
);
