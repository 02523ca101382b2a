export { createTokenGuard } from './token-guard.js';
export type { EnsureFreshResult, TokenGuard } from './token-guard.js';
export { DEFAULT_REFRESH_RETRY_PLAN, DEFAULT_TOKEN_GUARD } from './guard-options.js';
export type { RefreshRetry, TokenGuardOptions } from './guard-options.js';
export type { RefreshReason, TokenGuardObserver } from './guard-observer.js';
export { createRefreshPolicy, DEFAULT_REFRESH_POLICY } from './refresh-policy.js';
export type {
  RefreshPolicy,
  RefreshPolicyOptions,
  ResolvedRefreshPolicy,
} from './refresh-policy.js';
export { createTokenEnvelope, tokenRemainingMs } from './token-envelope.js';
export type { TokenEnvelope, TokenEnvelopeInit } from './token-envelope.js';
export { envelopeFromJwt } from './envelope-from-jwt.js';
export type { EnvelopeFromJwtOptions } from './envelope-from-jwt.js';
export type { TokenSource, WallClock } from './token-source.js';
export { createKeyPairJwtSource, DEFAULT_KEY_PAIR_JWT_SOURCE } from './key-pair-jwt-source.js';
export type { KeyPairJwtSource, KeyPairJwtSourceOptions } from './key-pair-jwt-source.js';
export { loadPrivateKey } from './load-private-key.js';
export type { PrivateKeyInput } from './load-private-key.js';
export { publicKeyFingerprint } from './public-key-fingerprint.js';
export { normalizeAccountForJwt } from './normalize-account.js';
export { createStaticTokenSource, DEFAULT_STATIC_TOKEN_SOURCE } from './static-token-source.js';
export type { StaticTokenRefreshResult, StaticTokenSourceOptions } from './static-token-source.js';
export { isTokenGuardError, TokenGuardError } from './token-guard-error.js';
export type { KeyErrorCode, TokenGuardErrorCode } from './token-guard-error.js';
export { TokenRefreshError } from './token-refresh-error.js';
export type { TokenRefreshErrorCode } from './token-refresh-error.js';
export { KeyError } from './key-error.js';
