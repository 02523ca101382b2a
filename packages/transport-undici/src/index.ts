export { createUndiciTransport } from './undici-transport.js';
export type { UndiciTransport } from './undici-transport.js';
export type { TransportRequest, TransportResponse } from './transport-types.js';
export { DEFAULT_UNDICI_TRANSPORT_OPTIONS } from './undici-transport-options.js';
export type { UndiciTransportOptions } from './undici-transport-options.js';
export { TransportError, isTransportError } from './transport-error.js';
export type { TransportErrorCode } from './transport-error.js';
