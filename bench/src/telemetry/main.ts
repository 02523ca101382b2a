import { formatResults } from '../lib/result.js';
import { benchTelemetryOverhead } from './overhead.js';

const results = [
  ...(await benchTelemetryOverhead({ rowsPerChannel: 20_000 })),
  ...(await benchTelemetryOverhead({ batchBytes: 64 * 1024, withGoal: false })),
];
console.log(formatResults(results));
for (const r of results) if (r.notes) console.log(`  ${r.name}: ${r.notes}`);
