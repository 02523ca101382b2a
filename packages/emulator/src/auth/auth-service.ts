import { randomBytes, randomUUID } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import type { EmulatorClock, EmulatorLogger } from '../options.js';
import type { KeyRegistry } from './key-registry.js';

/**
 * Outcome of checking a token; `reason` is for logs and tests, never sent to clients. It names
 * claims and key fingerprints (public), never the token.
 */
export type AuthResult =
  { ok: true; subject: string; kind: 'keypair' | 'scoped' } | { ok: false; reason: string };

/**
 * Verifies key-pair JWTs, issues and verifies scoped tokens. Every refusal is logged (`info`)
 * with its reason, so a user whose client gets `401 390144` can see why on the emulator's side.
 */
export interface AuthService {
  verifyKeyPairJwt(token: string): Promise<AuthResult>;
  /** Accepts a scoped token issued by this emulator or a valid key-pair JWT. */
  verifyIngestToken(token: string): Promise<AuthResult>;
  issueScopedToken(subject: string, scope: string): Promise<{ token: string; expiresAtMs: number }>;
  revokeScopedTokens(): void;
}

interface Verified {
  kind: 'keypair' | 'scoped';
  subject: string;
  iatMs: number;
  expMs: number;
  generation: number;
}

const CACHE_LIMIT = 10_000;
const MAX_LIFETIME_MS = 3_600_000;
const SCOPED_ISSUER = 'snowpipe-emulator';

/** Snowflake accepts `iat`/`exp` in seconds or milliseconds; values this large can only be ms. */
const toMs = (v: number): number => (v > 1e11 ? v : v * 1000);

/** Creates the {@link AuthService}. */
export function createAuthService(deps: {
  keys: KeyRegistry;
  clock: EmulatorClock;
  acceptAnyKey: boolean;
  clockSkewS: number;
  scopedTokenTtlS: number;
  logger: EmulatorLogger;
}): AuthService {
  const secret = new Uint8Array(randomBytes(32));
  let generation = 0;
  // Signature checks are cached per token string; time checks run on every request.
  const cache = new Map<string, Verified>();
  const remember = (token: string, v: Verified): Verified => {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(token, v);
    return v;
  };

  const checkKeyPair = async (token: string): Promise<Verified | string> => {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      return 'malformed JWT';
    }
    if (header.alg !== 'RS256') return `unsupported alg ${String(header.alg)}`;
    const { iss, sub, iat, exp } = claims;
    if (typeof iss !== 'string' || typeof sub !== 'string') return 'wrong claims: iss/sub missing';
    const at = iss.indexOf('.SHA256:');
    if (at <= 0) return 'wrong claims: iss is not ACCOUNT.USER.SHA256:<fingerprint>';
    if (iss.slice(0, at).toUpperCase() !== sub.toUpperCase()) {
      return `wrong claims: sub ${JSON.stringify(sub)} does not match iss ${JSON.stringify(iss.slice(0, at))}`;
    }
    if (typeof iat !== 'number' || typeof exp !== 'number') return 'wrong claims: iat/exp missing';
    if (!deps.acceptAnyKey) {
      const fingerprint = iss.slice(at + 1);
      const key = deps.keys.get(fingerprint);
      if (!key) {
        return `unknown key fingerprint ${fingerprint} (for ${sub.toUpperCase()}): register its public key (--public-key <file>, publicKeys, or POST /_emulator/keys)`;
      }
      try {
        await compactVerify(token, key, { algorithms: ['RS256'] });
      } catch {
        return `bad signature: not signed by the private key of registered fingerprint ${fingerprint}`;
      }
    }
    return {
      kind: 'keypair',
      subject: sub.toUpperCase(),
      iatMs: toMs(iat),
      expMs: toMs(exp),
      generation: 0,
    };
  };

  const checkScoped = async (token: string): Promise<Verified | string> => {
    try {
      const { payload } = await compactVerify(token, secret, { algorithms: ['HS256'] });
      const c = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
      if (c.iss !== SCOPED_ISSUER || typeof c.exp !== 'number' || typeof c.iat !== 'number')
        return 'not a scoped token';
      return {
        kind: 'scoped',
        subject: String(c.sub),
        iatMs: c.iat * 1000,
        expMs: c.exp * 1000,
        generation: Number(c.gen),
      };
    } catch {
      return 'bad scoped token signature';
    }
  };

  const timeCheck = (v: Verified): AuthResult => {
    const now = deps.clock.now();
    const skew = deps.clockSkewS * 1000;
    if (v.kind === 'scoped') {
      if (v.generation < generation) return { ok: false, reason: 'scoped token revoked' };
      if (now >= v.expMs) return { ok: false, reason: 'scoped token expired' };
      return { ok: true, subject: v.subject, kind: v.kind };
    }
    if (v.expMs <= v.iatMs || v.expMs - v.iatMs > MAX_LIFETIME_MS)
      return { ok: false, reason: 'wrong claims: exp - iat outside (0, 3600 s]' };
    if (now - skew >= v.expMs) {
      const at = new Date(v.expMs).toISOString();
      return { ok: false, reason: `expired at ${at} (allowed clock skew ${deps.clockSkewS} s)` };
    }
    if (v.iatMs > now + skew) return { ok: false, reason: 'wrong claims: iat in the future' };
    return { ok: true, subject: v.subject, kind: v.kind };
  };

  const verify = async (token: string, allowScoped: boolean): Promise<AuthResult> => {
    let v = cache.get(token);
    if (!v) {
      let alg: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        return { ok: false, reason: 'malformed JWT' };
      }
      const r =
        alg === 'HS256'
          ? allowScoped
            ? await checkScoped(token)
            : 'scoped token not accepted here'
          : await checkKeyPair(token);
      if (typeof r === 'string') return { ok: false, reason: r };
      v = remember(token, r);
    }
    if (v.kind === 'scoped' && !allowScoped)
      return { ok: false, reason: 'scoped token not accepted here' };
    return timeCheck(v);
  };

  const verifyAndLog = async (token: string, allowScoped: boolean): Promise<AuthResult> => {
    const result = await verify(token, allowScoped);
    if (!result.ok) deps.logger.info(`refused a JWT: ${result.reason}`);
    return result;
  };

  return {
    verifyKeyPairJwt: (token) => verifyAndLog(token, false),
    verifyIngestToken: (token) => verifyAndLog(token, true),
    async issueScopedToken(subject, scope) {
      const iat = Math.floor(deps.clock.now() / 1000);
      const exp = iat + deps.scopedTokenTtlS;
      const token = await new SignJWT({
        iss: SCOPED_ISSUER,
        sub: subject,
        scope,
        iat,
        exp,
        gen: generation,
        jti: randomUUID(),
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .sign(secret);
      return { token, expiresAtMs: exp * 1000 };
    },
    revokeScopedTokens() {
      generation += 1;
      for (const [k, v] of cache) if (v.kind === 'scoped') cache.delete(k);
    },
  };
}
