export type { Transport, TransportRequest, TransportResponse } from './transport.js';
export { TransportError, isTransportError } from './transport-error.js';
export type { TransportErrorCode, TransportErrorOptions } from './transport-error.js';
export { classifyNetworkError, describeTarget } from './classify-network-error.js';
export type { NetworkErrorClass } from './classify-network-error.js';
