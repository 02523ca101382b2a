import { generateKeyPairSync } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';

/** What {@link Emulator.createCredentials} returns: ready-made client configuration. */
export interface EmulatorCredentials {
  /** Properties in the official SDK's names: `url`, `account`, `user`, `private_key` (PKCS#8 PEM). */
  readonly properties: Readonly<Record<'url' | 'account' | 'user' | 'private_key', string>>;
  /** The same as `SNOWFLAKE_*` environment variables (for a child process or `loadConfigFromEnv`). */
  readonly env: Readonly<Record<string, string>>;
  /** `SHA256:<fp>` of the registered public key. */
  readonly fingerprint: string;
  /**
   * The properties as an official-SDK `profile.json` text (`user`, `account`, `url`,
   * `private_key`), which `createClient({ profilePath })` and Snowflake's SDKs load unchanged.
   */
  profileJson(): string;
  /**
   * The `SNOWFLAKE_*` variables as `NAME='value'` lines, one per variable: a file that
   * `node --env-file`, dotenv and a POSIX shell (`set -a; . ./file`) all read. The PEM's line
   * breaks are written as literal `\n`, which the client's key loader turns back into newlines.
   */
  envFileText(): string;
  /** Writes {@link EmulatorCredentials.profileJson} to `path`, readable by its owner only (0600). */
  writeProfile(path: string): Promise<void>;
  /** Writes {@link EmulatorCredentials.envFileText} to `path`, readable by its owner only (0600). */
  writeEnvFile(path: string): Promise<void>;
}

/** Options for {@link Emulator.createCredentials}. */
export interface CredentialsOptions {
  /** Account name written into the JWT claims. @default 'EMULATOR_ACCOUNT' */
  account?: string;
  /** User name written into the JWT claims. @default 'EMULATOR_USER' */
  user?: string;
}

/** Single-quotes a value for a POSIX shell and dotenv; newlines become literal `\n`. */
function envValue(value: string): string {
  return `'${value.replace(/\r?\n/g, '\\n').replace(/'/g, `'\\''`)}'`;
}

/**
 * Generates an RSA key pair, registers its public key through `register`, and returns client
 * properties pointing at `url`. The private key exists only in memory until a `write*` method
 * puts it in a file.
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
  const profileJson = (): string =>
    `${JSON.stringify({ user, account, url, private_key: privateKeyPem }, null, 2)}\n`;
  const envFileText = (): string =>
    Object.entries(env)
      .map(([name, value]) => `${name}=${envValue(value)}\n`)
      .join('');
  // Mode 0600 because both files hold the private key (chmod too: `mode` only applies to new files).
  const write = async (path: string, text: string): Promise<void> => {
    await writeFile(path, text, { encoding: 'utf8', mode: 0o600 });
    await chmod(path, 0o600);
  };
  const redacted = (): string =>
    `EmulatorCredentials { account: '${account}', user: '${user}', private_key: [redacted] }`;
  return Object.freeze({
    properties,
    env,
    fingerprint,
    profileJson,
    envFileText,
    writeProfile: (path: string) => write(path, profileJson()),
    writeEnvFile: (path: string) => write(path, envFileText()),
    toJSON: () => ({ account, user, url, fingerprint }),
    [Symbol.for('nodejs.util.inspect.custom')]: redacted,
  });
}
