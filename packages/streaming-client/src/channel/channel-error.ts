import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { ClientErrorCode } from '../errors/streaming-ingest-error.js';

/** Creates a client-side {@link StreamingIngestError} with optional `details` and `cause`. */
export function channelError(
  code: ClientErrorCode | (string & {}),
  message: string,
  details?: Readonly<Record<string, unknown>>,
  cause?: unknown,
): StreamingIngestError {
  return new StreamingIngestError(message, { code, details, cause });
}
