import { isIP } from 'node:net';

/**
 * True for `localhost`, 127.0.0.0/8 and `::1` (with or without brackets): the hosts that plain
 * `http://` is allowed for. Names under `.localhost` are refused: a resolver other than the
 * operating system's may send them anywhere (`http://evil.localhost`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Why a service URL was refused (the message of the caller's `ConfigurationError`). */
export type UrlProblem = string;

// Snowflake's own domains, where a URL without a scheme can only mean https (profiles written
// for the official SDK often hold just `<account>.snowflakecomputing.com`).
const SNOWFLAKE_DOMAIN = /\.snowflakecomputing\.(com|cn)$/i;

/**
 * Normalises an account or ingest URL to its origin. The port is optional; a path, query,
 * fragment or credentials are refused, and `http:` is allowed only for loopback hosts. The scheme
 * is required, with one explicit rule: a bare `*.snowflakecomputing.com` (or `.cn`) host means
 * `https://`. Anything else without a scheme is refused rather than guessed, because guessing
 * `https://` for a local emulator fails later with an obscure TLS error. Returns the origin
 * (`https://host[:port]`) or a problem text.
 */
export function parseServiceUrl(raw: string): { origin: string } | { problem: UrlProblem } {
  const text = raw.trim();
  if (text === '') return { problem: 'must not be empty' };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (!hasScheme) {
    const host = text.split(/[/:?#]/)[0] ?? text;
    if (!SNOWFLAKE_DOMAIN.test(host)) {
      return {
        problem: `has no scheme: ${JSON.stringify(text)}; write https://${text} for a Snowflake account, or http://${text} for a local emulator (only *.snowflakecomputing.com hosts may omit https://)`,
      };
    }
  }
  const withScheme = hasScheme ? text : `https://${text}`;
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
