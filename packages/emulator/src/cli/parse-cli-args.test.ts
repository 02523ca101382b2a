import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './parse-cli-args.js';

describe('parseCliArgs', () => {
  it('maps flags to options, repeatable --public-key', () => {
    const c = parseCliArgs([
      '--port',
      '4000',
      '--host',
      '0.0.0.0',
      '--public-key',
      'a.pem',
      '--public-key',
      'b.pem',
      '--commit-delay-ms',
      '250',
      '--scoped-token-ttl-s',
      '600',
      '--accept-any-key',
      '--row-key-field',
      'id',
      '--require-accept',
      '--hostname-mode',
      'underscore',
      '--validation',
      'fast',
      '--retain-rows',
      '10',
      '--seed',
      '9',
      '--ingest-server',
      'separate',
    ]);
    expect(c.publicKeyFiles).toEqual(['a.pem', 'b.pem']);
    expect(c.options).toEqual({
      port: 4000,
      host: '0.0.0.0',
      commitDelayMs: 250,
      scopedTokenTtlS: 600,
      acceptAnyKey: true,
      rowKeyField: 'id',
      requireAccept: true,
      hostnameMode: 'underscore',
      validation: 'fast',
      retainRows: 10,
      seed: 9,
      ingestServer: 'separate',
    });
  });

  it('takes --write-profile and --write-env as paths', () => {
    const c = parseCliArgs(['--write-profile', 'p.json', '--write-env', 'e.env']);
    expect(c).toMatchObject({ writeProfile: 'p.json', writeEnv: 'e.env' });
  });

  it('defaults to nothing and rejects bad values and unknown flags', () => {
    expect(parseCliArgs([])).toEqual({ options: {}, publicKeyFiles: [], help: false });
    expect(() => parseCliArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--bogus'])).toThrow();
  });
});
