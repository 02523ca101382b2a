import { isIP } from 'node:net';

/** True for `localhost`, 127.0.0.0/8 and `::1` (with or without brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Why a service URL was refused (the message of the caller's `ConfigurationError`). */
export type UrlProblem = string;

/**
 * Normalises an account or ingest URL to its origin: a missing scheme means `https`, the port is
 * optional, a path, query, fragment or credentials are refused, and `http:` is allowed only for
 * loopback hosts. Returns the origin (`https://host[:port]`) or a problem text.
 */
export function parseServiceUrl(raw: string): { origin: string } | { problem: UrlProblem } {
  const text = raw.trim();
  if (text === '') return { problem: 'must not be empty' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { problem: `is not a valid URL: ${JSON.stringify(text)}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { problem: `must use https:// (got ${url.protocol}//)` };
  }
  if (url.username !== '' || url.password !== '') {
    return { problem: 'must not contain credentials' };
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return {
      problem: `must be a bare origin without path, query or fragment: ${JSON.stringify(url.origin)}…`,
    };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { problem: `http:// is refused for non-loopback host ${url.hostname}; use https://` };
  }
  return { origin: url.origin };
}
