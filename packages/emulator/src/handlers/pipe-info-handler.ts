import { jsonReply } from './reply.js';
import type { Reply } from './reply.js';
import { pipeMissing } from './channel-handlers.js';
import type { HandlerContext, RequestInfo } from './context.js';

/** Far in the future: the SDK refreshes pipe info before a stage location expires. */
const NEVER_EXPIRES_MS = 32_503_680_000_000;

/**
 * A stage location the official SDK accepts. It needs a cloud location type and credentials to
 * start a client, but sends rows through the REST rows endpoint, so none of these is ever used:
 * the values are placeholders, not secrets.
 */
const placeholderStage = (kind: string): Record<string, unknown> => ({
  expiry_time_ms: NEVER_EXPIRES_MS,
  location_type: 'S3',
  use_s3_regional_url: false,
  location: `snowpipe-emulator-no-bucket/${kind}/`,
  region: 'emulator',
  creds: { AWS_KEY_ID: 'EMULATOR', AWS_SECRET_KEY: 'EMULATOR', AWS_TOKEN: 'EMULATOR' },
});

/**
 * `POST .../pipes/{pipe}:pipe-info`: Snowflake's official SDK calls it when a client starts and
 * refuses to start without it (observed here, undocumented; see docs/wire-protocol.md). The
 * field names are the ones that SDK requires; the emulator has no stages behind them.
 */
export function handlePipeInfo(ctx: HandlerContext, info: RequestInfo): Reply {
  const p = info.path!;
  if (!ctx.store.ensurePipe(p.database, p.schema, p.pipe)) return pipeMissing();
  return jsonReply(200, {
    rowset_stage_location: placeholderStage('rowset'),
    durable_stage_location: placeholderStage('durable'),
    encryption_info: { pipe_key: '', pipe_key_id: 'emulator', diversifier: 'emulator' },
    parameter_overrides: {},
  });
}
