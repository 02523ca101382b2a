import { describe, expect, it } from 'vitest';
import { buildUrl } from './build-url.js';

describe('buildUrl', () => {
  it('puts requestId first, keeps order, omits undefined, keeps empty, escapes values', () => {
    const query = {
      startOffsetToken: '',
      endOffsetToken: 'a&b=c d',
      skipped: undefined,
      continuationToken: '1_2',
    };
    const { url, telemetryUrl } = buildUrl('https://h', '/p', 'r-1', query, true);
    expect(url).toBe(
      'https://h/p?requestId=r-1&startOffsetToken=&endOffsetToken=a%26b%3Dc%20d&continuationToken=1_2',
    );
    expect(telemetryUrl).toBe(
      'https://h/p?requestId=r-1&startOffsetToken=&endOffsetToken=a%26b%3Dc%20d',
    );
    // Without telemetry only the request URL is built.
    expect(buildUrl('https://h', '/p', 'r-1', query)).toEqual({ url, telemetryUrl: undefined });
  });

  it('never lets a caller override requestId', () => {
    expect(buildUrl('https://h', '/p', 'mine', { requestId: 'theirs' }).url).toBe(
      'https://h/p?requestId=mine',
    );
  });
});
