import { expect, it } from 'vitest';
import { closedPortUrl } from '../test-server.js';
import { rejection } from './suite-context.js';
import type { SuiteContext } from './suite-context.js';

const SECRET = 'Bearer secret-token-value';

/** Refused and reset connections: codes, `mayHaveReachedServer`, safe messages. */
export function defineFailureTests(ctx: SuiteContext): void {
  it('fails with ECONNREFUSED (never reached) on a closed port, without secrets in the message', async () => {
    const transport = await ctx.transport();
    const base = await closedPortUrl();
    const error = await rejection(
      transport.request({
        method: 'POST',
        url: `${base}/v2/rows?continuationToken=ct-secret`,
        headers: { authorization: SECRET },
        body: '{}',
      }),
    );
    expect(error).toMatchObject({
      name: 'TransportError',
      code: 'ECONNREFUSED',
      mayHaveReachedServer: false,
    });
    const message = (error as Error).message;
    expect(message).toContain(`POST ${base}/v2/rows`);
    expect(message).not.toContain('ct-secret');
    expect(message).not.toContain('secret-token-value');
    expect((error as Error).cause).toBeDefined();
  });

  it.each([
    ['before the headers', '/reset-headers'],
    ['mid-response', '/reset-body'],
  ])('fails with ECONNRESET (may have reached the server) on a reset %s', async (_stage, path) => {
    const transport = await ctx.transport();
    const error = await rejection(
      transport.request({
        method: 'POST',
        url: `${ctx.server.url}${path}`,
        headers: { authorization: SECRET },
        body: 'row\n',
      }),
    );
    expect(error).toMatchObject({
      name: 'TransportError',
      code: 'ECONNRESET',
      mayHaveReachedServer: true,
    });
    expect((error as Error).message).toContain(`POST ${ctx.server.url}${path}`);
    expect((error as Error).message).not.toContain('secret-token-value');
  });
}
