import { generateKeyPairSync } from 'node:crypto';
import { createKeyPairJwtSource } from '@snowpipe/token-guard';
import type { BenchResult } from '../lib/result.js';

/** Signing throughput of the key-pair JWT source (RS256, 2048-bit key), sequential, one core. */
export async function benchKeyPairSigning(
  opts: { signings?: number } = {},
): Promise<BenchResult[]> {
  const signings = opts.signings ?? 3000;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const source = createKeyPairJwtSource({ account: 'myorg-myacct', user: 'bench', privateKey });
  for (let i = 0; i < 200; i++) await source.fetchToken(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < signings; i++) await source.fetchToken();
  const ns = Number(process.hrtime.bigint() - start);
  const perS = (signings * 1e9) / ns;
  return [
    {
      name: 'token-guard.keypair-jwt.signing',
      value: perS,
      unit: 'signings/s',
      notes: `${signings} sequential RS256 signings (2048-bit); the guard signs once per token lifetime, not per request`,
    },
  ];
}
