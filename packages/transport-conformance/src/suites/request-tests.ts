import { expect, it } from 'vitest';
import type { SuiteContext } from './suite-context.js';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
const STATUSES = [200, 201, 204, 301, 302, 307, 400, 401, 404, 409, 429, 500, 503] as const;

/** Methods, status families and header round-trips. */
export function defineRequestTests(ctx: SuiteContext): void {
  it.each(METHODS)('sends %s and reads the response', async (method) => {
    const transport = await ctx.transport();
    const body = method === 'GET' ? undefined : `${method} body`;
    const res = await transport.request({
      method,
      url: `${ctx.server.url}/echo`,
      headers: {},
      ...(body === undefined ? {} : { body }),
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-echo-method']).toBe(method);
    expect(res.body).toBe(body ?? '');
  });

  it('resolves every status family normally and never follows redirects', async () => {
    const transport = await ctx.transport();
    const before = ctx.server.stats.requests;
    for (const code of STATUSES) {
      const res = await transport.request({
        method: 'GET',
        url: `${ctx.server.url}/status?code=${code}`,
        headers: {},
      });
      expect(res.status, `status ${code}`).toBe(code);
      expect(res.body).toBe(code === 204 ? '' : `status ${code}`);
      if (code >= 300 && code < 400) expect(res.headers.location).toBe('/echo');
    }
    expect(ctx.server.stats.requests - before).toBe(STATUSES.length);
  });

  it('returns status and body of an error response with a query string', async () => {
    const transport = await ctx.transport();
    const res = await transport.request({
      method: 'POST',
      url: `${ctx.server.url}/echo?status=429&continuationToken=a_1`,
      headers: {},
      body: '{"error":true}',
    });
    expect(res).toMatchObject({ status: 429, body: '{"error":true}' });
  });

  it('sends request headers and returns response headers with lower-cased names', async () => {
    const transport = await ctx.transport();
    const res = await transport.request({
      method: 'POST',
      url: `${ctx.server.url}/echo`,
      headers: {
        'X-Snowpipe-Test': 'Value-1',
        Authorization: 'Bearer abc.def',
        'Content-Type': 'application/x-ndjson',
      },
      body: '{}',
    });
    const seen = JSON.parse(res.headers['x-echo-headers'] ?? '{}') as Record<string, string>;
    expect(seen).toMatchObject({
      'x-snowpipe-test': 'Value-1',
      authorization: 'Bearer abc.def',
      'content-type': 'application/x-ndjson',
    });
    for (const name of Object.keys(res.headers)) expect(name).toBe(name.toLowerCase());
    expect(res.headers['x-mixed-case']).toBe('Value');
    expect(res.headers['x-multi']).toBe('one, two');
    expect(res.headers['content-type']).toBe('application/octet-stream');
  });
}
