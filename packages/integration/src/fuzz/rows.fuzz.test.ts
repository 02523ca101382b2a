import { isStreamingIngestError } from '@snowpipe/streaming-client';
import type { Channel, Row, StreamingIngestClient } from '@snowpipe/streaming-client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorBench } from '../chaos/emulator-client.js';
import type { EmulatorBench } from '../chaos/emulator-client.js';
import { settle } from './guard.js';
import { fuzzRuns } from './fuzz-runs.js';

const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

let bench: EmulatorBench;
let client: StreamingIngestClient;
let channelNo = 0;

beforeAll(async () => {
  bench = await startEmulatorBench({ retainRows: 1_000_000 });
  client = await bench.client();
});
afterAll(async () => {
  await client.close({ waitForCommit: false, timeoutMs: 100 }).catch(() => undefined);
  await bench.stop();
});

const UNICODE = [
  '\ud800',
  'a\udc00b',
  '\udbff\udfff',
  '\udfff\ud800',
  '\u0000',
  '\u2028\u2029',
  '\ufeff',
  '😀👍🏽',
  'e\u0301',
  '\u{10ffff}',
  '"\\\n\t',
  '\u007f\u0080',
];

const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
const cyclic = (): Record<string, unknown> => {
  const row: Record<string, unknown> = { id: 1 };
  row.self = row;
  return row;
};

const leaf = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(...UNICODE),
  fc.constantFrom(undefined, () => 1, Symbol('s'), NaN, -0, Infinity, 1e21, 2 ** 53 + 1),
  fc.date({ noInvalidDate: true }),
);
const row = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.dictionary(
      fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...UNICODE)),
      leaf,
      { maxKeys: 6 },
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000 }).map(nested) },
  { weight: 1, arbitrary: fc.constantFrom(200_000, 2_000_000).map(nested) },
  { weight: 1, arbitrary: fc.constantFrom(1, 10n, 'x'.repeat(3)).map((v) => ({ big: v, n: 1n })) },
  { weight: 1, arbitrary: fc.constant(null).map(cyclic) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(100_000, 3_000_000, MAX_REQUEST_BYTES + 10)
      .map((n) => ({ s: 'x'.repeat(n) })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      null,
      'a string',
      42,
      [1, 2],
      [],
      { toJSON: () => 'str' },
      { toJSON: () => undefined },
    ),
  },
);

/** Waits (bounded) until `token` is committed on `channel`, failing with the reason otherwise. */
async function expectCommittedThrough(channel: Channel, token: string): Promise<void> {
  const committed = await settle(
    'waitForCommit',
    () => channel.waitForCommit(token, { timeoutMs: 10_000 }),
    15_000,
  );
  expect(committed.ok ? committed.value : String(committed.error)).toBe(token);
}

class Refused extends Error {}

/**
 * The JSON text the client should send for a value, written independently of it from the
 * README's type table (BigInt exact, NaN/±Infinity as text, -0 signed, undefined as null, Dates
 * with +00:00, toJSON honoured; functions, symbols and non-plain objects refused).
 */
function reference(v: unknown, top = false): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      if (Number.isNaN(v)) return '"NaN"';
      if (v === Infinity) return '"inf"';
      if (v === -Infinity) return '"-inf"';
      return Object.is(v, -0) ? '-0' : JSON.stringify(v);
    case 'boolean':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      throw new Refused();
  }
  if (v === null) return 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString().replace(/Z$/, '+00:00'));
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const r: unknown = (toJSON as () => unknown).call(v);
    if (top && (typeof r !== 'object' || r === null || Array.isArray(r))) throw new Refused();
    return reference(r);
  }
  if (Array.isArray(v)) {
    if (top) throw new Refused();
    return `[${v.map((x) => reference(x)).join(',')}]`;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) throw new Refused();
  const record = v as Record<string, unknown>;
  return `{${Object.keys(record)
    .map((k) => `${JSON.stringify(k)}:${reference(record[k])}`)
    .join(',')}}`;
}

/** What the client should do with a row, computed independently of it. */
function expectation(r: unknown): 'ok' | 'ROW_NOT_SERIALIZABLE' | 'ROW_TOO_LARGE' {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'ROW_NOT_SERIALIZABLE';
  let json: string;
  try {
    json = reference(r, true);
  } catch (error) {
    // Refused values, and cycles or nesting too deep to write (the stack overflows).
    if (error instanceof Refused || error instanceof RangeError) return 'ROW_NOT_SERIALIZABLE';
    throw error;
  }
  return Buffer.byteLength(json) + 1 > MAX_REQUEST_BYTES ? 'ROW_TOO_LARGE' : 'ok';
}

