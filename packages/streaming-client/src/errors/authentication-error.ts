import { StreamingIngestError } from './streaming-ingest-error.js';
import type { StreamingIngestErrorInit } from './streaming-ingest-error.js';

/**
 * Authentication failed for good: a 401/403 that persisted after a forced token refresh and one
 * retry, or credentials the service rejected outright. `code` is the service's code (e.g.
 * `390144`) or `AUTHENTICATION_FAILED`.
 */
export class AuthenticationError extends StreamingIngestError {
  /** Always `'AuthenticationError'`. */
  override name = 'AuthenticationError';

  constructor(message: string, init: Partial<StreamingIngestErrorInit> = {}) {
    super(message, { ...init, code: init.code ?? 'AUTHENTICATION_FAILED' });
  }
}
