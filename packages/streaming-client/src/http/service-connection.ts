import { randomUUID } from 'node:crypto';
import {
  createRetryCoordinator,
  isAttemptTimeoutError,
  systemClock,
  systemRandom,
} from '@snowpipe/retry';
import type { RetryObserver } from '@snowpipe/retry';
import type { TokenEnvelope, TokenGuard, TokenGuardObserver } from '@snowpipe/token-guard';
import { silentLogger } from '../config/logger.js';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { tokenFailure } from '../auth/token-failure.js';
import { noopTelemetry } from '../telemetry/telemetry.js';
import type { HttpAttemptScope } from '../telemetry/telemetry.js';
import { createFetchTransport } from '../transport/fetch-transport.js';
import { isTransportError } from '@snowpipe/transport-contract';
import type { TransportResponse } from '@snowpipe/transport-contract';
import { createHostDiscovery } from '../auth/host-discovery.js';
import { ingestBaseUrl } from '../auth/ingest-host.js';
import { createPlaneCredentials } from '../auth/plane-credentials.js';
import type { PlaneCredential } from '../auth/plane-credentials.js';
import { buildUrl } from './build-url.js';
import { createServiceClassifier } from './classify-service-error.js';
import { createConnectionLifetime, waitAtMost } from './connection-lifetime.js';
import type { InternalRequest } from './internal-request.js';
import { requestHeaders } from './request-headers.js';
import { requestKind } from './request-kind.js';
import { responseError } from './response-error.js';
import { createServiceResponse } from './service-response.js';
import { toClientError } from './to-client-error.js';
import type { ServiceConnection, ServiceConnectionDeps, ServiceResponse } from './service-types.js';
import { buildUserAgent } from './user-agent.js';

/** One classifier per retry mode, built once (they are pure functions of the mode). */
const CLASSIFIERS = {
  default: createServiceClassifier('default'),
  none: createServiceClassifier('none'),
  'idempotent-only': createServiceClassifier('idempotent-only'),
} as const;

/**
 * Creates the client's one request path: every call (control and ingest plane) gets a fresh
 * token of the right kind, the standard headers and a `requestId`, goes through the shared retry
 * coordinator (honouring `Retry-After`), and on 401/403 forces one refresh of the token it used
 * and retries once. Non-2xx responses become `StreamingIngestError`s with the service's code.
 * @example
 * const connection = createServiceConnection({ config: await resolveClientConfig(options) });
 * await connection.connect();
 * const res = await connection.send({ operation: 'bulk_status', plane: 'ingest', method: 'POST', path, body });
 */
