import { generateKeyPairSync } from 'node:crypto';

/** What {@link Emulator.createCredentials} returns: ready-made client configuration. */
export interface EmulatorCredentials {
  /** Properties in the official SDK's names: `url`, `account`, `user`, `private_key` (PKCS#8 PEM). */
  readonly properties: Readonly<Record<'url' | 'account' | 'user' | 'private_key', string>>;
  /** The same as `SNOWFLAKE_*` environment variables (for a child process or `loadConfigFromEnv`). */
  readonly env: Readonly<Record<string, string>>;
  /** `SHA256:<fp>` of the registered public key. */
  readonly fingerprint: string;
}

/** Options for {@link Emulator.createCredentials}. */
export interface CredentialsOptions {
  /** Account name written into the JWT claims. @default 'EMULATOR_ACCOUNT' */
  account?: string;
  /** User name written into the JWT claims. @default 'EMULATOR_USER' */
  user?: string;
}

/**
 * Generates an RSA key pair, registers its public key through `register`, and returns client
 * properties pointing at `url`. The private key exists only in memory.
 */
export function createCredentials(
  url: string,
  register: (publicKeyPem: string) => string,
  options: CredentialsOptions = {},
): EmulatorCredentials {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const fingerprint = register(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const account = options.account ?? 'EMULATOR_ACCOUNT';
  const user = options.user ?? 'EMULATOR_USER';
  const properties = Object.freeze({ url, account, user, private_key: privateKeyPem });
  const env = Object.freeze({
    SNOWFLAKE_URL: url,
    SNOWFLAKE_ACCOUNT: account,
    SNOWFLAKE_USER: user,
    SNOWFLAKE_PRIVATE_KEY: privateKeyPem,
  });
  const redacted = (): string =>
    `EmulatorCredentials { account: '${account}', user: '${user}', private_key: [redacted] }`;
  return Object.freeze({
    properties,
    env,
    fingerprint,
    toJSON: () => ({ account, user, url, fingerprint }),
    [Symbol.for('nodejs.util.inspect.custom')]: redacted,
  });
}
