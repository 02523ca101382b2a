/**
 * The HTTP port the streaming client sends every request through. Any object with a matching
 * `request` method is a transport: the streaming client's built-in `createFetchTransport`, the undici transport
 * from `@snowpipe/transport-undici`, or your own.
 */
export interface Transport {
  /**
   * Sends one request and resolves with the whole response once its body is read.
   * HTTP error statuses resolve normally and redirects are returned, not followed. Network
   * failures (and a body over the transport's cap: `BODY_TOO_LARGE`) reject with a
   * `TransportError` (see {@link isTransportError}). An abort rejects promptly with
   * `signal.reason` itself, not a `TransportError` (the retry layer recognises it through the
   * signal), and releases the connection.
   */
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Releases pooled connections, letting in-flight requests finish first. */
  close?(): Promise<void>;
}

/** One HTTP request as the client hands it to a {@link Transport}. */
export interface TransportRequest {
  /** The HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL, query string included. */
  url: string;
  /** Header names as the client wrote them; values may carry secrets (never log them). */
  headers: Record<string, string>;
  /** Already encoded (and compressed, when `content-encoding` says so). */
  body?: string | Uint8Array;
  /** Aborts the request; the transport then rejects with `signal.reason`. @default undefined */
  signal?: AbortSignal;
}

/** The response a {@link Transport} resolves with. */
export interface TransportResponse {
  /** The HTTP status code. */
  status: number;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body decoded as UTF-8 text. */
  body: string;
  /**
   * The HTTP version the response came over (`'1.1'`, `'2'`), when the transport knows it; the
   * client reports it as `network.protocol.version`.
   */
  httpVersion?: string;
}
