import type { IncomingMessage } from 'node:http';
import type { AuthService } from '../auth/auth-service.js';
import type { KeyRegistry } from '../auth/key-registry.js';
import type { FaultEngine } from '../faults/fault-injector.js';
import type { Reply } from './reply.js';
import type { ObjectPath } from './route-types.js';
import type { LedgerStore } from '../ledger/ledger.js';
import type { EmulatorClock, EmulatorLogger } from '../options.js';
import type { ResolvedOptions } from '../resolve-options.js';
import type { ChannelState } from '../state/channel-state.js';
import type { ChannelStore } from '../state/channel-store.js';

/** Everything handlers share. */
export interface HandlerContext {
  readonly options: ResolvedOptions;
  readonly clock: EmulatorClock;
  readonly auth: AuthService;
  readonly keys: KeyRegistry;
  readonly store: ChannelStore;
  readonly ledger: LedgerStore;
  readonly faults: FaultEngine;
  readonly logger: EmulatorLogger;
  /** Reported real-service behaviours switched on by `fidelity` (each off by default). */
  readonly fidelity: FidelityModes;
  /** What `GET /v2/streaming/hostname` reports. */
  ingestHost(): string;
  /** The emulator's base URL. */
  url(): string;
}

/** One request as handlers see it (body already read and size-checked). */
export interface RequestInfo {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly body: Buffer;
  readonly path: ObjectPath | undefined;
}

/** The token from `Authorization: Bearer <token>` (scheme case-insensitive). */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/** True when the `Content-Type` header names one of `types` (parameters ignored). */
export function contentTypeIs(req: IncomingMessage, types: readonly string[]): boolean {
  const ct = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return types.includes(ct);
}

/** The running fidelity modes: asked by the request pipeline before a handler runs. */
export interface FidelityModes {
  /** A reply that replaces the handler's, or `undefined` to go on. */
  intercept(ctx: HandlerContext, endpoint: string, info: RequestInfo): Reply | undefined;
  /** Headers a mode adds to a handler's reply (`x-snowflake-session` on appends). */
  decorate(endpoint: string, reply: Reply): Reply;
  /** How many of `validRows` rows just appended to `ch` the pipe filters out. */
  filteredRows(ch: ChannelState, validRows: number): number;
}
