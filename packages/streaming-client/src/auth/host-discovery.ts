import type { InternalSend } from '../http/internal-request.js';
import { HOSTNAME_PATH } from '../http/paths.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import { parseIngestHost } from './ingest-host.js';

/** A cached, coalesced `GET /v2/streaming/hostname`. */
export interface HostDiscovery {
  /** The normalised ingest host; one request shared by concurrent callers, retried after failure. */
  host(signal?: AbortSignal): Promise<string>;
  /** The host once known. */
  known(): string | undefined;
}

/** Creates a {@link HostDiscovery} that asks the control plane once. */
export function createHostDiscovery(send: InternalSend, telemetry: Telemetry): HostDiscovery {
  let value: string | undefined;
  let inFlight: Promise<string> | undefined;
  const discover = async (signal?: AbortSignal): Promise<string> => {
    const scope = telemetry.startOperation('snowpipe.discover_host', {});
    try {
      const res = await scope.run(() =>
        send({
          operation: 'discover_host',
          plane: 'control',
          method: 'GET',
          path: HOSTNAME_PATH,
          scope,
          ...(signal ? { signal } : {}),
        }),
      );
      const host = parseIngestHost(res.body);
      scope.setAttributes({ 'snowpipe.ingest_host': host });
      scope.end();
      return host;
    } catch (error) {
      scope.end(error);
      throw error;
    }
  };
  return {
    host(signal?: AbortSignal): Promise<string> {
      if (value !== undefined) return Promise.resolve(value);
      inFlight ??= discover(signal).then(
        (host) => {
          value = host;
          inFlight = undefined;
          return host;
        },
        (error: unknown) => {
          inFlight = undefined;
          throw error;
        },
      );
      return inFlight;
    },
    known: () => value,
  };
}
