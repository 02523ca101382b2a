import { REDACTED, SECRET_VALUE } from './secret-patterns.js';

/** Query parameter names whose values may be credentials (matched anywhere in the name). */
const SECRET_PARAM =
  /token|secret|key|pass|pwd|assertion|signature|^sig$|auth|credential|session|jwt|code/i;

/**
 * Returns `url` safe for `url.full`: userinfo removed, the fragment removed, and the value of
 * every query parameter whose name looks like a credential (token, secret, key, password,
 * assertion, signature, …) or whose value looks like one (a JWT, …) replaced by `REDACTED`. Returns `undefined` for a URL that cannot be
 * parsed, so nothing unparsed is ever recorded.
 */
export function sanitizeUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  if (SECRET_VALUE.test(decodeURIComponent(parsed.pathname))) parsed.pathname = `/${REDACTED}`;
  if (parsed.search !== '') {
    const params = parsed.searchParams;
    const names = new Set(params.keys());
    for (const name of names) {
      if (SECRET_PARAM.test(name) || params.getAll(name).some((v) => SECRET_VALUE.test(v))) {
        params.set(name, REDACTED);
      }
    }
    // URLSearchParams re-encodes; that is fine for a telemetry attribute.
    parsed.search = params.toString();
  }
  return parsed.href;
}
