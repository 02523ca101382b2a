import { StreamingIngestError } from './streaming-ingest-error.js';

/**
 * An invalid or missing configuration value, raised before any network call. `field` names the
 * setting (e.g. `url`, `private_key`, `retry.maxAttempts`) and `source` says where the value came
 * from (`property url`, `profile /etc/sf/profile.json key "url"`, `env SNOWFLAKE_URL`, `option dbName`).
 */
export class ConfigurationError extends StreamingIngestError {
  override name = 'ConfigurationError';
  readonly field: string;
  readonly source: string;

  constructor(message: string, init: { field: string; source: string; cause?: unknown }) {
    super(message, { code: 'INVALID_CONFIGURATION', cause: init.cause });
    this.field = init.field;
    this.source = init.source;
  }
}
