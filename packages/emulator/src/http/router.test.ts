import { describe, expect, it } from 'vitest';
import { matchRoute } from './router.js';

describe('matchRoute', () => {
  it.each([
    ['GET', '/v2/streaming/hostname', 'hostname'],
    ['POST', '/oauth/token', 'token'],
    ['PUT', '/v2/streaming/databases/d/schemas/s/pipes/p/channels/c', 'open'],
    ['DELETE', '/v2/streaming/databases/d/schemas/s/pipes/p/channels/c', 'drop'],
    ['POST', '/v2/streaming/databases/d/schemas/s/pipes/p:bulk-channel-status', 'status'],
    ['POST', '/v2/streaming/data/databases/d/schemas/s/pipes/p/channels/c/rows', 'append'],
    ['POST', '/v2/streaming/data/databases/d/schemas/s/pipes/p/channels/elastic/rows', 'elastic'],
    ['POST', '/v2/streaming/data/databases/d/schemas/s/tables/t/rows', 'elastic'],
  ])('%s %s -> %s', (method, path, endpoint) => {
    expect(matchRoute(method, path)).toMatchObject({ kind: 'snowpipe', endpoint });
  });

  it('resolves names: unquoted upper-case, quoted keep case, percent-decoded', () => {
    const m = matchRoute(
      'PUT',
      '/v2/streaming/databases/my_db/schemas/%22Mixed%20S%22/pipes/%22a%22%22b%22/channels/ch%3B1',
    );
    expect(m).toEqual({
      kind: 'snowpipe',
      endpoint: 'open',
      path: {
        database: 'MY_DB',
        schema: 'Mixed S',
        pipe: 'a"b',
        channelSent: 'ch;1',
        channel: 'CH;1',
      },
    });
  });

  it('maps the Elastic table form to the <TABLE>-STREAMING pipe', () => {
    expect(
      matchRoute('POST', '/v2/streaming/data/databases/d/schemas/s/tables/%22Ev%22/rows'),
    ).toMatchObject({ path: { pipe: 'Ev-STREAMING', channel: 'ELASTIC', table: 'Ev' } });
  });

  it('splits :bulk-channel-status before decoding (an encoded colon stays in the name)', () => {
    expect(
      matchRoute(
        'POST',
        '/v2/streaming/databases/d/schemas/s/pipes/%22a%3Ab%22:bulk-channel-status',
      ),
    ).toMatchObject({ path: { pipe: 'a:b' } });
  });

  it('reports not found, bad paths and wrong methods', () => {
    expect(matchRoute('GET', '/v2/streaming/nothing')).toEqual({ kind: 'notFound' });
    expect(matchRoute('GET', '/v2/streaming/databases/d/schemas/s/pipes/p:no-such-verb')).toEqual({
      kind: 'notFound',
    });
    // The official SDK's pipe-info call is a route (POST only).
    expect(matchRoute('POST', '/v2/streaming/databases/d/schemas/s/pipes/p:pipe-info')).toEqual({
      kind: 'snowpipe',
      endpoint: 'pipeInfo',
      path: { database: 'D', schema: 'S', pipe: 'P' },
    });
    expect(matchRoute('PUT', '/v2/streaming/databases/%ZZ/schemas/s/pipes/p/channels/c')).toEqual({
      kind: 'badPath',
    });
    expect(matchRoute('PATCH', '/v2/streaming/databases/d/schemas/s/pipes/p/channels/c')).toEqual({
      kind: 'methodNotAllowed',
      allow: ['PUT', 'DELETE'],
    });
    expect(matchRoute('GET', '/_emulator/ledger')).toEqual({ kind: 'admin', route: 'ledger' });
    expect(matchRoute('GET', '/_emulator/secrets')).toEqual({ kind: 'notFound' });
  });
});
