import { expect, it } from 'vitest';
import { rejection } from './suite-context.js';
import type { SuiteContext } from './suite-context.js';

/** Concurrency, connection reuse and draining close. */
export function defineLoadTests(ctx: SuiteContext): void {
  it('completes many concurrent requests with the right bodies', async () => {
    const transport = await ctx.transport();
    const count = ctx.options.concurrency ?? 200;
    const before = ctx.server.stats.connections;
    const results = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        transport.request({
          method: 'POST',
          url: `${ctx.server.url}/echo?i=${i}`,
          headers: {},
          body: `req-${i}`,
        }),
      ),
    );
    results.forEach((res, i) => expect(res.body).toBe(`req-${i}`));
    const opened = ctx.server.stats.connections - before;
    if (ctx.options.maxConnections !== undefined) {
      expect(opened).toBeLessThanOrEqual(ctx.options.maxConnections);
    }
    expect(opened).toBeGreaterThan(0);
  });

  it('reuses kept-alive connections for sequential requests', async () => {
    const transport = await ctx.transport();
    const before = ctx.server.stats.connections;
    for (let i = 0; i < 20; i++) {
      const res = await transport.request({
        method: 'GET',
        url: `${ctx.server.url}/echo`,
        headers: {},
      });
      expect(res.status).toBe(200);
    }
    // A pool may open a second socket for back-to-back requests, never one per request.
    expect(ctx.server.stats.connections - before).toBeLessThanOrEqual(2);
  });

  it('close() lets an in-flight request finish, then refuses new ones', async () => {
    const transport = await ctx.transport();
    if (transport.close === undefined) return;
    const { held } = ctx.server.stats;
    const inFlight = transport.request({
      method: 'GET',
      url: `${ctx.server.url}/gate`,
      headers: {},
    });
    await ctx.server.waitFor('held', held + 1);
    let closed = false;
    const closing = transport.close().then(() => {
      closed = true;
    });
    const refused = await rejection(
      transport.request({ method: 'GET', url: `${ctx.server.url}/echo`, headers: {} }),
    );
    expect(refused).toMatchObject({ name: 'TransportError' });
    expect(closed).toBe(false);
    ctx.server.openGate();
    await expect(inFlight).resolves.toMatchObject({ status: 200, body: 'gated' });
    await closing;
    expect(closed).toBe(true);
  });
}
