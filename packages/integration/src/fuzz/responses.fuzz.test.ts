import { generateKeyPairSync } from 'node:crypto';
import { isRetryError } from '@snowpipe/retry';
import { createClient, isStreamingIngestError, isTransportError } from '@snowpipe/streaming-client';
import type { StreamingIngestClient } from '@snowpipe/streaming-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countUnhandledRejections } from '../chaos/process-watch.js';
import { settle } from './guard.js';
import { createScriptedTransport } from './scripted-transport.js';
import type { Script, ScriptEndpoint, Scripted } from './scripted-transport.js';
import { leakedSecrets, pemSlices, SECRETS } from './secrets.js';
import { fuzzRuns } from './fuzz-runs.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const encryptedKey = rsa.privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: SECRETS.passphrase })
  .toString();
const plainKey = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const staticSecrets = [
  SECRETS.passphrase,
  SECRETS.scopedSignature,
  ...pemSlices(plainKey),
  ...pemSlices(encryptedKey),
];

const CODES = [
  'STALE_CONTINUATION_TOKEN_SEQUENCER',
  'ERR_CHANNEL_MUST_BE_REOPENED',
  'ERR_CHANNEL_MUST_BE_REOPENED_DUE_TO_ROW_SEQ_GAP',
  'ERR_CHANNEL_HAS_INVALID_ROW_SEQUENCER',
  'ERR_CHANNEL_HAS_UNCOMMITTED_DATA',
  'ERR_OPEN_CHANNEL_IN_PROGRESS',
  'ERR_PIPE_IN_INVALID_STATE',
  'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED',
  'ERR_CHANNEL_DOES_NOT_EXIST_OR_IS_NOT_AUTHORIZED',
  'ERR_GENERAL_EXCEPTION_RETRY_REQUEST',
  'STALE_PIPE_CACHE',
  '390144',
  '391902',
  'ERR_PIPE_KIND_NOT_SUPPORTED',
  '',
];

// Every error-body shape of reference §9.1, plus malformed, truncated, huge and wrong-type bodies.
const body = fc.oneof(
  fc
    .tuple(fc.constantFrom(...CODES), fc.string({ maxLength: 30 }))
    .map(([code, message]) => JSON.stringify({ code, message })),
  fc
    .tuple(fc.constantFrom(...CODES), fc.string({ maxLength: 30 }))
    .map(([code, message]) => JSON.stringify({ error_code: code, message })),
  fc.constantFrom(...CODES).map((code) => JSON.stringify(code)),
  fc.constantFrom(...CODES).map((code) => JSON.stringify({ error: code })),
  fc
    .tuple(fc.integer(), fc.constantFrom(...CODES))
    .map(([status_code, code]) =>
      JSON.stringify({ status_code, code, message: 'm', result_handler: {} }),
    ),
  fc.constantFrom(
    '',
    '{',
    '{"code":',
    'null',
    '[]',
    '""',
    '0',
    'true',
    '<html><body>502 Bad Gateway</body></html>',
    '\u0000\uffff',
    '{"message":null,"code":{}}',
  ),
  fc.constantFrom(
    '{}',
    '{"next_continuation_token":5}',
    '{"next_continuation_token":""}',
    '{"channel_statuses":[]}',
    '{"channel_statuses":{"F":null}}',
    '{"channel_statuses":{"F":{"channel_status_code":7,"last_committed_offset_token":{}}}}',
    '{"next_continuation_token":"0_9","channel_status":"x"}',
    '{"channel_status":{"channel_status_code":"ERR_CHANNEL_MUST_BE_REOPENED"},"next_continuation_token":"1_0"}',
  ),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(2_000_000, 10_000_000).map((n) => `{"code":"X","message":"${'a'.repeat(n)}"}`),
  fc
    .nat({ max: 80 })
    .map((n) =>
      '{"next_continuation_token":"0_1","channel_status":{"channel_name":"F"}}'.slice(0, n),
    ),
);
const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'text/html',
      'text/plain',
      '',
      'application/json; charset=utf-8',
    ),
    'retry-after': fc.constantFrom(
      '0',
      '1',
      '-1',
      'abc',
      'Wed, 21 Oct 2015 07:28:00 GMT',
      '99999999',
      '',
    ),
  },
  { requiredKeys: [] },
);
const status = fc.oneof(
  fc.constantFrom(
    200,
    201,
    204,
    301,
    400,
    401,
    403,
    404,
    408,
    409,
    413,
    429,
    499,
    500,
    502,
    503,
    504,
  ),
  fc.integer({ min: 100, max: 599 }),
);
const scripted: fc.Arbitrary<Scripted> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('good' as const) },
  { weight: 6, arbitrary: fc.record({ status, headers, body }) },
  {
    weight: 1,
    arbitrary: fc.record({
      throw: fc.constantFrom(
        'ECONNRESET',
        'ECONNREFUSED',
        'TIMEOUT',
        'PROTOCOL',
        'BODY_TOO_LARGE',
        'UNKNOWN' as const,
      ),
      reached: fc.boolean(),
    }),
  },
);
const ENDPOINTS: ScriptEndpoint[] = ['hostname', 'token', 'open', 'append', 'status'];
const script: fc.Arbitrary<Script> = fc.record(
  Object.fromEntries(ENDPOINTS.map((e) => [e, fc.array(scripted, { maxLength: 3 })])) as Record<
    ScriptEndpoint,
    fc.Arbitrary<Scripted[]>
  >,
  { requiredKeys: [] },
);

