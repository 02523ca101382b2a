import { formatResults } from '../lib/result.js';
import { benchRetryOverhead } from './retry-overhead.js';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 100_000);
const results = await benchRetryOverhead({ iterations });
console.log(formatResults(results));
for (const r of results) if (r.notes) console.log(`${r.name}: ${r.notes}`);
if (results.some((r) => r.pass === false)) process.exitCode = 1;