export function createServiceConnection(deps: ServiceConnectionDeps): ServiceConnection {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const telemetry = deps.telemetry ?? noopTelemetry;
  const traced = telemetry !== noopTelemetry;
  const logger = deps.logger ?? silentLogger;
  const ownsTransport = deps.transport === undefined;
  const transport = deps.transport ?? createFetchTransport();
  const stats = { requests: 0, retries: 0, tokenRefreshes: 0 };
  const statsRetry: RetryObserver = { onRetry: () => void stats.retries++ };
  const statsToken: TokenGuardObserver = { onRefreshSuccess: () => void stats.tokenRefreshes++ };
  const coordinator = createRetryCoordinator({
    plan: config.retry,
    clock,
    random: deps.random ?? systemRandom,
    observer: [
      statsRetry,
      ...(telemetry.retryObserver ? [telemetry.retryObserver as RetryObserver] : []),
    ],
  });
  const userAgent = buildUserAgent(config.application);
  const discovery = createHostDiscovery((req) => send(req), telemetry);
  const credentials = createPlaneCredentials({
    config,
    send: (req) => send(req),
    discovery,
    clock,
    telemetry,
    observers: [
      statsToken,
      ...(telemetry.tokenObserver ? [telemetry.tokenObserver as TokenGuardObserver] : []),
    ],
  });
  let closed = false;
  const lifetime = createConnectionLifetime();
  const timeouts = config.requestTimeoutMs;

  // Where a base URL points (for the HTTP span), parsed once per base: the control URL now, the
  // ingest base once per discovered host, not on every request.
  const control: Target = targetOf(config.controlUrl);
  const fixedIngest = config.ingestUrl === undefined ? undefined : targetOf(config.ingestUrl);
  let discovered: { host: string; target: Target } | undefined;
  /** The ingest target without waiting, once the host is known (the hot path). */
  function knownIngestTarget(): Target | undefined {
    if (fixedIngest !== undefined) return fixedIngest;
    const host = discovery.known();
    if (host === undefined) return undefined;
    if (discovered?.host !== host) {
      discovered = { host, target: targetOf(ingestBaseUrl(config.controlUrl, host)) };
    }
    return discovered.target;
  }
  /** The ingest target once the host is discovered (the first ingest request waits for it). */
  async function discoverIngestTarget(signal?: AbortSignal): Promise<Target> {
    await discovery.host(signal);
    return knownIngestTarget() as Target;
  }

  async function token(guard: TokenGuard, signal?: AbortSignal): Promise<TokenEnvelope> {
    try {
      return (await guard.ensureFresh(signal)).token;
    } catch (error) {
      throw tokenFailure(error, signal);
    }
  }

  async function refresh(
    guard: TokenGuard,
    stale: TokenEnvelope,
    signal?: AbortSignal,
  ): Promise<void> {
    try {
      await guard.forceRefresh('http 401', signal, stale);
    } catch (error) {
      throw tokenFailure(error, signal);
    }
  }

  async function attempt(
    req: InternalRequest,
    requestId: string,
    counter: { n: number },
    signal?: AbortSignal,
  ): Promise<ServiceResponse> {
    const mode = req.auth ?? 'plane';
    const cred: PlaneCredential | undefined =
      mode === 'none'
        ? undefined
        : req.plane === 'control'
          ? credentials.control
          : credentials.ingest;
    for (let authRetry = 0; ; authRetry++) {
      // A fresh token is taken synchronously (no promise per request); otherwise wait for it.
      const used = cred
        ? (cred.guard.freshToken() ?? (await token(cred.guard, signal)))
        : undefined;
      counter.n++;
      const query = typeof req.query === 'function' ? req.query(counter.n) : req.query;
      // An absolute URL is a third party's (OAuth IdP): sent as given, without our requestId.
      const target =
        req.absoluteUrl !== undefined
          ? undefined
          : req.plane === 'control'
            ? control
            : (knownIngestTarget() ?? (await discoverIngestTarget(signal)));
      // With the no-op telemetry nothing reads spans: no span URL or attempt is made at all.
      const scope = traced ? req.scope : undefined;
      const { url, telemetryUrl } =
        target === undefined
          ? {
              url: req.absoluteUrl as string,
              telemetryUrl: scope ? (req.absoluteUrl as string).replace(/[?#].*$/, '') : undefined,
            }
          : buildUrl(target.base, req.path, requestId, query, scope !== undefined);
      const headers = requestHeaders(req, {
        userAgent,
        bearer: used?.value,
        tokenType: cred !== undefined && mode === 'plane' ? cred.tokenType : undefined,
      });
      let span: HttpAttemptScope | undefined;
      if (scope) {
        const server = target ?? targetOf(url);
        span = scope.httpAttempt({
          method: req.method,
          url: telemetryUrl as string,
          serverAddress: server.address,
          serverPort: server.port,
          resendCount: counter.n - 1,
        });
      }
      stats.requests++;
      let res: TransportResponse;
      try {
        res = await transport.request({
          method: req.method,
          url,
          headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        span?.end({
          errorType: isTransportError(error)
            ? error.code
            : isAttemptTimeoutError(signal?.reason)
              ? 'TIMEOUT'
              : signal?.aborted
                ? 'ABORTED'
                : 'error',
        });
        throw error;
      }
      span?.end(
        res.httpVersion === undefined
          ? { status: res.status }
          : { status: res.status, protocolVersion: res.httpVersion },
      );
      if (res.status >= 200 && res.status < 300) {
        return createServiceResponse(req, res, requestId, counter.n);
      }
      if (
        (res.status === 401 || res.status === 403) &&
        cred !== undefined &&
        used !== undefined &&
        authRetry === 0
      ) {
        logger.debug?.(
          `${req.operation}: HTTP ${res.status}, refreshing the ${cred.tokenType} token and retrying once`,
          { requestId },
        );
        stats.retries++;
        await refresh(cred.guard, used, signal);
        continue;
      }
      throw responseError(req.operation, res, requestId, clock.now());
    }
  }

  async function send(req: InternalRequest): Promise<ServiceResponse> {
    if (closed)
      throw new StreamingIngestError(`${req.operation} failed: the client is closed`, {
        code: 'CLIENT_CLOSED',
      });
    const abandoned = lifetime.reason();
    if (abandoned !== undefined) throw abandoned;
    const requestId = req.requestId ?? randomUUID();
    const counter = { n: 0 };
    try {
      return await coordinator.execute(
        req.operation,
        (ctx) => attempt(req, requestId, counter, ctx.signal),
        {
          classify: CLASSIFIERS[req.retry ?? 'default'],
          // Every attempt is bounded (a request that is never answered is abandoned and
          // retried), and the client's close can abandon whatever is still in flight.
          attemptTimeoutMs: req.attemptTimeoutMs ?? timeouts[requestKind(req.operation)],
          signal: lifetime.signalFor(req.signal),
          ...(req.deadlineMs !== undefined ? { deadlineMs: req.deadlineMs } : {}),
        },
      );
    } catch (error) {
      if (req.signal?.aborted && error === req.signal.reason) throw error;
      if (error !== undefined && error === lifetime.reason()) throw error;
      throw toClientError(error, req.operation, requestId);
    }
  }

  return {
    send,
    async connect(signal?: AbortSignal): Promise<void> {
      await token(credentials.ingest.guard, signal);
      if (!credentials.exchanges && config.ingestUrl === undefined) await discovery.host(signal);
    },
    abort: (reason) => lifetime.abort(reason),
    async close(waitMs?: number): Promise<void> {
      if (closed) return;
      closed = true;
      credentials.dispose();
      if (!ownsTransport || transport.close === undefined) return;
      const drained = transport.close();
      if (waitMs === undefined) await drained;
      else await waitAtMost(clock, drained, waitMs);
    },
    stats,
    ingestBaseUrl: () => knownIngestTarget()?.base,
  };
}

/** A base URL with the host and port an HTTP span reports for it. */
interface Target {
  readonly base: string;
  readonly address: string;
  readonly port: number;
}

function targetOf(base: string): Target {
  const u = new URL(base);
  return {
    base,
    address: u.hostname,
    port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
  };
}
