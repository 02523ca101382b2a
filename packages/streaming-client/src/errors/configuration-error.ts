import { StreamingIngestError } from './streaming-ingest-error.js';

/**
 * An invalid or missing configuration value, raised before any network call. `field` names the
 * setting (e.g. `url`, `private_key`, `retry.maxAttempts`) and `source` says where the value came
 * from (`property url`, `profile /etc/sf/profile.json key "url"`, `env SNOWFLAKE_URL`, `option dbName`).
 */
export class ConfigurationError extends StreamingIngestError {
  /** Always `'ConfigurationError'`. */
  override name = 'ConfigurationError';
  /** The setting that is wrong, e.g. `url` or `retry.maxAttempts`. */
  readonly field: string;
  /** Where the value came from, e.g. `env SNOWFLAKE_URL` or `option dbName`. */
  readonly source: string;

  constructor(message: string, init: { field: string; source: string; cause?: unknown }) {
    super(message, { code: 'INVALID_CONFIGURATION', cause: init.cause });
    this.field = init.field;
    this.source = init.source;
  }
}
