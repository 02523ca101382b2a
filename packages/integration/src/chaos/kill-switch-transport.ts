import { TransportError } from '@snowpipe/streaming-client';
import type { Transport } from '@snowpipe/streaming-client';

/** A transport that can be cut off, like a process that crashed: nothing is sent after `kill()`. */
export interface KillSwitchTransport extends Transport {
  kill(): void;
}

/**
 * Wraps `inner`; after `kill()` every request is refused (`ECONNREFUSED`, never reached the
 * server). Requests already on the wire finish, as packets already sent would.
 */
export function killSwitchTransport(inner: Transport): KillSwitchTransport {
  let killed = false;
  return {
    async request(req) {
      if (killed) {
        throw new TransportError(
          `${req.method} refused: the client process is gone (ECONNREFUSED)`,
          {
            code: 'ECONNREFUSED',
            mayHaveReachedServer: false,
          },
        );
      }
      return inner.request(req);
    },
    kill() {
      killed = true;
    },
    ...(inner.close ? { close: () => inner.close!() } : {}),
  };
}
