// Type-level proof (checked by `tsc`, never run) that the undici transport satisfies the
// streaming client's Transport contract structurally. `import type` only: nothing is loaded.
import type {
  Transport,
  TransportErrorCode as ClientErrorCode,
  TransportRequest,
  TransportResponse,
} from '@snowpipe/streaming-client';
import type {
  createUndiciTransport,
  TransportErrorCode as UndiciErrorCode,
  TransportRequest as UndiciRequest,
  TransportResponse as UndiciResponse,
  UndiciTransport,
} from '@snowpipe/transport-undici';
import type { TransportUnderTest } from './transport-under-test.js';

type Assert<T extends true> = T;
type Equals<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export type _UndiciIsATransport = Assert<UndiciTransport extends Transport ? true : false>;
export type _FactoryReturnsATransport = Assert<
  ReturnType<typeof createUndiciTransport> extends Transport ? true : false
>;
export type _SameRequest = Assert<Equals<UndiciRequest, TransportRequest>>;
export type _SameResponse = Assert<Equals<UndiciResponse, TransportResponse>>;
export type _SameErrorCodes = Assert<Equals<UndiciErrorCode, ClientErrorCode>>;

// The conformance suite accepts exactly what the client accepts.
export type _SuiteAcceptsTransport = Assert<Transport extends TransportUnderTest ? true : false>;
export type _TransportAcceptsSuite = Assert<TransportUnderTest extends Transport ? true : false>;

// A transport without response headers is not one: the check above can fail.
type Headless = { request(req: TransportRequest): Promise<{ status: number; body: string }> };
// @ts-expect-error Headless lacks `headers` in its response
export type _HeadlessIsNotATransport = Assert<Headless extends Transport ? true : false>;
