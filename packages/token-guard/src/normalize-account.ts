/**
 * Normalises an account identifier for the JWT `iss`/`sub` claims, as Snowflake's Python
 * connector does: if it contains `.global`, keep the part before the first `-`; otherwise keep
 * the part before the first `.`; then upper-case. Org-account names keep their hyphen.
 * @example
 * normalizeAccountForJwt('xy12345.us-east-1'); // 'XY12345'
 * normalizeAccountForJwt('myorg-myacct');      // 'MYORG-MYACCT'
 */
export function normalizeAccountForJwt(account: string): string {
  if (typeof account !== 'string' || account.trim().length === 0) {
    throw new TypeError('"account" must be a non-empty string');
  }
  const trimmed = account.trim();
  const cut = trimmed.includes('.global') ? trimmed.split('-')[0]! : trimmed.split('.')[0]!;
  if (cut.length === 0)
    throw new TypeError(`"account" has no account name: ${JSON.stringify(account)}`);
  return cut.toUpperCase();
}
