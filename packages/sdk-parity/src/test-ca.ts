import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway CA and a server certificate for 127.0.0.1 signed by it, made at test time. */
export interface TestCertificates {
  /** Path of the CA certificate (PEM): what `SSL_CERT_FILE` points at. */
  readonly caFile: string;
  /** Server private key (PEM). */
  readonly key: string;
  /** Server certificate (PEM), subjectAltName `IP:127.0.0.1`, `DNS:localhost`. */
  readonly cert: string;
  /** Deletes the files. */
  dispose(): void;
}

const OPENSSL_TIMEOUT_MS = 30_000;

/**
 * Makes a CA valid for one day and a leaf certificate for loopback with the `openssl` CLI (Node
 * has no X.509 writer). Nothing is installed anywhere: the SDK is pointed at `caFile` only.
 */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'snowpipe-test-ca-'));
  const at = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe', timeout: OPENSSL_TIMEOUT_MS });
  };
  writeFileSync(
    at('leaf.cnf'),
    [
      'basicConstraints=CA:FALSE',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'keyUsage=digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-keyout',
    at('ca-key.pem'),
    '-out',
    at('ca.pem'),
    '-subj',
    '/CN=snowpipe-ts throwaway test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    at('key.pem'),
    '-out',
    at('leaf.csr'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    at('leaf.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca-key.pem'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    at('leaf.cnf'),
    '-out',
    at('cert.pem'),
  );
  return {
    caFile: at('ca.pem'),
    key: readFileSync(at('key.pem'), 'utf8'),
    cert: readFileSync(at('cert.pem'), 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
