import { channelMissing, continuationToken } from '../handlers/channel-handlers.js';
import type { HandlerContext, RequestInfo } from '../handlers/context.js';
import type { FidelityModes } from '../handlers/context.js';

export type { FidelityModes } from '../handlers/context.js';
import { errorReply, jsonReply } from '../handlers/reply.js';
import type { Reply } from '../handlers/reply.js';
import { pipeKey, resolveIdentifier } from '../identifiers.js';
import type { EmulatorClock } from '../options.js';
import type { ChannelState } from '../state/channel-state.js';
import type { FidelityOptions } from './fidelity-options.js';

/** Positions of database, schema and pipe (or table) in control and data paths. */
const CONTROL_NAMES = [3, 5, 7] as const;
const DATA_NAMES = [4, 6, 8] as const;

function unquoted(name: string): string {
  return name.length >= 2 && name.startsWith('"') && name.endsWith('"')
    ? name.slice(1, -1).replaceAll('""', '"')
    : name;
}

/** True when a path name differs from the stored name it resolves to (exact-case mode). */
function caseMismatch(pathname: string): boolean {
  const parts = pathname.split('/').slice(1);
  const at = parts[2] === 'data' ? DATA_NAMES : CONTROL_NAMES;
  return at.some((i) => {
    let raw = parts[i];
    if (raw === undefined) return false;
    if (i === 7 || i === 8) raw = raw.replace(/:bulk-channel-status$/, '');
    const name = decodeURIComponent(raw);
    return unquoted(name) !== resolveIdentifier(name);
  });
}

/** Creates the modes for `options` (each one off unless configured). */
export function createFidelityModes(
  options: FidelityOptions | undefined,
  clock: EmulatorClock,
): FidelityModes {
  const opts = options ?? {};
  const firstOpenMs = new Map<string, number>();
  const openFailures = new Map<string, number>();
  const rowCounts = new WeakMap<ChannelState, number>();
  let statusCodesLeft = opts.appendStatusCode?.count ?? 1;
  let sessions = 0;
  let omitsLeft = opts.statusOmits?.count ?? Number.POSITIVE_INFINITY;
  const omitted = opts.statusOmits ? resolveIdentifier(opts.statusOmits.channel) : undefined;
  const omit = (reply: Reply): Reply => {
    if (omitted === undefined || omitsLeft <= 0 || reply.status !== 200) return reply;
    const body = JSON.parse(String(reply.body)) as { channel_statuses: Record<string, unknown> };
    const names = Object.keys(body.channel_statuses).filter(
      (n) => resolveIdentifier(n) === omitted,
    );
    if (names.length === 0) return reply;
    omitsLeft -= 1;
    for (const n of names) delete body.channel_statuses[n];
    return jsonReply(200, body, reply.headers);
  };
  const openRetry = (info: RequestInfo): Reply | undefined => {
    const retry = opts.openRetry;
    const p = info.path;
    if (!retry || !p) return undefined;
    const key = pipeKey(p.database, p.schema, p.pipe);
    const now = clock.now();
    const first = firstOpenMs.get(key) ?? now;
    firstOpenMs.set(key, first);
    const failed = openFailures.get(key) ?? 0;
    if (failed >= (retry.failures ?? 1) && now - first >= (retry.durationMs ?? 0)) return undefined;
    openFailures.set(key, failed + 1);
    return errorReply(
      retry.status ?? 503,
      'ERR_GENERAL_EXCEPTION_RETRY_REQUEST',
      'Encountered a retryable exception, please retry the request',
    );
  };
  const statusCode = (ctx: HandlerContext, info: RequestInfo): Reply | undefined => {
    const rule = opts.appendStatusCode;
    const p = info.path;
    if (!rule || !p || statusCodesLeft <= 0) return undefined;
    const ch = ctx.store.get(p.database, p.schema, p.pipe, p.channel!);
    if (!ch) return channelMissing();
    statusCodesLeft -= 1;
    return jsonReply(200, {
      status_code: rule.statusCode,
      message: rule.message ?? 'The rowset was rejected',
      next_continuation_token: continuationToken(ch),
    });
  };
  return {
    intercept(ctx, endpoint, info) {
      if (opts.pathCase === 'exact' && info.path && caseMismatch(info.url.pathname)) {
        return errorReply(
          404,
          'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED',
          'The pipe does not exist or is not authorized',
        );
      }
      if (endpoint === 'open') return openRetry(info);
      if (endpoint === 'append') return statusCode(ctx, info);
      return undefined;
    },
    decorate(endpoint, reply) {
      if (endpoint === 'status') return omit(reply);
      if (!opts.appendSessionHeader || endpoint !== 'append' || reply.status !== 200) return reply;
      sessions += 1;
      return {
        ...reply,
        headers: { ...reply.headers, 'x-snowflake-session': `emulator-session-${sessions}` },
      };
    },
    filteredRows(ch, validRows) {
      const every = opts.filterEveryNthRow;
      if (!every || validRows === 0) return 0;
      const before = rowCounts.get(ch) ?? 0;
      const after = before + validRows;
      rowCounts.set(ch, after);
      return Math.floor(after / every) - Math.floor(before / every);
    },
  };
}
