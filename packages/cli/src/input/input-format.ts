import { CliError } from '../cli-error.js';

/** The input formats `snowpipe ingest` reads. */
export type InputFormat = 'ndjson' | 'csv' | 'json';

const BY_EXTENSION: Record<string, InputFormat> = {
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  json: 'json',
  csv: 'csv',
  tsv: 'csv',
};

/** `--format` when given, else the file extension (after `.gz`/`.zst`), else NDJSON. */
export function resolveFormat(flag: string | undefined, path: string): InputFormat {
  if (flag !== undefined) {
    if (flag === 'ndjson' || flag === 'csv' || flag === 'json') return flag;
    throw new CliError(
      'USAGE',
      `--format: must be ndjson, csv or json (got ${JSON.stringify(flag)})`,
    );
  }
  const parts = path.toLowerCase().split('/').pop()!.split('.');
  let ext = parts.pop();
  if (ext === 'gz' || ext === 'zst' || ext === 'zstd') ext = parts.pop();
  return (ext !== undefined && BY_EXTENSION[ext]) || 'ndjson';
}
