import type { TestServer } from '../test-server.js';
import type { TransportConformanceOptions, TransportUnderTest } from '../transport-under-test.js';

/** What each group of conformance tests gets from the suite. */
export interface SuiteContext {
  readonly server: TestServer;
  readonly options: TransportConformanceOptions;
  /** A fresh transport, closed after the test. */
  transport(maxResponseBytes?: number): Promise<TransportUnderTest>;
}

/** The thrown value of a rejected promise (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to reject, but it resolved');
}
