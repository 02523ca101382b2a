import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { classifyNetworkError, describeTarget } from './classify-network-error.js';
import { readLimitedBody } from './read-limited-body.js';
import { splitUrl } from './split-url.js';
import { TransportError } from './transport-error.js';
import { resolveUndiciTransportOptions } from './undici-transport-options.js';
import type { UndiciTransportOptions } from './undici-transport-options.js';

/** One HTTP request; the same shape as `TransportRequest` in `@snowpipe/streaming-client`. */
export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute URL, query string included. */
  url: string;
  /** Header values may carry secrets: they never appear in errors. */
  headers: Record<string, string>;
  /** Already encoded (and compressed, when `content-encoding` says so). */
  body?: string | Uint8Array;
  signal?: AbortSignal;
}

/** The response; the same shape as `TransportResponse` in `@snowpipe/streaming-client`. */
export interface TransportResponse {
  status: number;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** The body decoded as UTF-8 text (as received: no content decoding). */
  body: string;
}

/** A transport over undici's pooled `dispatcher.request()`; satisfies the client's `Transport`. */
export interface UndiciTransport {
  /**
   * Sends one request and resolves once the whole body is read. HTTP error statuses resolve;
   * redirects are returned, not followed. Network failures reject with a {@link TransportError};
   * an abort rejects with `signal.reason` itself.
   */
  request(req: TransportRequest): Promise<TransportResponse>;
  /** Refuses new requests, lets in-flight ones finish, then closes the pool's sockets. */
  close(): Promise<void>;
  /** Same as {@link UndiciTransport.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Creates a transport that keeps one keep-alive pool of `connections` sockets per origin and
 * sends requests with undici's fast `request()` API.
 *
 * @example
 * ```ts
 * import { createClient } from '@snowpipe/streaming-client';
 * import { createUndiciTransport } from '@snowpipe/transport-undici';
 *
 * const client = createClient({ ...config, transport: createUndiciTransport({ connections: 16 }) });
 * ```
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const settings = resolveUndiciTransportOptions(options);
  const owned: Agent | undefined =
    settings.dispatcher === undefined
      ? new Agent({
          connections: settings.connections,
          pipelining: settings.pipelining,
          keepAliveTimeout: settings.keepAliveTimeoutMs,
          headersTimeout: settings.headersTimeoutMs,
          bodyTimeout: settings.bodyTimeoutMs,
          allowH2: settings.allowH2,
        })
      : undefined;
  const dispatcher: Dispatcher = owned ?? (settings.dispatcher as Dispatcher);
  // With an injected dispatcher, only timeouts the caller asked for override its own.
  const perRequest: Pick<Dispatcher.RequestOptions, 'headersTimeout' | 'bodyTimeout'> = {};
  if (owned === undefined && options.headersTimeoutMs !== undefined) {
    perRequest.headersTimeout = settings.headersTimeoutMs;
  }
  if (owned === undefined && options.bodyTimeoutMs !== undefined) {
    perRequest.bodyTimeout = settings.bodyTimeoutMs;
  }
  const { maxResponseBytes } = settings;
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;

  async function send(req: TransportRequest): Promise<TransportResponse> {
    // Built only when a request fails: the hot path parses the URL once.
    const target = (): string => describeTarget(req.method, req.url);
    if (req.signal?.aborted) throw req.signal.reason;
    if (closing !== undefined) {
      throw new TransportError(`${target()} failed: transport is closed (ABORTED)`, {
        code: 'ABORTED',
        mayHaveReachedServer: false,
      });
    }
    const { origin, path } = splitUrl(req.url);
    const fail = (error: unknown, stage: 'send' | 'body'): unknown => {
      if (req.signal?.aborted) return req.signal.reason;
      if (error instanceof TransportError) return error;
      const found = classifyNetworkError(error);
      return new TransportError(`${target()} failed: ${found.description} (${found.code})`, {
        code: found.code,
        mayHaveReachedServer: stage === 'body' || found.mayHaveReachedServer,
        cause: error,
      });
    };
    let response: Dispatcher.ResponseData;
    try {
      response = await dispatcher.request({
        origin,
        path,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
        ...perRequest,
      });
    } catch (error) {
      throw fail(error, 'send');
    }
    // Destroying an unread body emits 'error'; the read below reports failures itself.
    response.body.on('error', () => undefined);
    const headers = flattenHeaders(response.headers);
    const tooLarge = (): TransportError =>
      new TransportError(
        `${target()} failed: response body over ${maxResponseBytes} bytes (BODY_TOO_LARGE)`,
        { code: 'BODY_TOO_LARGE', mayHaveReachedServer: true },
      );
    try {
      const declared = headers['content-length'];
      if (Number(declared) > maxResponseBytes) throw tooLarge();
      // A declared length within the cap is enforced by undici itself (a longer body is a
      // mismatch error), so the cheaper whole-body read is safe; otherwise count as it streams.
      const body =
        declared === undefined
          ? await readLimitedBody(response.body, maxResponseBytes, tooLarge)
          : await response.body.text();
      return { status: response.statusCode, headers, body };
    } catch (error) {
      response.body.destroy();
      throw fail(error, 'body');
    }
  }

  async function close(): Promise<void> {
    closing ??= (async () => {
      await Promise.allSettled([...inFlight]);
      await owned?.close();
    })();
    return closing;
  }

  return {
    request(req: TransportRequest): Promise<TransportResponse> {
      const pending = send(req);
      inFlight.add(pending);
      const forget = (): void => {
        inFlight.delete(pending);
      };
      pending.then(forget, forget);
      return pending;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

function flattenHeaders(source: Dispatcher.ResponseData['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(', ') : value;
    const previous = headers[key];
    headers[key] = previous === undefined ? joined : `${previous}, ${joined}`;
  }
  return headers;
}
