import { errorReply, jsonReply } from './reply.js';
import type { Reply } from './reply.js';
import { resolveIdentifier } from '../identifiers.js';
import { channelStatusBody } from '../state/channel-state.js';
import type { ChannelState } from '../state/channel-state.js';
import type { HandlerContext, RequestInfo } from './context.js';
import { failOnUncommitted, readJsonObject } from './json-body.js';

/** `<clientSeq>_<rowSeq>`; opaque to clients. */
export const continuationToken = (ch: ChannelState): string => `${ch.clientSeq}_${ch.rowSeq}`;

/** The status object with this emulator's settings. */
export function statusOf(ctx: HandlerContext, ch: ChannelState): Record<string, unknown> {
  return channelStatusBody(ch, {
    rowsErrorsAlias: ctx.options.rowsErrorsAlias,
    avgLatencyMs: ctx.options.commitDelayMs,
  });
}

/** 404 for a pipe that does not exist. */
export const pipeMissing = (): Reply =>
  errorReply(
    404,
    'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED',
    'The pipe does not exist or is not authorized',
  );

/** 404 for a channel that does not exist. */
export const channelMissing = (): Reply =>
  errorReply(
    404,
    'ERR_CHANNEL_DOES_NOT_EXIST_OR_IS_NOT_AUTHORIZED',
    'The channel does not exist or is not authorized',
  );

const uncommitted = (): Reply =>
  errorReply(
    409,
    'ERR_CHANNEL_HAS_UNCOMMITTED_DATA',
    'The channel has uncommitted data; retry later or set fail_on_uncommitted_rows to false',
  );

/** `PUT .../channels/{channel}`: creates or reopens (new client sequencer, pending data discarded). */
export function handleOpen(ctx: HandlerContext, info: RequestInfo): Reply {
  const p = info.path!;
  const parsed = readJsonObject(info, false);
  if (!parsed.ok) return parsed.reply;
  const body = parsed.value;
  const fail = failOnUncommitted(body);
  if (typeof fail !== 'boolean') return fail;
  const offset = body.offset_token;
  if (offset !== undefined && offset !== null && typeof offset !== 'string') {
    return errorReply(400, 'ERR_INVALID_REQUEST_BODY', 'offset_token must be a string');
  }
  if (!ctx.store.ensurePipe(p.database, p.schema, p.pipe)) return pipeMissing();
  const existing = ctx.store.get(p.database, p.schema, p.pipe, p.channel!);
  if (existing && fail && existing.pending.length > 0) return uncommitted();
  const ch = ctx.store.open(p.database, p.schema, p.pipe, p.channel!, offset ?? undefined);
  return jsonReply(200, {
    next_continuation_token: continuationToken(ch),
    channel_status: statusOf(ctx, ch),
  });
}

/** `DELETE .../channels/{channel}`: removes the channel and its offset; 200 `{}`. */
export function handleDrop(ctx: HandlerContext, info: RequestInfo): Reply {
  const p = info.path!;
  const parsed = readJsonObject(info, false);
  if (!parsed.ok) return parsed.reply;
  const body = parsed.value;
  const fail = failOnUncommitted(body);
  if (typeof fail !== 'boolean') return fail;
  if (!ctx.store.pipeExists(p.database, p.schema, p.pipe)) return pipeMissing();
  const ch = ctx.store.get(p.database, p.schema, p.pipe, p.channel!);
  if (!ch) return channelMissing();
  if (fail && ch.pending.length > 0) return uncommitted();
  ctx.store.drop(ch);
  return jsonReply(200, {});
}

/** `POST .../pipes/{pipe}:bulk-channel-status`: statuses keyed by the names as sent; unknown names absent. */
export function handleStatus(ctx: HandlerContext, info: RequestInfo): Reply {
  const p = info.path!;
  const parsed = readJsonObject(info, true);
  if (!parsed.ok) return parsed.reply;
  const body = parsed.value;
  const names = body.channel_names;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    return errorReply(400, 'ERR_INVALID_REQUEST_BODY', 'channel_names must be an array of strings');
  }
  if (!ctx.store.pipeExists(p.database, p.schema, p.pipe)) return pipeMissing();
  const statuses: Record<string, unknown> = {};
  for (const name of names) {
    const ch = ctx.store.get(p.database, p.schema, p.pipe, resolveIdentifier(name));
    if (ch) statuses[name] = statusOf(ctx, ch);
  }
  return jsonReply(200, { channel_statuses: statuses });
}
