import type { OperationScope } from '../telemetry/telemetry.js';

/**
 * The slice of the client's `ServiceConnection` the channel code uses (declared here so the
 * channel logic is testable with a tiny in-memory fake).
 */
export interface ChannelRequest {
  operation: string;
  plane: 'control' | 'ingest';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: string | Uint8Array;
  contentType?: string;
  contentEncoding?: 'gzip' | 'zstd';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Absolute deadline (epoch ms) of the whole request, the attempt in flight included. */
  deadlineMs?: number;
  scope?: OperationScope;
  retry?: 'default' | 'none' | 'idempotent-only';
}

/** A 2xx response. */
export interface ChannelResponse {
  status: number;
  body: string;
  json<T = unknown>(): T | undefined;
}

/** Sends one request; non-2xx responses and network failures reject with a `StreamingIngestError`. */
export interface ChannelConnection {
  send(req: ChannelRequest): Promise<ChannelResponse>;
}
