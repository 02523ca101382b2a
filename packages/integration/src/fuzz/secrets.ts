import { inspect } from 'node:util';

/** Known secret strings planted in fuzzed configurations; none may ever appear in an error. */
export const SECRETS = Object.freeze({
  passphrase: 'PASSPHRASE-S3cret-7f3a9c',
  pat: 'PAT-S3cret-0b1c2d3e4f',
  oauthSecret: 'OAUTH-S3cret-5a6b7c',
  refreshToken: 'REFRESH-S3cret-8d9e0f',
  scopedSignature: 'SCOPEDSIGs3cret4242',
});

/** Every text view of an error and its `cause` chain: message, `String()`, `util.inspect()`, stack, JSON. */
export function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- String(err) is one of the views scanned
    texts.push(String(e), inspect(e, { depth: 6, showHidden: true }));
    if (e instanceof Error) {
      texts.push(e.message, e.stack ?? '');
      try {
        texts.push(JSON.stringify(e) ?? '');
      } catch {
        // a cyclic error object: the other views still cover it
      }
      e = e.cause;
    } else break;
  }
  return texts;
}

/** The secrets (from `secrets`) found in any text view of `error`; empty when it is clean. */
export function leakedSecrets(error: unknown, secrets: readonly string[]): string[] {
  const texts = errorTexts(error).join('\n');
  return secrets.filter((s) => s.length >= 8 && texts.includes(s));
}

/** Distinctive 40-character slices of a PEM's base64 body (a leak of any slice is a leak of the key). */
export function pemSlices(pem: string): string[] {
  const body = pem
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('-----'))
    .join('');
  const slices: string[] = [];
  for (let i = 0; i + 40 <= body.length; i += 200) slices.push(body.slice(i, i + 40));
  return slices;
}
