import type { Dispatcher } from 'undici';
import type { TransportRequest, TransportResponse } from '@snowpipe/transport-contract';

/** Where a failure happened: before the response headers arrived, or while reading the body. */
export type FailureStage = 'send' | 'body';

/**
 * What a {@link ResponseCollector} needs from its transport: made once per transport, so a
 * request allocates no closures.
 */
export interface CollectorHost {
  /** Body bytes accepted before the request is aborted with `tooLarge(req)`. */
  readonly maxBytes: number;
  /** The HTTP version every response of this pool comes over, when it is known (no ALPN). */
  readonly httpVersion: string | undefined;
  tooLarge(req: TransportRequest): Error;
  /** What the caller sees for undici's `error` (or the signal's reason) at `stage`. */
  failure(req: TransportRequest, error: unknown, stage: FailureStage): Error;
  /** The request settled (either way). */
  settled(): void;
}

/**
 * An undici dispatch handler that gathers one whole response in memory: no `Readable` stream, no
 * async resource, no body mixin, which is what `dispatcher.request()` builds per call and what
 * a transport that always wants the whole (small) body does not need. A declared
 * `content-length` over the cap aborts before the body is read; without one, bytes are counted
 * as they arrive. An abort `signal` aborts the request in flight (releasing its socket), or
 * fails it at once while it still waits for a socket.
 */
export class ResponseCollector implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  /** 0 until the (final) response headers arrive: failures before that happened while sending. */
  private status = 0;
  private headers: Record<string, string> = {};
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private settled = false;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly host: CollectorHost,
    private readonly req: TransportRequest,
    private readonly resolve: (response: TransportResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    const { signal } = req;
    if (signal !== undefined) {
      this.onAbort = () => {
        // In flight: abort it (undici then reports the reason). Still queued for a socket: fail
        // now; onRequestStart aborts it when its turn comes.
        if (this.controller !== undefined) this.controller.abort(signal.reason as Error);
        else this.fail(signal.reason, 'send');
      };
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    const { signal } = this.req;
    if (signal?.aborted) controller.abort(signal.reason as Error);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return; // 1xx informational: the real response follows
    this.status = statusCode;
    this.headers = flattenHeaders(headers);
    if (Number(this.headers['content-length']) > this.host.maxBytes) {
      controller.abort(this.host.tooLarge(this.req));
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.received += chunk.byteLength;
    if (this.received > this.host.maxBytes) {
      controller.abort(this.host.tooLarge(this.req));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (!this.settle()) return;
    this.resolve({
      status: this.status,
      headers: this.headers,
      body: decodeUtf8(this.chunks, this.received),
      ...(this.host.httpVersion !== undefined ? { httpVersion: this.host.httpVersion } : {}),
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    this.fail(error, this.status === 0 ? 'send' : 'body');
  }

  private fail(error: unknown, stage: FailureStage): void {
    if (this.settle()) this.reject(this.host.failure(this.req, error, stage));
  }

  /** True the first time: the request is over, stop listening to the signal. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.onAbort !== undefined) this.req.signal?.removeEventListener('abort', this.onAbort);
    this.host.settled();
    return true;
  }
}

/** Names lower-cased; a repeated header's values joined with `, ` (as `fetch` does). */
function flattenHeaders(
  source: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(source)) {
    const value = source[name];
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const joined = Array.isArray(value) ? value.join(', ') : value;
    const previous = headers[key];
    headers[key] = previous === undefined ? joined : `${previous}, ${joined}`;
  }
  return headers;
}

/** The body as UTF-8 text without a leading byte-order mark (as undici's `body.text()`). */
function decodeUtf8(chunks: readonly Buffer[], length: number): string {
  if (chunks.length === 0) return '';
  const whole = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
  const bom = whole.length > 2 && whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf;
  return whole.toString('utf8', bom ? 3 : 0);
}
