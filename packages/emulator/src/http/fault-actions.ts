import { resolveIdentifier } from '../identifiers.js';
import type { FaultRule } from '../faults/fault-types.js';
import type { HandlerContext } from '../handlers/context.js';
import { errorReply, jwtInvalidReply } from '../handlers/reply.js';
import type { Reply } from '../handlers/reply.js';
import type { ObjectPath } from './router.js';

/** A reply for a response fault, or undefined when the fault is not a canned response. */
export function faultReply(ctx: HandlerContext, rule: FaultRule): Reply | undefined {
  const bare = (status: number): Reply => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: '"ERR_GENERAL_EXCEPTION_RETRY_REQUEST"',
  });
  switch (rule.kind) {
    case 'http429':
      return errorReply(429, 'ERR_TOO_MANY_REQUESTS', 'Too many requests');
    case 'http429RetryAfter':
      return errorReply(429, 'ERR_TOO_MANY_REQUESTS', 'Too many requests', {
        'retry-after': String(rule.retryAfterS ?? 1),
      });
    case 'http500':
      return bare(500);
    case 'http503':
      return bare(503);
    case 'http401':
      ctx.auth.revokeScopedTokens();
      return jwtInvalidReply();
    default:
      return undefined;
  }
}

/** The resolved channels a request concerns: its path channel, or the names a bulk status asks for. */
export function requestChannels(
  endpoint: string,
  path: ObjectPath | undefined,
  body: Buffer,
): string[] {
  if (path?.channel !== undefined) return [path.channel];
  if (endpoint !== 'status') return [];
  try {
    const names = (JSON.parse(body.toString('utf8')) as { channel_names?: unknown }).channel_names;
    return Array.isArray(names)
      ? names.filter((n): n is string => typeof n === 'string').map(resolveIdentifier)
      : [];
  } catch {
    return [];
  }
}

/** Applies channel-state faults (stale sequencer, invalidation) before the request runs. */
export function applyStateFault(
  ctx: HandlerContext,
  rule: FaultRule,
  path: ObjectPath | undefined,
  channels: string[],
): void {
  if (!path) return;
  const targets = rule.channel !== undefined ? [resolveIdentifier(rule.channel)] : channels;
  for (const name of targets) {
    const ch = ctx.store.get(path.database, path.schema, path.pipe, name);
    if (!ch) continue;
    if (rule.kind === 'staleSequencer') ctx.store.bumpSequencer(ch);
    if (rule.kind === 'invalidateChannel') {
      ch.statusCode = 'ERR_CHANNEL_MUST_BE_REOPENED';
      ch.pending = [];
    }
  }
}
