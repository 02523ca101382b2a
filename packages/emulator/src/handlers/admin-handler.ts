import { EmulatorError } from '../errors.js';
import { errorReply, jsonReply } from './reply.js';
import type { Reply } from './reply.js';
import type { AdminRoute } from './route-types.js';
import type { HandlerContext, RequestInfo } from './context.js';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `/_emulator/*`: ledger, faults, keys, health, reset. Unauthenticated: the emulator is a local tool. */
export function handleAdmin(ctx: HandlerContext, route: AdminRoute, info: RequestInfo): Reply {
  const method = info.req.method;
  switch (route) {
    case 'ledger':
      return jsonReply(200, {
        channels: ctx.ledger.ledger.channels(),
        totals: ctx.ledger.ledger.totals(),
      });
    case 'health': {
      // `?gc=1` collects garbage first when Node runs with --expose-gc (benchmarks measure heap growth).
      const gc = (globalThis as { gc?: () => void }).gc;
      if (info.url.searchParams.get('gc') === '1' && typeof gc === 'function') gc();
      const mem = process.memoryUsage();
      return jsonReply(200, {
        status: 'ok',
        url: ctx.url(),
        ingestHost: ctx.ingestHost(),
        channels: ctx.store.all().length,
        rssBytes: mem.rss,
        heapUsedBytes: mem.heapUsed,
      });
    }
    case 'reset':
      ctx.ledger.ledger.reset();
      return jsonReply(200, {});
    case 'keys': {
      try {
        const fingerprint = ctx.keys.register(info.body.toString('utf8'));
        return jsonReply(201, { fingerprint });
      } catch (error) {
        return errorReply(
          400,
          'INVALID_KEY',
          error instanceof EmulatorError ? error.message : 'Invalid public key',
        );
      }
    }
    case 'faults': {
      if (method === 'GET')
        return jsonReply(200, { rules: ctx.faults.rules(), fired: ctx.faults.fired() });
      if (method === 'DELETE') {
        const id = info.url.searchParams.get('id') ?? undefined;
        ctx.faults.clear(id);
        return jsonReply(200, {});
      }
      const body = parseJson(info.body.toString('utf8'));
      if (
        typeof body === 'object' &&
        body !== null &&
        (body as { action?: unknown }).action === 'revokeScopedTokens'
      ) {
        ctx.faults.revokeScopedTokens();
        return jsonReply(200, {});
      }
      try {
        return jsonReply(201, { id: ctx.faults.inject(body as never) });
      } catch (error) {
        return errorReply(
          400,
          'INVALID_FAULT_RULE',
          error instanceof EmulatorError ? error.message : 'Invalid fault rule',
        );
      }
    }
  }
}
