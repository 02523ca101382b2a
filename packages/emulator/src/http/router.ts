import { resolveIdentifier } from '../identifiers.js';
import type { Endpoint } from '../faults/fault-types.js';
import type { AdminRoute, ObjectPath } from '../handlers/route-types.js';

export type { AdminRoute, ObjectPath } from '../handlers/route-types.js';

/** Result of matching a request line. */
export type RouteMatch =
  | { kind: 'snowpipe'; endpoint: Exclude<Endpoint, 'any'>; path?: ObjectPath }
  | { kind: 'admin'; route: AdminRoute }
  | { kind: 'notFound' }
  | { kind: 'methodNotAllowed'; allow: string[] }
  | { kind: 'badPath' };

const ADMIN_METHODS: Record<AdminRoute, string[]> = {
  ledger: ['GET'],
  faults: ['GET', 'POST', 'DELETE'],
  keys: ['POST'],
  health: ['GET'],
  reset: ['POST'],
};

function methodCheck(method: string, allow: string[], ok: () => RouteMatch): RouteMatch {
  return allow.includes(method) ? ok() : { kind: 'methodNotAllowed', allow };
}

/** Matches a method and raw (still percent-encoded) path against the Snowpipe and admin routes. */
export function matchRoute(method: string, rawPath: string): RouteMatch {
  const seg = rawPath.split('/');
  if (seg[0] !== '') return { kind: 'notFound' };
  const parts = seg.slice(1);
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return { kind: 'badPath' };
  }
  const [a, b, c, d, e, , g, , i] = parts;
  const n = parts.length;
  if (a === '_emulator' && n === 2 && b !== undefined && b in ADMIN_METHODS) {
    const route = b as AdminRoute;
    return methodCheck(method, ADMIN_METHODS[route], () => ({ kind: 'admin', route }));
  }
  if (n === 2 && a === 'oauth' && b === 'token')
    return methodCheck(method, ['POST'], () => ({ kind: 'snowpipe', endpoint: 'token' }));
  if (a !== 'v2' || b !== 'streaming') return { kind: 'notFound' };
  if (n === 3 && c === 'hostname')
    return methodCheck(method, ['GET'], () => ({ kind: 'snowpipe', endpoint: 'hostname' }));
  const object = (
    db: number,
    schema: number,
    pipe: string,
  ): Omit<ObjectPath, 'channel' | 'channelSent'> => ({
    database: resolveIdentifier(decoded[db]!),
    schema: resolveIdentifier(decoded[schema]!),
    pipe: resolveIdentifier(pipe),
  });
  if (c === 'databases' && e === 'schemas' && g === 'pipes') {
    if (n === 10 && i === 'channels') {
      const path = {
        ...object(3, 5, decoded[7]!),
        channelSent: decoded[9]!,
        channel: resolveIdentifier(decoded[9]!),
      };
      if (method === 'PUT') return { kind: 'snowpipe', endpoint: 'open', path };
      if (method === 'DELETE') return { kind: 'snowpipe', endpoint: 'drop', path };
      return { kind: 'methodNotAllowed', allow: ['PUT', 'DELETE'] };
    }
    const rawPipe = parts[7];
    const colon = rawPipe?.lastIndexOf(':') ?? -1;
    if (
      n === 8 &&
      rawPipe !== undefined &&
      colon > 0 &&
      (rawPipe.slice(colon) === ':bulk-channel-status' || rawPipe.slice(colon) === ':pipe-info')
    ) {
      const endpoint = rawPipe.slice(colon) === ':pipe-info' ? 'pipeInfo' : 'status';
      let pipe: string;
      try {
        pipe = decodeURIComponent(rawPipe.slice(0, colon));
      } catch {
        return { kind: 'badPath' };
      }
      return methodCheck(method, ['POST'], () => ({
        kind: 'snowpipe',
        endpoint,
        path: object(3, 5, pipe),
      }));
    }
    return { kind: 'notFound' };
  }
  if (c === 'data' && d === 'databases' && parts[4] !== undefined && parts[5] === 'schemas') {
    if (n === 12 && parts[7] === 'pipes' && parts[9] === 'channels' && parts[11] === 'rows') {
      const channelSent = decoded[10]!;
      const channel = resolveIdentifier(channelSent);
      const path = { ...object(4, 6, decoded[8]!), channelSent, channel };
      const endpoint = channel === 'ELASTIC' ? 'elastic' : 'append';
      return methodCheck(method, ['POST'], () => ({ kind: 'snowpipe', endpoint, path }));
    }
    if (n === 10 && parts[7] === 'tables' && parts[9] === 'rows') {
      const table = resolveIdentifier(decoded[8]!);
      const path = {
        ...object(4, 6, `"${table.replaceAll('"', '""')}-STREAMING"`),
        channelSent: 'ELASTIC',
        channel: 'ELASTIC',
        table,
      };
      return methodCheck(method, ['POST'], () => ({ kind: 'snowpipe', endpoint: 'elastic', path }));
    }
  }
  return { kind: 'notFound' };
}
