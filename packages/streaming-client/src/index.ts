// Client and channels
export { createClient } from './client.js';
export type { StreamingIngestClient } from './client-types.js';
export type {
  ClientCloseOptions,
  ClientStats,
  OpenChannelOptions,
  OpenChannelResult,
  RequestOptions,
} from './client-types.js';
export type { UnclosedChannel } from './client-close.js';
export type {
  Channel,
  Row,
  WaitForCommitOptions,
  WaitForFlushOptions,
} from './channel/channel-types.js';
export type { AppendEncodedOptions, EncodedRowsInput } from './channel/encode-ndjson.js';
export type { CloseChannelOptions } from './channel/channel-close.js';
export type { CommitCondition } from './channel/commit-tracker.js';
export { compareOffsetTokens } from './channel/offset-token.js';
export type { OffsetTokenComparator } from './channel/offset-token.js';
export { isZstdAvailable } from './channel/compress-body.js';
export type { CompressionMode } from './channel/compress-body.js';

// Configuration
export { loadConfigFromEnv } from './config/load-config-from-env.js';
export { loadConfigFromConnectionsToml } from './config/load-config-from-connections-toml.js';
export type { ConnectionsTomlOptions } from './config/load-config-from-connections-toml.js';
export { DEFAULT_CLIENT_OPTIONS } from './config/client-options.js';
export type { ClientOptions, RefreshOptions, RequestTimeouts } from './config/client-options.js';
export type { BinaryInputFormat } from './values/binary-input-format.js';
export { silentLogger } from './config/logger.js';
export type { Logger } from './config/logger.js';
export { logLevelFromEnv, parseLogLevel, withLogLevel } from './config/log-level.js';
export type { LogLevel } from './config/log-level.js';
export { consoleLogger, pinoLogger, winstonLogger } from './config/logger-adapters.js';
export type {
  ConsoleLike,
  ConsoleLoggerOptions,
  LoggerAdapterOptions,
  PinoLike,
  PinoLogMethod,
  WinstonLike,
} from './config/logger-adapters.js';

// Status
export type { ChannelStatus } from './status/channel-status.js';
export { isHealthyStatusCode } from './status/healthy-status.js';

// Elastic channel
export type {
  ElasticAppendFailure,
  ElasticAppendResult,
  ElasticChannel,
  ElasticRequestResult,
} from './elastic/elastic-types.js';

// Errors
export { StreamingIngestError, isStreamingIngestError } from './errors/streaming-ingest-error.js';
export type { ClientErrorCode, StreamingIngestErrorInit } from './errors/streaming-ingest-error.js';
export { ConfigurationError } from './errors/configuration-error.js';
export { InvalidChannelError } from './errors/invalid-channel-error.js';
export { AuthenticationError } from './errors/authentication-error.js';

// Transport port
export { createFetchTransport } from './transport/fetch-transport.js';
export type { FetchTransportOptions } from './transport/fetch-transport.js';
export { TransportError, isTransportError } from '@snowpipe/transport-contract';
export type { TransportErrorCode, TransportErrorOptions } from '@snowpipe/transport-contract';
export type { Transport, TransportRequest, TransportResponse } from '@snowpipe/transport-contract';

// Telemetry port
export { noopTelemetry } from './telemetry/telemetry.js';
export type {
  ClientMetrics,
  HttpAttemptInfo,
  HttpAttemptScope,
  OperationName,
  OperationScope,
  Telemetry,
  TelemetryAttributes,
} from './telemetry/telemetry.js';
