/**
 * A certificate and key to serve HTTPS with. Snowflake's official SDK refuses plain `http://`
 * URLs, so a test that drives it serves TLS with a throwaway CA and points the SDK at that CA
 * (`SSL_CERT_FILE`).
 */
export interface EmulatorTlsOptions {
  /** PEM private key of the server certificate. */
  key: string | Buffer;
  /** PEM server certificate (chain); its subjectAltName must cover the host clients dial. */
  cert: string | Buffer;
}
