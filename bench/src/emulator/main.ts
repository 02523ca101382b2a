import { formatResults } from '../lib/result.js';
import { appendThroughput } from './append-throughput.js';

const started = performance.now();
const results = await appendThroughput();
console.log(formatResults(results));
for (const r of results) if (r.notes) console.log(`  ${r.name}: ${r.notes}`);
console.log(
  `\nemulator append bench took ${((performance.now() - started) / 1000).toFixed(1)} s (node ${process.version})`,
);
