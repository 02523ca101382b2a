import { errorReply, jsonReply, jwtInvalidReply, textReply } from './reply.js';
import type { Reply } from './reply.js';
import { bearerToken, contentTypeIs } from './context.js';
import type { HandlerContext, RequestInfo } from './context.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** `GET /v2/streaming/hostname`: bare host as text (real service), or `{"hostname"}` in json mode. */
export async function handleHostname(ctx: HandlerContext, info: RequestInfo): Promise<Reply> {
  const token = bearerToken(info.req);
  if (!token) return jwtInvalidReply();
  const result = await ctx.auth.verifyKeyPairJwt(token);
  if (!result.ok) return jwtInvalidReply();
  const host = ctx.ingestHost();
  return ctx.options.hostnameMode === 'json'
    ? jsonReply(200, { hostname: host })
    : textReply(200, host);
}

/** The ingest host as clients must normalise it (`_` → `-`, lower-case). */
export function normaliseHost(host: string): string {
  return host.replaceAll('_', '-').toLowerCase();
}

/** `POST /oauth/token`: checks the form and the key-pair JWT, answers a scoped token as text. */
export async function handleToken(ctx: HandlerContext, info: RequestInfo): Promise<Reply> {
  if (!contentTypeIs(info.req, ['application/x-www-form-urlencoded'])) {
    return errorReply(
      400,
      'invalid_request',
      'Content-Type must be application/x-www-form-urlencoded',
    );
  }
  const form = new URLSearchParams(info.body.toString('utf8'));
  const grant = form.get('grant_type');
  if (grant === null) return errorReply(400, 'invalid_request', 'grant_type is required');
  if (grant !== JWT_BEARER)
    return errorReply(400, 'unsupported_grant_type', `grant_type must be ${JWT_BEARER}`);
  const scope = form.get('scope')?.trim();
  if (!scope) return errorReply(400, 'invalid_scope', 'scope is required');
  const token = bearerToken(info.req) ?? form.get('assertion') ?? undefined;
  if (!token) return jwtInvalidReply();
  const result = await ctx.auth.verifyKeyPairJwt(token);
  if (!result.ok) return jwtInvalidReply(); // the auth service logged why
  // OAuth-style scope: the ingest host, optionally followed by `session:role:<ROLE>`.
  const host = scope.split(/\s+/)[0]!;
  if (ctx.options.checkScope && host.toLowerCase() !== normaliseHost(ctx.ingestHost())) {
    return errorReply(
      400,
      'invalid_scope',
      'scope must be the normalised ingest host (replace "_" with "-")',
    );
  }
  const { token: scoped } = await ctx.auth.issueScopedToken(result.subject, scope);
  return textReply(200, scoped);
}
