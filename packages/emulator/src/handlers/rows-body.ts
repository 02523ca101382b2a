import { errorReply } from './reply.js';
import type { Reply } from './reply.js';
import { decodeBody } from '../ndjson/decode-body.js';
import { scanNdjson } from '../ndjson/scan-ndjson.js';
import type { ScanResult } from '../ndjson/scan-ndjson.js';
import type { HandlerContext, RequestInfo } from './context.js';
import { resolveIdentifier } from '../identifiers.js';
import { scanWithSchema } from '../schema/scan-with-schema.js';
import { tableForPipe } from '../schema/table-schema.js';

const ROW_TYPES = [
  'application/x-ndjson',
  'application/json',
  'application/jsonl',
  'application/x-jsonlines',
  'text/plain',
];

/** Checks the content type, undoes `Content-Encoding` and scans the NDJSON rows of an append body. */
export async function readRows(
  ctx: HandlerContext,
  info: RequestInfo,
): Promise<{ ok: true; scan: ScanResult } | { ok: false; reply: Reply }> {
  const ct = info.req.headers['content-type'];
  // The real service is lenient (clients send application/json for rows); reject only clear mismatches.
  if (ct !== undefined && !ROW_TYPES.includes(ct.split(';')[0]!.trim().toLowerCase())) {
    return {
      ok: false,
      reply: errorReply(
        415,
        'ERR_UNSUPPORTED_CONTENT_TYPE',
        'Content-Type must be application/x-ndjson',
      ),
    };
  }
  const enc = info.req.headers['content-encoding'];
  const decoded = await decodeBody(info.body, enc, ctx.options.maxDecompressedBytes);
  if (!decoded.ok)
    return { ok: false, reply: errorReply(decoded.status, decoded.code, decoded.message) };
  const p = info.path;
  const table =
    p && ctx.options.tables.length > 0
      ? tableForPipe(
          ctx.options.tables,
          resolveIdentifier(p.database),
          resolveIdentifier(p.schema),
          resolveIdentifier(p.pipe),
        )
      : undefined;
  if (table) {
    const options = { keyField: ctx.options.rowKeyField, retain: ctx.options.retainRowsCap > 0 };
    return { ok: true, scan: scanWithSchema(decoded.body, table, options) };
  }
  const scan = scanNdjson(decoded.body, {
    mode: ctx.options.validation,
    keyField: ctx.options.rowKeyField,
    retain: ctx.options.retainRowsCap > 0,
  });
  return { ok: true, scan };
}
