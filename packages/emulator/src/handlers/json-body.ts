import { errorReply } from './reply.js';
import type { Reply } from './reply.js';
import { contentTypeIs } from './context.js';
import type { RequestInfo } from './context.js';

/** Parses an optional JSON-object body; an empty body is `{}`. Returns a Reply on bad input. */
export function readJsonObject(
  info: RequestInfo,
  required: boolean,
): { ok: true; value: Record<string, unknown> } | { ok: false; reply: Reply } {
  const fail = (reply: Reply): { ok: false; reply: Reply } => ({ ok: false, reply });
  const text = info.body.toString('utf8').trim();
  if (text === '') {
    return required
      ? fail(errorReply(400, 'ERR_INVALID_REQUEST_BODY', 'A JSON body is required'))
      : { ok: true, value: {} };
  }
  if (!contentTypeIs(info.req, ['application/json'])) {
    return fail(
      errorReply(415, 'ERR_UNSUPPORTED_CONTENT_TYPE', 'Content-Type must be application/json'),
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(errorReply(400, 'ERR_INVALID_REQUEST_BODY', 'Request body is not valid JSON'));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(errorReply(400, 'ERR_INVALID_REQUEST_BODY', 'Request body must be a JSON object'));
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Reads `fail_on_uncommitted_rows` (absent = false). */
export function failOnUncommitted(body: Record<string, unknown>): boolean | Reply {
  const v = body.fail_on_uncommitted_rows;
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean')
    return errorReply(
      400,
      'ERR_INVALID_REQUEST_BODY',
      'fail_on_uncommitted_rows must be a boolean',
    );
  return v;
}
