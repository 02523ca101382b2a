import type { RecordedExchange } from '@snowpipe/emulator';

/** Which Snowpipe call an exchange was. */
export type CallKind =
  'hostname' | 'token' | 'pipeInfo' | 'open' | 'append' | 'status' | 'drop' | 'telemetry' | 'other';

/** Classifies a recorded request by method and path. */
export function callKind(x: Pick<RecordedExchange, 'method' | 'path'>): CallKind {
  const p = x.path;
  if (p === '/v2/streaming/hostname') return 'hostname';
  if (p === '/oauth/token') return 'token';
  if (p.startsWith('/telemetry/')) return 'telemetry';
  if (p.endsWith(':pipe-info')) return 'pipeInfo';
  if (p.endsWith(':bulk-channel-status')) return 'status';
  if (p.startsWith('/v2/streaming/data/') && p.endsWith('/rows')) return 'append';
  if (p.includes('/channels/')) return x.method === 'DELETE' ? 'drop' : 'open';
  return 'other';
}

/** Everything about one call that two clients should agree on, minus per-request values. */
export interface CallShape {
  kind: CallKind;
  method: string;
  path: string;
  /** Query parameter names in the order sent. */
  queryKeys: string[];
  /** `x-snowflake-*` headers and the few standard ones that matter, values kept. */
  headers: Record<string, string>;
  /** JSON bodies parsed; form bodies as sorted key=value; rows as a line count. */
  body: unknown;
  status: number;
  /** The key-pair JWT sent, if any: role claim, `iat` unit and lifetime. */
  jwt: JwtShape | undefined;
}

/** What matters of a key-pair JWT's claims when comparing clients. */
export interface JwtShape {
  scp: unknown;
  /** `ms` when `iat` is an epoch in milliseconds, `s` for seconds. */
  iatUnit: 'ms' | 's';
  lifetimeS: number;
}

function jwtShape(claims: Readonly<Record<string, unknown>> | undefined): JwtShape | undefined {
  if (!claims || typeof claims.iat !== 'number' || typeof claims.exp !== 'number') return undefined;
  const ms = claims.iat > 1e11;
  return {
    scp: claims.scp,
    iatUnit: ms ? 'ms' : 's',
    lifetimeS: (claims.exp - claims.iat) / (ms ? 1000 : 1),
  };
}

const KEPT_HEADERS = ['accept', 'content-type', 'content-encoding'];

function bodyShape(x: RecordedExchange, kind: CallKind): unknown {
  if (x.body === '') return null;
  if (kind === 'append') return { rows: x.body.split('\n').filter((l) => l.trim() !== '').length };
  if (kind === 'token') return Object.fromEntries(new URLSearchParams(x.body));
  try {
    return JSON.parse(x.body) as unknown;
  } catch {
    return x.body;
  }
}

/** Reduces a recorded exchange to its {@link CallShape}. */
export function callShape(x: RecordedExchange): CallShape {
  const kind = callKind(x);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(x.headers)) {
    if (KEPT_HEADERS.includes(name) || name.startsWith('x-snowflake-')) headers[name] = value;
  }
  return {
    kind,
    method: x.method,
    path: x.path,
    queryKeys: x.query.map(([k]) => k),
    headers,
    body: bodyShape(x, kind),
    status: x.status,
    jwt: jwtShape(x.jwtClaims),
  };
}

/** The first call of `kind`, or a thrown error naming what is missing. */
export function first(calls: CallShape[], kind: CallKind): CallShape {
  const found = calls.find((c) => c.kind === kind);
  if (!found)
    throw new Error(`no ${kind} call was recorded: ${calls.map((c) => c.kind).join(', ')}`);
  return found;
}

/** Call kinds in order with runs of the same kind collapsed (polls vary in number). */
export function callOrder(calls: CallShape[], ignore: CallKind[] = []): CallKind[] {
  const order: CallKind[] = [];
  for (const c of calls) {
    if (ignore.includes(c.kind)) continue;
    if (order[order.length - 1] !== c.kind) order.push(c.kind);
  }
  return order;
}
