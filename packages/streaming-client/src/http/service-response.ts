import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { TransportResponse } from '@snowpipe/transport-contract';
import type { ServiceRequest, ServiceResponse } from './service-types.js';

const UNPARSED = Symbol('unparsed');

/**
 * Wraps a 2xx transport response. With `expectJson`, a body that is not valid JSON fails at once
 * with `INVALID_RESPONSE` (not retried: the request may have been applied).
 */
export function createServiceResponse(
  req: ServiceRequest,
  res: TransportResponse,
  requestId: string,
  attempts: number,
): ServiceResponse {
  let parsed: unknown = UNPARSED;
  const parse = (): unknown => {
    if (parsed === UNPARSED) {
      try {
        // An empty or all-whitespace body is no JSON: JSON.parse throws on it, as on any other.
        parsed = res.body.length === 0 ? undefined : (JSON.parse(res.body) as unknown);
      } catch {
        parsed = undefined;
      }
    }
    return parsed;
  };
  if (req.expectJson === true && parse() === undefined) {
    throw new StreamingIngestError(
      `${req.operation} failed: HTTP ${res.status} response is not valid JSON (requestId ${requestId})`,
      { code: 'INVALID_RESPONSE', httpStatus: res.status, requestId },
    );
  }
  return {
    status: res.status,
    headers: res.headers,
    body: res.body,
    requestId,
    attempts,
    json: <T = unknown>() => parse() as T | undefined,
  };
}
