import { classifyNetworkError, describeTarget } from '@snowpipe/transport-contract';
import { readBodyText } from './read-body-text.js';
import { TransportError } from '@snowpipe/transport-contract';
import type { Transport, TransportRequest, TransportResponse } from '@snowpipe/transport-contract';

/** Options for {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /**
   * Largest response body accepted, in bytes; a longer body fails with `BODY_TOO_LARGE` while it
   * is being read (it is never buffered whole).
   * @default 67108864 (64 MiB)
   */
  maxResponseBytes?: number;
  /**
   * The `fetch` to call (e.g. a runtime's own, or one wrapped for tests).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * Per-request deadline in milliseconds covering headers and body; past it the request fails
   * with `TIMEOUT`. `0` disables it (the caller's `signal` still applies).
   * @default 0
   */
  timeoutMs?: number;
}

/** Defaults of {@link FetchTransportOptions}. */
export const DEFAULT_FETCH_TRANSPORT_OPTIONS = Object.freeze({
  maxResponseBytes: 64 * 1024 * 1024,
  timeoutMs: 0,
});

/**
 * Creates the default transport on top of `fetch`, usable in any runtime that has one. Redirects
 * are returned, not followed; header names come back lower-cased; HTTP error statuses resolve.
 * Network failures reject with a `TransportError`; an abort rejects with `signal.reason` itself.
 * `close()` waits for in-flight requests (the connection pool belongs to the runtime's `fetch`).
 *
 * @example
 * ```ts
 * const transport = createFetchTransport({ maxResponseBytes: 8 * 1024 * 1024 });
 * const res = await transport.request({ method: 'GET', url: 'https://example.com/', headers: {} });
 * ```
 */
export function createFetchTransport(options: FetchTransportOptions = {}): Transport & {
  /** Waits for in-flight requests, then refuses new ones (`ABORTED`). */
  close(): Promise<void>;
} {
  const maxResponseBytes = validateCount(
    'maxResponseBytes',
    options.maxResponseBytes ?? DEFAULT_FETCH_TRANSPORT_OPTIONS.maxResponseBytes,
    1,
  );
  const timeoutMs = validateCount(
    'timeoutMs',
    options.timeoutMs ?? DEFAULT_FETCH_TRANSPORT_OPTIONS.timeoutMs,
    0,
  );
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new TypeError('createFetchTransport: options.fetch is required (no global fetch)');
  }
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  async function send(req: TransportRequest): Promise<TransportResponse> {
    // Built only when a request fails (it parses the URL).
    const target = (): string => describeTarget(req.method, req.url);
    if (req.signal?.aborted) throw req.signal.reason;
    if (closed) {
      throw new TransportError(`${target()} failed: transport is closed (ABORTED)`, {
        code: 'ABORTED',
        mayHaveReachedServer: false,
      });
    }
    const timeoutSignal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signal = combineSignals(req.signal, timeoutSignal);
    const fail = (error: unknown, stage: 'send' | 'body'): unknown => {
      if (req.signal?.aborted) return req.signal.reason;
      if (error instanceof TransportError) return error;
      if (timeoutSignal?.aborted) {
        return new TransportError(`${target()} failed: timed out after ${timeoutMs} ms (TIMEOUT)`, {
          code: 'TIMEOUT',
          mayHaveReachedServer: true,
          cause: error,
        });
      }
      const found = classifyNetworkError(error);
      return new TransportError(`${target()} failed: ${found.description} (${found.code})`, {
        code: found.code,
        mayHaveReachedServer: stage === 'body' || found.mayHaveReachedServer,
        cause: error,
      });
    };

    let response: Response;
    try {
      response = await fetchImpl(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        redirect: 'manual',
      });
    } catch (error) {
      throw fail(error, 'send');
    }
    const headers = collectHeaders(response.headers);
    const tooLarge = (): TransportError =>
      new TransportError(
        `${target()} failed: response body over ${maxResponseBytes} bytes (BODY_TOO_LARGE)`,
        { code: 'BODY_TOO_LARGE', mayHaveReachedServer: true },
      );
    const declared = Number(headers['content-length']);
    try {
      if (Number.isFinite(declared) && declared > maxResponseBytes) throw tooLarge();
      const body = await readBodyText(response.body, {
        maxBytes: maxResponseBytes,
        signal,
        tooLarge,
      });
      return { status: response.status, headers, body };
    } catch (error) {
      response.body?.cancel().catch(() => undefined);
      throw fail(error, 'body');
    }
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
    async close(): Promise<void> {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}

function collectHeaders(source: Headers): Record<string, string> {
  const headers: Record<string, string> = {};
  // Headers already lower-cases names; set-cookie arrives once per value, so join repeats here.
  source.forEach((value, name) => {
    const previous = headers[name];
    headers[name] = previous === undefined ? value : `${previous}, ${value}`;
  });
  return headers;
}

function combineSignals(
  a: AbortSignal | undefined,
  b: AbortSignal | undefined,
): AbortSignal | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return AbortSignal.any([a, b]);
}

function validateCount(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `createFetchTransport: options.${name} must be an integer >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}
