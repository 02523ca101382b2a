export { createUndiciTransport } from './undici-transport.js';
export type { UndiciTransport } from './undici-transport.js';
export type { TransportRequest, TransportResponse } from '@snowpipe/transport-contract';
export { DEFAULT_UNDICI_TRANSPORT_OPTIONS } from './undici-transport-options.js';
export type { UndiciTransportOptions } from './undici-transport-options.js';
export { TransportError, isTransportError } from '@snowpipe/transport-contract';
export type { TransportErrorCode } from '@snowpipe/transport-contract';
