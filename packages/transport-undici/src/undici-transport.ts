import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { classifyNetworkError, describeTarget } from '@snowpipe/transport-contract';
import { ResponseCollector } from './response-collector.js';
import type { CollectorHost } from './response-collector.js';
import { splitUrl } from './split-url.js';
import { TransportError } from '@snowpipe/transport-contract';
import { resolveUndiciTransportOptions } from './undici-transport-options.js';
import type { UndiciTransportOptions } from './undici-transport-options.js';
import type { TransportRequest, TransportResponse } from '@snowpipe/transport-contract';

/** A transport over undici's pooled `dispatcher.dispatch()`; satisfies the client's `Transport`. */
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
 * sends requests through undici's `dispatch()` API with a handler that collects each response
 * body in memory (the service's responses are small JSON), skipping the per-request stream and
 * async resource `request()` builds.
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
  // Requests dispatched and not yet settled; close() waits for them to drain.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  let closing: Promise<void> | undefined;

  // Failure messages name the method and URL (without its query): built only when one fails.
  const host: CollectorHost = {
    maxBytes: maxResponseBytes,
    // Our own agent speaks HTTP/1.1 unless h2 is allowed (then ALPN decides, which undici does
    // not report); an injected dispatcher is configured elsewhere.
    httpVersion: owned !== undefined && !settings.allowH2 ? '1.1' : undefined,
    tooLarge: (req) =>
      new TransportError(
        `${describeTarget(req.method, req.url)} failed: response body over ${maxResponseBytes} bytes (BODY_TOO_LARGE)`,
        { code: 'BODY_TOO_LARGE', mayHaveReachedServer: true },
      ),
    failure(req, error, stage) {
      if (req.signal?.aborted) return req.signal.reason as Error;
      if (error instanceof TransportError) return error;
      const found = classifyNetworkError(error);
      return new TransportError(
        `${describeTarget(req.method, req.url)} failed: ${found.description} (${found.code})`,
        {
          code: found.code,
          mayHaveReachedServer: stage === 'body' || found.mayHaveReachedServer,
          cause: error,
        },
      );
    },
    settled() {
      if (--inFlight === 0) drained?.();
    },
  };

  function send(req: TransportRequest): Promise<TransportResponse> {
    if (req.signal?.aborted) return Promise.reject(req.signal.reason as Error);
    if (closing !== undefined) {
      return Promise.reject(
        new TransportError(
          `${describeTarget(req.method, req.url)} failed: transport is closed (ABORTED)`,
          { code: 'ABORTED', mayHaveReachedServer: false },
        ),
      );
    }
    inFlight++;
    return new Promise<TransportResponse>((resolve, reject) => {
      const collector = new ResponseCollector(host, req, resolve, reject);
      try {
        const { origin, path } = splitUrl(req.url);
        dispatcher.dispatch(
          {
            origin,
            path,
            method: req.method,
            headers: req.headers,
            body: req.body ?? null,
            ...perRequest,
          },
          collector,
        );
      } catch (error) {
        collector.onResponseError(undefined, error as Error);
      }
    });
  }

  async function close(): Promise<void> {
    closing ??= (async () => {
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      await owned?.close();
    })();
    return closing;
  }

  return {
    request: send,
    close,
    [Symbol.asyncDispose]: close,
  };
}
