import { errorReply, jsonReply } from './reply.js';
import type { Reply } from './reply.js';
import { pipeMissing } from './channel-handlers.js';
import type { HandlerContext, RequestInfo } from './context.js';
import { readRows } from './rows-body.js';

const TOKEN_PARAMS = ['offsetToken', 'startOffsetToken', 'endOffsetToken', 'continuationToken'];

/**
 * Elastic appends (`.../tables/{table}/rows` and `.../pipes/{pipe}/channels/ELASTIC/rows`):
 * no tokens allowed; rows are durably acknowledged, so the ledger commits them at once.
 */
export async function handleElastic(ctx: HandlerContext, info: RequestInfo): Promise<Reply> {
  const p = info.path!;
  const bad = TOKEN_PARAMS.find((name) => info.url.searchParams.has(name));
  if (bad)
    return errorReply(
      400,
      'ERR_INVALID_REQUEST_PARAMETER',
      `Elastic channels do not accept ${bad}`,
    );
  if (!ctx.store.ensurePipe(p.database, p.schema, p.pipe)) return pipeMissing();
  const rows = await readRows(ctx, info);
  if (!rows.ok) return rows.reply;
  const { scan } = rows;
  const entry = ctx.ledger.entry(p.database, p.schema, p.pipe, 'ELASTIC');
  const retry = info.url.searchParams.get('retryCount');
  ctx.ledger.elasticRequest(entry, {
    requestId: info.url.searchParams.get('requestId'),
    retryCount: retry !== null && /^\d+$/.test(retry) ? Number(retry) : null,
    rows: scan.rows,
  });
  ctx.ledger.received(entry, scan.rows);
  ctx.ledger.commit(entry, {
    validRows: scan.rows - scan.errors,
    errorRows: scan.errors,
    keys: scan.keys,
    retained: scan.retained,
    offsetToken: null,
  });
  return jsonReply(200, { message: 'OK' });
}
