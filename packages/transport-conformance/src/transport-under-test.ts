/**
 * The transport contract the suite checks, declared structurally (the same shape as `Transport`
 * in `@snowpipe/streaming-client`) so the suite does not depend on the client.
 */
export interface TransportUnderTest {
  request(req: {
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    url: string;
    headers: Record<string, string>;
    body?: string | Uint8Array;
    signal?: AbortSignal;
  }): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  close?(): Promise<void>;
}

/** Builds a fresh transport for one test; the suite closes it afterwards. */
export type MakeTransport = (options: {
  /** The response body cap the transport must enforce. */
  maxResponseBytes: number;
}) => TransportUnderTest | Promise<TransportUnderTest>;

/** Options for {@link describeTransportConformance}. */
export interface TransportConformanceOptions {
  /**
   * Sockets the transport may open to one origin. When set, the concurrency test asserts the
   * server never sees more connections than this from one transport.
   * @default undefined (not checked)
   */
  maxConnections?: number;
  /**
   * Requests in flight at once in the concurrency test.
   * @default 200
   */
  concurrency?: number;
}
