import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { TableDefinition } from '@snowpipe/emulator';
import { noopTelemetry } from '../src/index.js';
import type { Row, Telemetry, TelemetryAttributes } from '../src/index.js';
import { formatColumnPath } from '../src/values/column-path.js';
import { startFixture } from './support/emulator-fixture.js';
import type { Fixture } from './support/emulator-fixture.js';

/** One JavaScript value, the column it goes into, and what the table then holds. */
type Case = [label: string, type: string, value: unknown, stored: unknown];

const CASES: Case[] = [
  [
    'BigInt beyond 2^53 → NUMBER(38,0)',
    'NUMBER(38,0)',
    12345678901234567890123n,
    '12345678901234567890123',
  ],
  ['negative BigInt → NUMBER(38,0)', 'NUMBER(38,0)', -9007199254740993n, '-9007199254740993'],
  ['number → NUMBER(10,2)', 'NUMBER(10,2)', 12.5, '12.50'],
  ['number → FLOAT', 'FLOAT', 1.25, 1.25],
  ['-0 → FLOAT', 'FLOAT', -0, -0],
  ['NaN → FLOAT', 'FLOAT', Number.NaN, Number.NaN],
  ['Infinity → FLOAT', 'FLOAT', Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY],
  ['-Infinity → FLOAT', 'FLOAT', Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
  ['string → VARCHAR(10)', 'VARCHAR(10)', 'héllo', 'héllo'],
  ['number → VARCHAR', 'VARCHAR', 42, '42'],
  ['Buffer → BINARY', 'BINARY', Buffer.from('hi'), Buffer.from('hi')],
  ['Uint8Array → BINARY', 'BINARY', new Uint8Array([0, 255, 16]), Buffer.from([0, 255, 16])],
  ['boolean → BOOLEAN', 'BOOLEAN', true, true],
  [
    'Date → TIMESTAMP_TZ',
    'TIMESTAMP_TZ',
    new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    '2026-01-02 03:04:05.006000000 +00:00',
  ],
  [
    'Date → TIMESTAMP_LTZ',
    'TIMESTAMP_LTZ',
    new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    '2026-01-02 03:04:05.006000000 +00:00',
  ],
  [
    'Date → TIMESTAMP_NTZ',
    'TIMESTAMP_NTZ',
    new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    '2026-01-02 03:04:05.006000000',
  ],
  ['Date → DATE', 'DATE', new Date(Date.UTC(2026, 1, 28)), '2026-02-28'],
  ['string → TIME', 'TIME', '20:57:01.5', '20:57:01.500000000'],
  [
    'object with BigInt and Buffer → VARIANT',
    'VARIANT',
    { n: 2n ** 70n, b: Buffer.from([1]) },
    { n: 2n ** 70n, b: '01' },
  ],
  ['object → OBJECT', 'OBJECT', { k: [1, 'x'] }, { k: [1, 'x'] }],
  ['array with undefined and NaN → ARRAY', 'ARRAY', [1, undefined, Number.NaN], [1, null, 'NaN']],
  ['null → NUMBER', 'NUMBER', null, null],
  ['undefined → VARCHAR (sent as null)', 'VARCHAR', undefined, null],
];

const typeTable: TableDefinition = {
  table: 'TYPED',
  columns: [
    { name: 'id', type: 'NUMBER' },
    ...CASES.map(([, type], i) => ({ name: `c${i}`, type })),
  ],
};

const checkedTable: TableDefinition = {
  table: 'CHECKED',
  columns: [
    { name: 'id', type: 'NUMBER(38,0)', nullable: false },
    { name: 'code', type: 'VARCHAR(3)' },
    { name: 'qty', type: 'NUMBER(3,0)' },
    { name: 'at', type: 'TIMESTAMP_NTZ' },
  ],
};

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

async function rowsOf(table: string, rows: Row[], telemetry: Telemetry = noopTelemetry) {
  fixture = await startFixture({
    emulator: { tables: [typeTable, checkedTable], retainRows: true },
    client: { pipeName: `${table}-STREAMING`, telemetry },
  });
  const { channel } = await fixture.client.openChannel({ name: 'values' });
  await channel.appendRows(rows, '1', String(rows.length));
  await channel.waitForCommit(String(rows.length), { timeoutMs: 5000 });
  const ledger = fixture.emulator.ledger.channel('DB', 'SC', `${table}-STREAMING`, 'values');
  return { channel, ledger, fixture };
}

describe('values through the client into a schema-aware emulator', () => {
  it('lands each JavaScript value as the Snowflake value its column holds', async () => {
    const rows = CASES.map(([, , value], i) => ({ id: i, [`c${i}`]: value }));
    const { ledger } = await rowsOf('TYPED', rows);
    expect(ledger?.rowsErrored).toBe(0);
    const stored = (ledger?.rows ?? []) as Array<Record<string, unknown>>;
    CASES.forEach(([label, , , expected], i) => {
      expect({ label, value: stored[i]?.[`C${i}`] }).toEqual({ label, value: expected });
    });
  });

  it('counts rows the table rejects as the service does, and the client reports them', async () => {
    const rejected: Array<{ rows: number; attributes: TelemetryAttributes }> = [];
    const telemetry: Telemetry = {
      ...noopTelemetry,
      metrics: {
        rowsAppended: () => undefined,
        bufferedBytes: () => undefined,
        commitLag: () => undefined,
        rowsRejected: (rows, attributes) => void rejected.push({ rows, attributes }),
      },
    };
    const rows = [
      { id: 1n, code: 'abc', qty: 5, at: new Date(0) },
      { id: 2n, code: 'toolong' }, // over-long string
      { id: 3n, qty: 1000 }, // out of range for NUMBER(3,0)
      { id: 4n, at: 'yesterday' }, // malformed timestamp
      { code: 'x' }, // the NOT NULL id is missing
      { id: 6n, extra: 'not a column', CODE: 'xyz' }, // unknown field ignored; keys match case-insensitively
    ];
    const { channel, ledger, fixture: f } = await rowsOf('CHECKED', rows, telemetry);
    expect(ledger).toMatchObject({ rowsCommitted: 2, rowsErrored: 4 });
    expect(ledger?.rows).toEqual([
      { ID: '1', CODE: 'abc', QTY: '5', AT: '1970-01-01 00:00:00.000000000' },
      { ID: '6', CODE: 'xyz', QTY: null, AT: null },
    ]);
    const status = await channel.getChannelStatus();
    expect(status).toMatchObject({ rowsErrorCount: 4, lastErrorOffsetTokenUpperBound: '6' });
    expect(status.lastErrorMessage).toMatch(
      /4 row\(s\) of the rowset were rejected; the first, at line 2: column CODE VARCHAR\(3\)/,
    );
    expect(f.client.stats().rowsRejected).toBe(4);
    expect(rejected).toEqual([
      {
        rows: 4,
        attributes: { 'snowpipe.pipe': 'CHECKED-STREAMING', 'snowpipe.channel': 'values' },
      },
    ]);
    const warning = f.logs.filter((l) => l.includes('rejected'));
    expect(warning).toHaveLength(1);
    expect(warning[0]).toContain('channel "values"');
    expect(warning[0]).toContain('at or before offset token 6');
  });

  it('refuses every formerly silently changed value at the call or sends it exactly', async () => {
    fixture = await startFixture({
      emulator: { tables: [typeTable], retainRows: true },
      client: { pipeName: 'TYPED-STREAMING' },
    });
    const { channel } = await fixture.client.openChannel({ name: 'silent' });
    const refused: Array<[string, unknown]> = [
      ['Map', new Map([['a', 1]])],
      ['Set', new Set([1])],
      ['function', () => 1],
      ['symbol', Symbol('s')],
    ];
    for (const [label, value] of refused) {
      await expect(channel.appendRow({ id: 0, c8: value }), label).rejects.toMatchObject({
        code: 'ROW_NOT_SERIALIZABLE',
        details: { rowIndex: 0, columnPath: 'c8' },
      });
    }
    // The rest arrive as what they are (their stored values are asserted in the first test).
    const exact: Row[] = [
      { id: 1, c10: Buffer.from('hi') },
      { id: 2, c11: new Uint8Array([1, 2]) },
      { id: 3, c0: 2n ** 64n },
      { id: 4, c5: Number.NaN },
      { id: 5, c6: Number.POSITIVE_INFINITY },
      { id: 6, c7: Number.NEGATIVE_INFINITY },
      { id: 7, c22: undefined },
    ];
    await channel.appendRows(exact, '1', '7');
    await channel.waitForCommit('7', { timeoutMs: 5000 });
    const stored = fixture.emulator.ledger.channel('DB', 'SC', 'TYPED-STREAMING', 'silent')
      ?.rows as Array<Record<string, unknown>>;
    expect(stored.map((r, i) => r[Object.keys(exact[i] as object)[1]!.toUpperCase()])).toEqual([
      Buffer.from('hi'),
      Buffer.from([1, 2]),
      '18446744073709551616',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      null,
    ]);
    // undefined is sent as null: the key is present in what the service receives.
    expect(stored[6]).toHaveProperty('C22', null);
  });

  it('property: supported rows come back as the expected Snowflake values; unsupported ones fail at the call naming the path', async () => {
    const propTable: TableDefinition = {
      table: 'PROP',
      columns: [
        'N NUMBER(38,0)',
        'F FLOAT',
        'S VARCHAR',
        'B BINARY',
        'D TIMESTAMP_TZ',
        'V VARIANT',
      ].map((c) => {
        const [name, type] = c.split(' ') as [string, string];
        return { name, type };
      }),
    };
    fixture = await startFixture({
      emulator: { tables: [propTable], retainRows: true },
      client: { pipeName: 'PROP-STREAMING' },
    });
    const { channel } = await fixture.client.openChannel({ name: 'prop' });
    const f = fixture;
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    const tz = (d: Date): string =>
      `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000000 +00:00`;
    const key = fc.string().filter((k) => k !== '__proto__');
    const variantItem = fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.string(),
      fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }),
    );
    const row = fc
      .record({
        N: fc.bigInt({ min: 1n - 10n ** 38n, max: 10n ** 38n - 1n }),
        F: fc.double(),
        S: fc.string(),
        B: fc.uint8Array({ maxLength: 32 }),
        D: fc.date({
          min: new Date('0001-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        V: fc.dictionary(key, variantItem, { maxKeys: 4 }),
      })
      .map((r) => ({
        row: r,
        expected: { N: r.N.toString(), F: r.F, S: r.S, B: Buffer.from(r.B), D: tz(r.D), V: r.V },
      }));
    let offset = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 4 }), async (batch) => {
        const before =
          f.emulator.ledger.channel('DB', 'SC', 'PROP-STREAMING', 'prop')?.rows?.length ?? 0;
        await channel.appendRows(
          batch.map((b) => b.row),
          String(offset + 1),
          String(offset + batch.length),
        );
        offset += batch.length;
        await channel.waitForCommit(String(offset), { timeoutMs: 5000 });
        const ledger = f.emulator.ledger.channel('DB', 'SC', 'PROP-STREAMING', 'prop');
        expect(ledger?.rowsErrored).toBe(0);
        expect(ledger?.rows?.slice(before)).toEqual(batch.map((b) => b.expected));
      }),
      { numRuns: 25 },
    );
    const unsupported = fc.constantFrom<[string, unknown]>(
      ['a Map', new Map()],
      ['a Set', new Set()],
      ['a function', () => 1],
      ['a symbol', Symbol('s')],
      ['an instance of X', new (class X {})()],
    );
    await fc.assert(
      fc.asyncProperty(key, fc.nat({ max: 3 }), unsupported, async (k, at, [valueType, bad]) => {
        const rows: Row[] = [0, 1, 2, 3].map((i) => ({
          N: BigInt(i),
          V: i === at ? { [k]: bad } : {},
        }));
        await expect(channel.appendRows(rows)).rejects.toMatchObject({
          code: 'ROW_NOT_SERIALIZABLE',
          details: { rowIndex: at, columnPath: formatColumnPath(['V', k]), valueType },
        });
      }),
      { numRuns: 40 },
    );
  });
});
