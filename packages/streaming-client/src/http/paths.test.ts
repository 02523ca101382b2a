import { describe, expect, it } from 'vitest';
import {
  bulkStatusPath,
  channelPath,
  elasticPipePath,
  elasticTablePath,
  encodePathSegment,
  rowsPath,
} from './paths.js';

describe('path builders', () => {
  it('encode segments as reference §1 (space %20, quote %22, ; %3B, sub-delims literal)', () => {
    expect(encodePathSegment('My Table-STREAMING')).toBe('My%20Table-STREAMING');
    expect(encodePathSegment('"q";x')).toBe('%22q%22%3Bx');
    expect(encodePathSegment("a!$&'()*+,=:@b")).toBe("a!$&'()*+,=:@b");
    expect(encodePathSegment('a/b?c#d%e')).toBe('a%2Fb%3Fc%23d%25e');
    expect(encodePathSegment('ünï')).toBe('%C3%BCn%C3%AF');
  });

  it('build every endpoint path', () => {
    expect(channelPath('DB', 'S', 'P-STREAMING', 'ch 1')).toBe(
      '/v2/streaming/databases/DB/schemas/S/pipes/P-STREAMING/channels/ch%201',
    );
    expect(rowsPath('DB', 'S', 'P', 'c')).toBe(
      '/v2/streaming/data/databases/DB/schemas/S/pipes/P/channels/c/rows',
    );
    expect(bulkStatusPath('DB', 'S', 'P')).toBe(
      '/v2/streaming/databases/DB/schemas/S/pipes/P:bulk-channel-status',
    );
    expect(elasticTablePath('DB', 'S', 'T')).toBe(
      '/v2/streaming/data/databases/DB/schemas/S/tables/T/rows',
    );
    expect(elasticPipePath('DB', 'S', 'P')).toBe(
      '/v2/streaming/data/databases/DB/schemas/S/pipes/P/channels/ELASTIC/rows',
    );
  });

  it('upper-case unquoted database, schema, pipe and table names and keep quoted ones and channel names (issue 18 point 4)', () => {
    expect(channelPath('my_db', 'public', 'events-STREAMING', 'Ch 1')).toBe(
      '/v2/streaming/databases/MY_DB/schemas/PUBLIC/pipes/EVENTS-STREAMING/channels/Ch%201',
    );
    expect(rowsPath('"My Db"', 's', '"Pipe"', 'c')).toBe(
      '/v2/streaming/data/databases/%22My%20Db%22/schemas/S/pipes/%22Pipe%22/channels/c/rows',
    );
    expect(bulkStatusPath('db', 'S', 'p')).toBe(
      '/v2/streaming/databases/DB/schemas/S/pipes/P:bulk-channel-status',
    );
    expect(elasticTablePath('db', 's', 'events')).toBe(
      '/v2/streaming/data/databases/DB/schemas/S/tables/EVENTS/rows',
    );
    expect(elasticPipePath('db', 's', 'p')).toBe(
      '/v2/streaming/data/databases/DB/schemas/S/pipes/P/channels/ELASTIC/rows',
    );
  });
});
