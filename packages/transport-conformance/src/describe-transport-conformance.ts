import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import { defineAbortTests } from './suites/abort-tests.js';
import { defineBodyTests } from './suites/body-tests.js';
import { defineFailureTests } from './suites/failure-tests.js';
import { defineLoadTests } from './suites/load-tests.js';
import { defineRequestTests } from './suites/request-tests.js';
import type { SuiteContext } from './suites/suite-context.js';
import { startTestServer } from './test-server.js';
import type { TestServer } from './test-server.js';
import type {
  MakeTransport,
  TransportConformanceOptions,
  TransportUnderTest,
} from './transport-under-test.js';

/**
 * Registers the transport conformance suite (vitest `describe`/`it`) for one transport: methods,
 * bodies, statuses, headers, aborts at each stage, refused/reset/stalled servers, the body cap,
 * concurrency and connection reuse, all against a real local HTTP server.
 *
 * @example
 * ```ts
 * import { describeTransportConformance } from '@snowpipe/transport-conformance';
 * describeTransportConformance('my transport', ({ maxResponseBytes }) => createMyTransport({ maxResponseBytes }));
 * ```
 */
export function describeTransportConformance(
  name: string,
  makeTransport: MakeTransport,
  options: TransportConformanceOptions = {},
): void {
  describe(`${name} transport conformance`, () => {
    let server: TestServer | undefined;
    const open: TransportUnderTest[] = [];
    const ctx: SuiteContext = {
      get server() {
        if (server === undefined) throw new Error('test server not started');
        return server;
      },
      options,
      async transport(maxResponseBytes = 16 * 1024 * 1024) {
        const transport = await makeTransport({ maxResponseBytes });
        open.push(transport);
        return transport;
      },
    };
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterEach(async () => {
      await Promise.all(
        open.splice(0).map(async (t) => {
          await t.close?.();
        }),
      );
    });
    afterAll(async () => {
      await server?.close();
    });

    defineRequestTests(ctx);
    defineBodyTests(ctx);
    defineAbortTests(ctx);
    defineFailureTests(ctx);
    defineLoadTests(ctx);
  });
}