const outcomes: Record<string, number> = {};
const tally = (key: string): void => void (outcomes[key] = (outcomes[key] ?? 0) + 1);

function checkError(error: unknown, step: string, secrets: string[]): void {
  tally(`${step}:${(error as { code?: string }).code ?? (error as Error).name}`);
  const typed = isStreamingIngestError(error) || isTransportError(error) || isRetryError(error);
  expect(typed, `${step} threw an untyped ${String(error)}`).toBe(true);
  expect(typeof (error as Error).message).toBe('string');
  expect(leakedSecrets(error, secrets), `${step} leaked a secret in ${String(error)}`).toEqual([]);
}

describe('fuzz: server responses through a scripted transport', () => {
  it('every response ends in a typed error or a correct result: no crash, hang, unhandled rejection or leaked secret', async () => {
    const rejections = countUnhandledRejections();
    let runs = 0;
    try {
      await fc.assert(
        fc.asyncProperty(script, async (plan) => {
          runs += 1;
          const signature = `${SECRETS.scopedSignature}${runs}`;
          const { transport, bearers } = createScriptedTransport(plan, signature);
          const secrets = (): string[] => [
            ...staticSecrets,
            signature,
            ...bearers().filter((b) => b.length > 20),
          ];
          const created = await settle('createClient', () =>
            createClient({
              clientName: 'fuzz',
              dbName: 'DB',
              schemaName: 'PUBLIC',
              pipeName: 'P',
              transport,
              properties: {
                url: 'http://127.0.0.1:9',
                account: 'ACC',
                user: 'U',
                private_key: encryptedKey,
                private_key_passphrase: SECRETS.passphrase,
              },
              retry: {
                maxAttempts: 3,
                initialDelayMs: 1,
                maxDelayMs: 5,
                maxRetryAfterMs: 5,
                maxElapsedMs: 2_000,
              },
              maxClientLagMs: 1,
              commitPollIntervalMs: 1,
              commitPollMaxIntervalMs: 5,
              maxRecoveryAttempts: 2,
              closeTimeoutMs: 1_000,
            }),
          );
          if (!created.ok) return checkError(created.error, 'createClient', secrets());
          const client: StreamingIngestClient = created.value;
          try {
            const opened = await settle('openChannel', () => client.openChannel({ name: 'F' }));
            if (!opened.ok) return checkError(opened.error, 'openChannel', secrets());
            const { channel } = opened.value;
            const steps: Array<[string, () => Promise<unknown>]> = [
              ['appendRows', () => channel.appendRows([{ a: 1 }, { a: 2 }, { a: 3 }], '0', '2')],
              ['waitForFlush', () => channel.waitForFlush(2_000)],
              ['getChannelStatuses', () => client.getChannelStatuses(['F'])],
              ['waitForCommit', () => channel.waitForCommit('2', { timeoutMs: 300 })],
            ];
            for (const [step, run] of steps) {
              const outcome = await settle(step, run);
              if (!outcome.ok) return checkError(outcome.error, step, secrets());
              if (step === 'getChannelStatuses')
                expect((outcome.value as Map<string, unknown>).has('F')).toBe(true);
              if (step === 'waitForCommit') expect(Number(outcome.value)).toBeGreaterThanOrEqual(2);
            }
            tally('all steps succeeded');
          } finally {
            const closed = await settle('close', () =>
              client.close({ waitForCommit: false, timeoutMs: 200 }),
            );
            if (!closed.ok) checkError(closed.error, 'close', secrets());
          }
        }),
        fuzzRuns(150),
      );
    } finally {
      rejections.dispose();
    }
    expect(rejections.samples()).toEqual([]);
    console.log('response fuzz outcomes', outcomes);
    // The generator must reach both ends: full successes and failures at several steps.
    expect(outcomes['all steps succeeded'] ?? 0).toBeGreaterThan(0);
    expect(Object.keys(outcomes).length).toBeGreaterThan(5);
  }, 120_000);
});
