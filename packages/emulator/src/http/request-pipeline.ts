import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAdmin } from '../handlers/admin-handler.js';
import { handleAppend } from '../handlers/append-handler.js';
import { handleHostname, handleToken } from '../handlers/auth-handlers.js';
import { handleDrop, handleOpen, handleStatus } from '../handlers/channel-handlers.js';
import { bearerToken } from '../handlers/context.js';
import type { HandlerContext, RequestInfo } from '../handlers/context.js';
import { handleElastic } from '../handlers/elastic-handler.js';
import { handlePipeInfo } from '../handlers/pipe-info-handler.js';
import { readBody } from './read-body.js';
import { errorReply, jsonReply, jwtInvalidReply } from '../handlers/reply.js';
import type { Reply } from '../handlers/reply.js';
import { applyStateFault, faultReply, requestChannels } from './fault-actions.js';
import { matchRoute } from './router.js';
import { recordExchange } from '../modes/request-recorder.js';
import type { RouteMatch } from './router.js';

const SMALL_BODY_LIMIT = 1024 * 1024;

/** Exchanges recorded per emulator, shared by its control and ingest servers. */
const recorded = new WeakMap<HandlerContext, number>();

function write(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const body = reply.body ?? '';
  res.writeHead(reply.status, {
    ...reply.headers,
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function acceptsJson(accept: string | undefined): boolean {
  return accept !== undefined && accept.toLowerCase().includes('application/json');
}

async function authorise(
  ctx: HandlerContext,
  info: RequestInfo,
  endpoint: string,
): Promise<Reply | undefined> {
  if (endpoint === 'hostname' || endpoint === 'token') return undefined; // those handlers check their own JWT
  const token = bearerToken(info.req);
  if (!token) return jwtInvalidReply();
  const result = await ctx.auth.verifyIngestToken(token);
  return result.ok ? undefined : jwtInvalidReply();
}

async function dispatch(
  ctx: HandlerContext,
  route: Extract<RouteMatch, { kind: 'snowpipe' }>,
  info: RequestInfo,
): Promise<Reply> {
  switch (route.endpoint) {
    case 'hostname':
      return handleHostname(ctx, info);
    case 'token':
      return handleToken(ctx, info);
    case 'open':
      return handleOpen(ctx, info);
    case 'drop':
      return handleDrop(ctx, info);
    case 'status':
      return handleStatus(ctx, info);
    case 'append':
      return handleAppend(ctx, info);
    case 'elastic':
      return handleElastic(ctx, info);
    case 'pipeInfo':
      return handlePipeInfo(ctx, info);
  }
}

/** Which endpoints a server answers: all, or control-plane (hostname, token) / ingest ones only. */
export type ServerRole = 'all' | 'control' | 'ingest';

const CONTROL_ENDPOINTS: ReadonlySet<string> = new Set(['hostname', 'token']);

/** True when a server with `role` serves `endpoint` (admin routes are served everywhere). */
function serves(role: ServerRole, endpoint: string): boolean {
  if (role === 'all') return true;
  return CONTROL_ENDPOINTS.has(endpoint) === (role === 'control');
}

/**
 * Creates the `node:http` request listener; `stopSignal` aborts stalls when the emulator stops.
 * `role` restricts the endpoints for the separate-ingest-server mode.
 */
export function createRequestListener(
  ctx: HandlerContext,
  stopSignal: AbortSignal,
  role: ServerRole = 'all',
): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const matched = matchRoute(req.method ?? 'GET', url.pathname);
    const route: RouteMatch =
      matched.kind === 'snowpipe' && !serves(role, matched.endpoint)
        ? { kind: 'notFound' }
        : matched;
    const isRows =
      route.kind === 'snowpipe' && (route.endpoint === 'append' || route.endpoint === 'elastic');
    const read = await readBody(req, isRows ? ctx.options.maxRequestBytes : SMALL_BODY_LIMIT);
    if (read.kind === 'failed') {
      req.socket.destroy();
      return;
    }
    const send = (reply: Reply): void => {
      if (ctx.options.recorder) {
        const seq = (recorded.get(ctx) ?? 0) + 1;
        recorded.set(ctx, seq);
        const body = read.kind === 'ok' ? read.body : undefined;
        ctx.options.recorder(recordExchange(seq, req, url, body, reply.status, reply.body));
      }
      write(res, reply);
    };
    if (route.kind === 'notFound')
      return send(
        errorReply(404, 'ERR_NOT_FOUND', `No such endpoint: ${req.method} ${url.pathname}`),
      );
    if (route.kind === 'badPath')
      return send(
        errorReply(400, 'ERR_INVALID_PATH', 'The path contains an invalid percent-encoding'),
      );
    if (route.kind === 'methodNotAllowed') {
      return send(
        errorReply(405, 'ERR_METHOD_NOT_ALLOWED', `Method ${req.method} is not allowed here`, {
          allow: route.allow.join(', '),
        }),
      );
    }
    if (read.kind === 'tooLarge') {
      if (route.kind === 'snowpipe') ctx.ledger.countRequest(route.endpoint);
      // Reference §11: 4 MB on the wire is a hard cap; the real status is undocumented, we answer 413.
      return send(
        errorReply(
          413,
          'ERR_REQUEST_TOO_LARGE',
          `Request body of ${read.receivedBytes} bytes exceeds the limit`,
        ),
      );
    }
    const path = route.kind === 'snowpipe' ? route.path : undefined;
    const info: RequestInfo = { req, url, body: read.body, path };
    if (route.kind === 'admin') return send(handleAdmin(ctx, route.route, info));
    ctx.ledger.countRequest(route.endpoint);
    if (ctx.options.requireAccept && !acceptsJson(req.headers.accept)) {
      return send(
        errorReply(
          406,
          '391902',
          `Unsupported Accept header ${req.headers.accept ? req.headers.accept : 'null'} is specified`,
        ),
      );
    }
    const rulesActive = ctx.faults.hasRules();
    const channels = rulesActive ? requestChannels(route.endpoint, path, read.body) : [];
    const fault = rulesActive ? ctx.faults.match(route.endpoint, channels) : undefined;
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'stall') {
      const forever = !fault.stallMs;
      try {
        if (forever)
          await new Promise<void>((_, reject) =>
            stopSignal.addEventListener('abort', () => reject(new Error('stopped')), {
              once: true,
            }),
          );
        else await ctx.clock.sleep(fault.stallMs!, stopSignal);
      } catch {
        req.socket.destroy();
        return;
      }
    }
    if (fault) {
      const canned = faultReply(ctx, fault);
      if (canned) return send(canned);
      applyStateFault(ctx, fault, path, channels);
    }
    const denied = await authorise(ctx, info, route.endpoint);
    if (denied) return send(denied);
    const reply =
      ctx.fidelity.intercept(ctx, route.endpoint, info) ?? (await dispatch(ctx, route, info));
    if (fault?.kind === 'resetAfterApply') {
      req.socket.destroy();
      return;
    }
    send(ctx.fidelity.decorate(route.endpoint, reply));
  };
  return (req, res) => {
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    handle(req, res).catch((error: unknown) => {
      ctx.logger.warn(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      write(res, jsonReply(500, { code: 'ERR_INTERNAL', message: 'Internal emulator error' }));
    });
  };
}