describe('fuzz: rows', () => {
  it('every row is committed as the type table says or refused with ROW_NOT_SERIALIZABLE / ROW_TOO_LARGE', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 4 }), async (rows) => {
        const name = `ROWS_${channelNo++}`;
        const { channel } = await client.openChannel({ name });
        try {
          const verdicts = rows.map(expectation);
          const firstBad = verdicts.find((v) => v !== 'ok');
          const appended = await settle('appendRows', () =>
            channel.appendRows(rows as Row[], '0', String(rows.length - 1)),
          );
          if (firstBad !== undefined) {
            expect(appended.ok, `expected ${firstBad}`).toBe(false);
            const error = appended.ok ? undefined : appended.error;
            expect(isStreamingIngestError(error), String(error)).toBe(true);
            expect((error as { code: string }).code).toBe(firstBad);
            return;
          }
          expect(appended.ok ? 'ok' : String(appended.error)).toBe('ok');
          await expectCommittedThrough(channel, String(rows.length - 1));
          const ledger = bench.emulator.ledger.channel('BENCH_DB', 'PUBLIC', 'BENCH_PIPE', name);
          expect(ledger?.rowsErrored).toBe(0);
          // Parsed back, so key order does not matter (top-level BigInt columns come last).
          expect(ledger?.rows ?? []).toEqual(
            rows.map((r) => JSON.parse(reference(r, true)) as unknown),
          );
        } finally {
          await channel.close({ waitForCommit: false, timeoutMs: 1_000 }).catch(() => undefined);
        }
      }),
      fuzzRuns(80),
    );
  }, 120_000);

  it('ready JSON (appendEncodedRows, every input form) is committed, counted as a row error by the service, or refused with the row named', async () => {
    const framed = fc.oneof(
      fc
        .dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
        .map((o) => JSON.stringify(o)),
      fc.string({ unit: 'binary', maxLength: 12 }).map((t) => `{${t}}`),
      fc.constantFrom('{"a":1}\r', '{}', '{"s":"\u2028"}'),
    );
    const line = fc.oneof(
      { weight: 4, arbitrary: framed },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      { weight: 1, arbitrary: fc.constantFrom('', '[1]', '"x"', '{"a":', ' {"a":1}', '{"a":1}\n') },
    );
    const form = fc.constantFrom('text', 'bytes', 'strings', 'buffers');
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 5 }), form, async (items, how) => {
        // The rows as the client must see them, computed independently of it.
        const text = items.join('\n');
        const lines =
          how === 'text' || how === 'bytes'
            ? Buffer.from(text).toString('utf8').split('\n')
            : items.map((i) => Buffer.from(i).toString('utf8'));
        if ((how === 'text' || how === 'bytes') && lines.at(-1) === '' && lines.length > 1)
          lines.pop();
        const verdictOf = (l: string, asItem: boolean): string => {
          if (asItem && l.includes('\n')) return 'INVALID_ENCODED_ROW';
          const body = !asItem && l.endsWith('\r') ? l.slice(0, -1) : l;
          if (body === '' || !body.startsWith('{') || !body.endsWith('}'))
            return 'INVALID_ENCODED_ROW';
          return Buffer.byteLength(l) + 1 > MAX_REQUEST_BYTES ? 'ROW_TOO_LARGE' : 'ok';
        };
        const asItem = how === 'strings' || how === 'buffers';
        if (!asItem && text === '') {
          // No bytes, no rows: the call is a no-op.
          const { channel } = await client.openChannel({ name: `ENC_${channelNo++}` });
          await channel.appendEncodedRows(how === 'text' ? '' : Buffer.alloc(0));
          await channel.close({ waitForCommit: false, timeoutMs: 1_000 }).catch(() => undefined);
          return;
        }
        const verdicts = lines.map((l) => verdictOf(l, asItem));
        const firstBad = verdicts.findIndex((v) => v !== 'ok');
        const input =
          how === 'text'
            ? text
            : how === 'bytes'
              ? Buffer.from(text)
              : how === 'strings'
                ? items
                : items.map((i) => Buffer.from(i));
        const name = `ENC_${channelNo++}`;
        const { channel } = await client.openChannel({ name });
        try {
          const appended = await settle('appendEncodedRows', () =>
            channel.appendEncodedRows(input, '0', String(lines.length - 1)),
          );
          if (firstBad >= 0) {
            expect(appended.ok, `expected ${verdicts[firstBad]} at row ${firstBad}`).toBe(false);
            const error = appended.ok ? undefined : appended.error;
            expect(isStreamingIngestError(error), String(error)).toBe(true);
            const e = error as { code: string; details?: { rowIndex?: number } };
            expect(e.code).toBe(verdicts[firstBad]);
            expect(e.details?.rowIndex).toBe(firstBad);
            return;
          }
          expect(appended.ok ? 'ok' : String(appended.error)).toBe('ok');
          await expectCommittedThrough(channel, String(lines.length - 1));
          // Framed lines that are not JSON objects reach the service, which counts them.
          const parsed = lines.map((l) => {
            try {
              const v: unknown = JSON.parse(l);
              return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
            } catch {
              return undefined;
            }
          });
          const good = parsed.filter((v) => v !== undefined);
          const ledger = bench.emulator.ledger.channel('BENCH_DB', 'PUBLIC', 'BENCH_PIPE', name);
          expect(ledger?.rowsErrored).toBe(lines.length - good.length);
          expect((ledger?.rows ?? []).map((r) => JSON.stringify(r))).toEqual(
            good.map((r) => JSON.stringify(r)),
          );
        } finally {
          await channel.close({ waitForCommit: false, timeoutMs: 1_000 }).catch(() => undefined);
        }
      }),
      fuzzRuns(80),
    );
  }, 120_000);
});
