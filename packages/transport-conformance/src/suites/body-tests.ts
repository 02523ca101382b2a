import { createHash } from 'node:crypto';
import { createSeededRandom } from '@snowpipe/test-utils';
import { expect, it } from 'vitest';
import { rejection } from './suite-context.js';
import type { SuiteContext } from './suite-context.js';

const MiB = 1024 * 1024;

function ndjson(bytes: number): string {
  const line = `${JSON.stringify({ id: 0, name: 'row', payload: 'p'.repeat(80) })}\n`;
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

/** Body encodings, sizes and the response body cap. */
export function defineBodyTests(ctx: SuiteContext): void {
  it('echoes a UTF-8 string body exactly', async () => {
    const transport = await ctx.transport();
    const body = '{"name":"Zoë","emoji":"🌊"}\n{"name":"漢字"}\n';
    const res = await transport.request({
      method: 'POST',
      url: `${ctx.server.url}/echo`,
      headers: {},
      body,
    });
    expect(res.body).toBe(body);
    expect(res.headers['x-echo-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('sends a binary body byte for byte', async () => {
    const transport = await ctx.transport();
    const random = createSeededRandom(5);
    const body = Uint8Array.from({ length: 65_537 }, () => Math.floor(random() * 256));
    const res = await transport.request({
      method: 'PUT',
      url: `${ctx.server.url}/echo`,
      headers: {},
      body,
    });
    expect(res.headers['x-echo-length']).toBe('65537');
    expect(res.headers['x-echo-sha256']).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it.each([
    ['1 byte', 1],
    ['4 MiB', 4 * MiB],
  ])('round-trips a %s body', async (_label, size) => {
    const transport = await ctx.transport();
    const body = ndjson(size);
    const res = await transport.request({
      method: 'POST',
      url: `${ctx.server.url}/echo`,
      headers: {},
      body,
    });
    expect(res.headers['x-echo-length']).toBe(String(size));
    expect(res.body.length).toBe(size);
    expect(res.body === body).toBe(true);
  });

  it.each([
    ['with content-length', ''],
    ['chunked', '&chunked=1'],
  ])('accepts a body of exactly the cap (%s)', async (_label, extra) => {
    const transport = await ctx.transport(4096);
    const res = await transport.request({
      method: 'GET',
      url: `${ctx.server.url}/bytes?n=4096${extra}`,
      headers: {},
    });
    expect(res.body).toBe('y'.repeat(4096));
  });

  it.each([
    ['with content-length', ''],
    ['chunked', '&chunked=1'],
  ])('fails with BODY_TOO_LARGE one byte over the cap (%s)', async (_label, extra) => {
    const transport = await ctx.transport(4096);
    const error = await rejection(
      transport.request({
        method: 'GET',
        url: `${ctx.server.url}/bytes?n=4097${extra}`,
        headers: {},
      }),
    );
    expect(error).toMatchObject({
      name: 'TransportError',
      code: 'BODY_TOO_LARGE',
      mayHaveReachedServer: true,
    });
  });

  it('stops an endless body at the cap (never buffers it whole) and releases the connection', async () => {
    const transport = await ctx.transport(MiB);
    const released = ctx.server.stats.released;
    const error = await rejection(
      transport.request({ method: 'GET', url: `${ctx.server.url}/endless?t=1`, headers: {} }),
    );
    expect(error).toMatchObject({ name: 'TransportError', code: 'BODY_TOO_LARGE' });
    expect((error as Error).message).toContain(`GET ${ctx.server.url}/endless`);
    expect((error as Error).message).not.toContain('t=1');
    await ctx.server.waitFor('released', released + 1);
  });
}
