import { errorReply, jsonReply } from './reply.js';
import type { Reply } from './reply.js';
import { channelMissing, continuationToken } from './channel-handlers.js';
import type { HandlerContext, RequestInfo } from './context.js';
import { readRows } from './rows-body.js';

const stale = (): Reply =>
  errorReply(
    400,
    'STALE_CONTINUATION_TOKEN_SEQUENCER',
    'Channel sequencer in the continuation token is stale. Please reopen the channel',
  );

/** A present, non-empty query parameter. */
const param = (url: URL, name: string): string | undefined => {
  const v = url.searchParams.get(name);
  return v === null || v === '' ? undefined : v;
};

/**
 * `POST .../channels/{channel}/rows`: checks the continuation token, accepts the rows and
 * queues their commit; answers the next continuation token.
 */
export async function handleAppend(ctx: HandlerContext, info: RequestInfo): Promise<Reply> {
  const p = info.path!;
  const ch = ctx.store.get(p.database, p.schema, p.pipe, p.channel!);
  if (!ch) return channelMissing();
  const token = param(info.url, 'continuationToken');
  if (token === undefined) return stale();
  const m = /^(\d+)_(\d+)$/.exec(token);
  if (!m) return stale();
  const clientSeq = Number(m[1]);
  const rowSeq = Number(m[2]);
  if (clientSeq < ch.clientSeq) return stale();
  if (clientSeq > ch.clientSeq) {
    return errorReply(
      409,
      'ERR_CHANNEL_HAS_INVALID_CLIENT_SEQUENCER',
      'The continuation token was not issued for this channel; reopen the channel',
    );
  }
  if (ch.statusCode !== 'SUCCESS')
    return errorReply(409, ch.statusCode, 'The channel is invalid and must be reopened');
  if (rowSeq !== ch.rowSeq) {
    // Replaying an already-used token (or skipping one) breaks the row sequence (reference §10.1).
    ch.statusCode = 'ERR_CHANNEL_MUST_BE_REOPENED_DUE_TO_ROW_SEQ_GAP';
    return errorReply(
      409,
      ch.statusCode,
      'The row sequencer in the continuation token does not match; reopen the channel',
    );
  }
  const rows = await readRows(ctx, info);
  if (!rows.ok) return rows.reply;
  // The body was read before this point, so another request may have changed the channel: a
  // drop (or lost state) makes it missing, a reopen makes the token stale.
  if (ch.dropped) return channelMissing();
  if (ch.clientSeq !== clientSeq) return stale();
  if (ch.rowSeq !== rowSeq)
    return errorReply(
      409,
      'ERR_CHANNEL_MUST_BE_REOPENED_DUE_TO_ROW_SEQ_GAP',
      'Concurrent appends on one channel',
    );
  const { scan } = rows;
  const endOffset = param(info.url, 'endOffsetToken') ?? param(info.url, 'offsetToken') ?? null;
  ch.rowSeq += 1;
  ctx.ledger.received(ch.ledger, scan.rows);
  // A pipe transformation may filter rows: they are neither inserted nor counted as parsed.
  const filtered = ctx.fidelity.filteredRows(ch, scan.rows - scan.errors);
  ctx.store.enqueue(ch, {
    validRows: scan.rows - scan.errors - filtered,
    errorRows: scan.errors,
    firstErrorLine: scan.firstErrorLine,
    ...(scan.errorMessage !== undefined ? { errorMessage: scan.errorMessage } : {}),
    keys: scan.keys,
    retained: scan.retained,
    endOffset,
  });
  return jsonReply(200, {
    status_code: 0,
    message: null,
    next_continuation_token: continuationToken(ch),
  });
}
