/** One HTTP request; the same shape as `TransportRequest` in `@snowpipe/streaming-client`. */
export interface TransportRequest {
  /** The HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL, query string included. */
  url: string;
  /** Header values may carry secrets: they never appear in errors. */
  headers: Record<string, string>;
  /** Already encoded (and compressed, when `content-encoding` says so). */
  body?: string | Uint8Array;
  /** Aborts the request (the transport rejects with the signal's reason). @default undefined */
  signal?: AbortSignal;
}

/** The response; the same shape as `TransportResponse` in `@snowpipe/streaming-client`. */
export interface TransportResponse {
  /** The HTTP status code. */
  status: number;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body decoded as UTF-8 text (as received: no content decoding). */
  body: string;
  /** The HTTP version the response came over (`'1.1'`), when known. */
  httpVersion?: string;
}
