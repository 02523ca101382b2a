import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { PlannedInput } from '../ingest/ingest-plan.js';
import type { RejectedItem } from '../readers/read-item.js';

/** How many rejected rows are named one by one on stderr before a count takes over. */
const SHOWN = 20;

/**
 * Reports rejected rows as `FILE:LINE: reason` on stderr (the first 20) and, with a path,
 * appends each one's text to that file so it can be fixed and loaded again.
 */
export function createRejectReporter(options: {
  path: string | undefined;
  unit: 'line' | 'element';
}): {
  report: (input: PlannedInput, item: RejectedItem) => void;
  close: () => Promise<number>;
} {
  let count = 0;
  let file: WriteStream | undefined;
  return {
    report(input, item) {
      count++;
      const where = input.path === '-' ? 'stdin' : input.path;
      if (count <= SHOWN) {
        const at =
          options.unit === 'line'
            ? `${where}:${item.position}`
            : `${where}: element ${item.position}`;
        process.stderr.write(`snowpipe: ${at}: ${item.reason}\n`);
      }
      if (options.path !== undefined) {
        file ??= createWriteStream(options.path, { flags: 'a' });
        file.write(`${item.text}\n`);
      }
    },
    async close() {
      if (count > SHOWN)
        process.stderr.write(`snowpipe: ... ${count - SHOWN} more rejected rows\n`);
      if (file !== undefined) {
        const f = file;
        await new Promise<void>((resolve, reject) =>
          f.end((error?: Error | null) => (error ? reject(error) : resolve())),
        );
      }
      return count;
    },
  };
}
