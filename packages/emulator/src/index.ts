export { startEmulator, UNDERSCORE_INGEST_HOST } from './emulator.js';
export type { Emulator } from './emulator.js';
export type { CredentialsOptions, EmulatorCredentials } from './credentials.js';
export { DEFAULT_EMULATOR_OPTIONS } from './options.js';
export type {
  EmulatorOptions,
  EmulatorClock,
  EmulatorLogger,
  HostnameMode,
  IngestServerMode,
  ValidationMode,
  PipeDefinition,
} from './options.js';
export type { Ledger, ChannelLedger, LedgerTotals, ElasticRequestRecord } from './ledger/ledger.js';
export type {
  Endpoint,
  FaultKind,
  FaultRule,
  FaultInjector,
  FiredFault,
} from './faults/fault-types.js';
export type { RecordedExchange, RequestRecorder } from './modes/request-recorder.js';
export type {
  AppendStatusCodeOptions,
  FidelityOptions,
  OpenRetryOptions,
  StatusOmitOptions,
} from './modes/fidelity-options.js';
export type { EmulatorTlsOptions } from './modes/tls-options.js';
export type { ColumnDefinition, TableDefinition } from './schema/table-schema.js';
export { loadSchemaFile } from './schema/load-schema-file.js';
export type { BinaryFormat } from './schema/convert-column.js';
export { EmulatorError } from './errors.js';
export type { EmulatorErrorCode } from './errors.js';
export { publicKeyFingerprint } from './auth/key-registry.js';
export { systemClock } from './clock/system-clock.js';
