import { Buffer } from 'node:buffer';
import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** What the pretend upstream checks: an RS256 signature and an unexpired `exp` (no extra deps). */
export function verifyJwt(
  jwt: string,
  publicKey: KeyObject,
  nowMs: number,
): Record<string, unknown> {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) throw new Error('not a JWT');
  const ok = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    publicKey,
    Buffer.from(signature, 'base64url'),
  );
  if (!ok) throw new Error('bad signature');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) throw new Error('expired');
  return claims;
}
