import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitUrl } from './split-url.js';

describe('splitUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/v2/rows?a=1&b=2', 'http://127.0.0.1:8080', '/v2/rows?a=1&b=2'],
    ['https://acct.snowflakecomputing.com', 'https://acct.snowflakecomputing.com', '/'],
    ['https://h.example?x=1', 'https://h.example', '/?x=1'],
    ['https://h.example/p#frag', 'https://h.example', '/p'],
    ['HTTPS://H.EXAMPLE/p', 'https://h.example', '/p'],
    ['https://u:pw@h.example/p', 'https://h.example', '/p'],
    ['https://h.example/päth', 'https://h.example', '/p%C3%A4th'],
  ])('splits %s', (url, origin, path) => {
    expect(splitUrl(url)).toEqual({ origin, path });
  });

  it('throws on a relative URL', () => {
    expect(() => splitUrl('/v2/rows')).toThrow(TypeError);
  });

  it('agrees with the WHATWG parser on host, path and query for generated URLs', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
        const parsed = new URL(url);
        const { origin, path } = splitUrl(url);
        const again = new URL(`${origin}${path}`);
        expect(again.origin).toBe(parsed.origin);
        expect(`${again.pathname}${again.search}`).toBe(`${parsed.pathname}${parsed.search}`);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
