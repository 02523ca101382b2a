import { expect, it } from 'vitest';
import { STALL_BODY_BYTES } from '../test-server.js';
import { rejection } from './suite-context.js';
import type { SuiteContext } from './suite-context.js';

/** Aborts before the call, while waiting for headers and mid-body. */
export function defineAbortTests(ctx: SuiteContext): void {
  it('rejects with the signal reason when aborted before the call, sending nothing', async () => {
    const transport = await ctx.transport();
    const before = ctx.server.stats.requests;
    const reason = new Error('aborted before');
    const error = await rejection(
      transport.request({
        method: 'POST',
        url: `${ctx.server.url}/echo`,
        headers: {},
        body: 'x',
        signal: AbortSignal.abort(reason),
      }),
    );
    expect(error).toBe(reason);
    expect(ctx.server.stats.requests).toBe(before);
  });

  it.each([
    ['while waiting for headers', '/stall-headers'],
    ['mid-body', '/stall-body'],
  ])(
    'rejects with the signal reason when aborted %s and releases the connection',
    async (_stage, path) => {
      const transport = await ctx.transport(8 * STALL_BODY_BYTES);
      const { held, released } = ctx.server.stats;
      const controller = new AbortController();
      const reason = new Error(`aborted ${path}`);
      const pending = rejection(
        transport.request({
          method: 'GET',
          url: `${ctx.server.url}${path}`,
          headers: {},
          signal: controller.signal,
        }),
      );
      // The server holds the request forever: the rejection below can only come from the abort.
      await ctx.server.waitFor('held', held + 1);
      controller.abort(reason);
      expect(await pending).toBe(reason);
      await ctx.server.waitFor('released', released + 1);
    },
  );

  it("rejects with the signal's own default reason when aborted without one", async () => {
    const transport = await ctx.transport();
    const { held } = ctx.server.stats;
    const controller = new AbortController();
    const pending = rejection(
      transport.request({
        method: 'GET',
        url: `${ctx.server.url}/stall-headers`,
        headers: {},
        signal: controller.signal,
      }),
    );
    await ctx.server.waitFor('held', held + 1);
    controller.abort();
    const error = await pending;
    expect(error).toBe(controller.signal.reason);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
}
