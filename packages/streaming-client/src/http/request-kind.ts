import type { RequestTimeouts } from '../config/client-options.js';

/** Which per-attempt timeout of {@link RequestTimeouts} a request runs under. */
export type RequestKind = keyof RequestTimeouts;

// Operations not named here are control-plane calls (open, drop, discovery, token exchanges).
const KINDS: Readonly<Record<string, RequestKind>> = Object.freeze({
  append_rows: 'append',
  elastic_append: 'append',
  bulk_channel_status: 'status',
});

/** The kind of request an operation name stands for (`control` unless it appends or polls). */
export function requestKind(operation: string): RequestKind {
  return KINDS[operation] ?? 'control';
}
