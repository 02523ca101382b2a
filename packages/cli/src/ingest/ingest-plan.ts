import { stat } from 'node:fs/promises';
import { CliError } from '../cli-error.js';
import type { InputFormat } from '../input/input-format.js';
import { detectCompression } from '../input/detect-compression.js';
import type { TokenLayout } from './position-token.js';
import { splitRanges } from './split-ranges.js';

/** One input of a channel: a whole file or stdin, or one range of a file. */
export interface PlannedInput {
  /** Path, or `-` for stdin. */
  readonly path: string;
  /** 1-based place on the command line (the `input` of a `file-line` token). */
  readonly input: number;
  /** Byte range to read (parallel channels only). */
  readonly startByte?: number;
  /** Last byte to read, inclusive (parallel channels only). */
  readonly endByte?: number;
  /** Line number of the first line read. */
  readonly firstPosition: number;
  /** Line number of the last line in range (parallel channels only). */
  readonly lastPosition?: number;
  /** Size in bytes when known (regular files), for the ETA. */
  readonly sizeBytes?: number;
}

/** What one channel ingests. */
export interface PlannedChannel {
  /** Channel name. */
  readonly name: string;
  /** How its offset tokens are written. */
  readonly layout: TokenLayout;
  /** Its inputs, in order. */
  readonly inputs: readonly PlannedInput[];
}

/** Most parallel channels one command opens. */
export const MAX_CHANNELS = 32;

/** Channel k (0-based) of `count` parallel channels named after `base`. */
export function parallelChannelName(base: string, k: number, count: number): string {
  return count === 1 ? base : `${base}_${k + 1}_OF_${count}`;
}

/** The default channel: `CLI_` and the first input's name, or `CLI_STDIN`. */
export function defaultChannelName(paths: readonly string[]): string {
  const first = paths[0] ?? '-';
  if (first === '-') return 'CLI_STDIN';
  const base = first.split('/').pop()!.split('.')[0] ?? 'INPUT';
  return `CLI_${base.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase() || 'INPUT'}`;
}

async function sizeOf(path: string): Promise<number | undefined> {
  if (path === '-') return undefined;
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : undefined;
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'stat error';
    throw new CliError('USAGE', `${path}: cannot open (${code})`, { cause: error });
  }
}

/**
 * Plans the channels: one channel for all inputs, or `count` channels over contiguous line ranges
 * of one uncompressed NDJSON file (see {@link splitRanges}).
 */
export async function planChannels(options: {
  paths: readonly string[];
  channel: string;
  count: number;
  format: InputFormat;
  head: (path: string) => Promise<Uint8Array>;
}): Promise<PlannedChannel[]> {
  const { paths, channel, count } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CHANNELS) {
    throw new CliError(
      'USAGE',
      `--channels: must be an integer from 1 to ${MAX_CHANNELS} (got ${count})`,
    );
  }
  const sizes = await Promise.all(paths.map(sizeOf));
  if (count === 1) {
    const layout: TokenLayout = paths.length > 1 ? 'file-line' : 'line';
    const inputs = paths.map((path, i) => ({
      path,
      input: i + 1,
      firstPosition: 1,
      ...(sizes[i] !== undefined ? { sizeBytes: sizes[i] } : {}),
    }));
    return [{ name: channel, layout, inputs }];
  }
  const size = sizes[0];
  if (paths.length !== 1 || size === undefined || options.format !== 'ndjson') {
    throw new CliError(
      'USAGE',
      '--channels above 1 needs exactly one regular NDJSON file (not stdin, CSV or JSON): its lines are split into ranges',
    );
  }
  if (detectCompression(await options.head(paths[0]!)) !== 'none') {
    throw new CliError(
      'USAGE',
      '--channels above 1 needs an uncompressed file (a compressed one cannot be split)',
    );
  }
  const ranges = await splitRanges(paths[0]!, size, count);
  return ranges.map((r, k) => ({
    name: parallelChannelName(channel, k, count),
    layout: 'line' as const,
    inputs: [
      {
        path: paths[0]!,
        input: 1,
        startByte: r.startByte,
        endByte: r.endByte,
        firstPosition: r.firstLine,
        lastPosition: r.lastLine,
        sizeBytes: r.endByte - r.startByte + 1,
      },
    ],
  }));
}
