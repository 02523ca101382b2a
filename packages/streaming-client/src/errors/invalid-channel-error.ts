import { StreamingIngestError } from './streaming-ingest-error.js';
import type { StreamingIngestErrorInit } from './streaming-ingest-error.js';

/**
 * The channel must be reopened: a stale continuation-token sequencer, a 409 invalidation, or a
 * channel status other than `SUCCESS`/`ACTIVE`. `code` is the service's code.
 */
export class InvalidChannelError extends StreamingIngestError {
  /** Always `'InvalidChannelError'`. */
  override name = 'InvalidChannelError';
  /** The channel that must be reopened. */
  readonly channelName: string;

  constructor(message: string, init: StreamingIngestErrorInit & { channelName: string }) {
    super(message, init);
    this.channelName = init.channelName;
  }
}
