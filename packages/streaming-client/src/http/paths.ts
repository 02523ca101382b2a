import { pathIdentifier } from './object-identifier.js';

// Reference §1: each segment percent-encoded; RFC 3986 unreserved and the sub-delims
// `!$&'()*+,=:@` stay literal (as Snowflake's own client sends them); space → %20, `"` → %22,
// `;` → %3B, `/` → %2F, `?` → %3F, `#` → %23.
/** Percent-encodes one URL path segment as reference §1 describes. */
export function encodePathSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%(24|26|2B|2C|3D|3A|40)/gi, (m) =>
    decodeURIComponent(m),
  );
}

/** A database, schema, pipe or table path segment: identifier rules, then percent-encoding. */
const objectSegment = (name: string): string => encodePathSegment(pathIdentifier(name));

function pipeBase(db: string, schema: string, pipe: string): string {
  return `/v2/streaming/databases/${objectSegment(db)}/schemas/${objectSegment(schema)}/pipes/${objectSegment(pipe)}`;
}

function dataPipeBase(db: string, schema: string, pipe: string): string {
  return `/v2/streaming/data/databases/${objectSegment(db)}/schemas/${objectSegment(schema)}/pipes/${objectSegment(pipe)}`;
}

/** `PUT`/`DELETE` path of a named channel (open, drop). */
export function channelPath(db: string, schema: string, pipe: string, channel: string): string {
  return `${pipeBase(db, schema, pipe)}/channels/${encodePathSegment(channel)}`;
}

/** `POST` path that appends rows to a named channel. */
export function rowsPath(db: string, schema: string, pipe: string, channel: string): string {
  return `${dataPipeBase(db, schema, pipe)}/channels/${encodePathSegment(channel)}/rows`;
}

/** `POST` path of the bulk channel status of a pipe. */
export function bulkStatusPath(db: string, schema: string, pipe: string): string {
  return `${pipeBase(db, schema, pipe)}:bulk-channel-status`;
}

/** Elastic rows on a table's default pipe. */
export function elasticTablePath(db: string, schema: string, table: string): string {
  return `/v2/streaming/data/databases/${objectSegment(db)}/schemas/${objectSegment(schema)}/tables/${objectSegment(table)}/rows`;
}

/** Elastic rows on a named pipe (its implicit `ELASTIC` channel). */
export function elasticPipePath(db: string, schema: string, pipe: string): string {
  return `${dataPipeBase(db, schema, pipe)}/channels/ELASTIC/rows`;
}

/** Control-plane path that reports the ingest host. */
export const HOSTNAME_PATH = '/v2/streaming/hostname';
/** Control-plane path of the scoped-token exchange. */
export const TOKEN_PATH = '/oauth/token';
