export { describeTransportConformance } from './describe-transport-conformance.js';
export type {
  MakeTransport,
  TransportConformanceOptions,
  TransportUnderTest,
} from './transport-under-test.js';
export { closedPortUrl, startTestServer } from './test-server.js';
export type { TestServer, TestServerStats } from './test-server.js';
