/** This package's version, sent in the `User-Agent` (a test keeps it equal to package.json). */
export const SDK_VERSION = '0.1.0';

/**
 * `SnowpipeStreamingTS/<version> (<platform> <arch>) NODE/<node version>[ (app=<application>)]`,
 * the format the service documents as recommended (reference §2).
 */
export function buildUserAgent(
  application?: string,
  runtime: { platform: string; arch: string; nodeVersion: string } = {
    platform: process.platform,
    arch: process.arch,
    nodeVersion: process.versions.node,
  },
): string {
  const base = `SnowpipeStreamingTS/${SDK_VERSION} (${runtime.platform} ${runtime.arch}) NODE/${runtime.nodeVersion}`;
  return application === undefined ? base : `${base} (app=${application})`;
}
