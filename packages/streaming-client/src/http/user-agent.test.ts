import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildUserAgent, SDK_VERSION } from './user-agent.js';

describe('buildUserAgent', () => {
  it('follows the recommended format, with the optional app suffix', () => {
    const runtime = { platform: 'linux', arch: 'x64', nodeVersion: '20.20.2' };
    expect(buildUserAgent(undefined, runtime)).toBe(
      `SnowpipeStreamingTS/${SDK_VERSION} (linux x64) NODE/20.20.2`,
    );
    expect(buildUserAgent('MyApp', runtime)).toBe(
      `SnowpipeStreamingTS/${SDK_VERSION} (linux x64) NODE/20.20.2 (app=MyApp)`,
    );
    expect(buildUserAgent()).toMatch(
      /^SnowpipeStreamingTS\/\d+\.\d+\.\d+\S* \(\w+ \w+\) NODE\/\d+\.\d+\.\d+$/,
    );
  });

  it('reports the package version', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});
