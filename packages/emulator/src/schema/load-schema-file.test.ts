import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../cli/parse-cli-args.js';
import { resolveOptions } from '../resolve-options.js';
import { loadSchemaFile } from './load-schema-file.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('--schema FILE', () => {
  const tables = [{ table: 'orders', columns: [{ name: 'id', type: 'NUMBER(38,0)' }] }];

  it('is a CLI flag naming the file', () => {
    expect(parseCliArgs(['--schema', 'tables.json']).schemaFile).toBe('tables.json');
    expect(parseCliArgs([]).schemaFile).toBeUndefined();
  });

  it('reads an array of tables or { tables }, which the emulator then compiles', () => {
    expect(loadSchemaFile(write('a.json', JSON.stringify(tables)))).toEqual(tables);
    const loaded = loadSchemaFile(write('b.json', JSON.stringify({ tables })));
    const [compiled] = resolveOptions({ tables: loaded }).tables;
    expect(compiled?.pipes.has('ORDERS-STREAMING')).toBe(true);
    expect(compiled?.columns[0]).toMatchObject({
      name: 'ID',
      type: { kind: 'NUMBER', precision: 38, scale: 0 },
    });
  });

  it('names the file and the problem when it cannot be used', () => {
    expect(() => loadSchemaFile(write('c.json', '{'))).toThrow(/--schema .*c\.json/);
    expect(() => loadSchemaFile(write('d.json', '{"x":1}'))).toThrow(/expected an array of tables/);
    expect(() =>
      resolveOptions({ tables: [{ table: 'T', columns: [{ name: 'a', type: 'GEOGRAPHY' }] }] }),
    ).toThrow(/table T column a: .*GEOGRAPHY/);
  });
});
