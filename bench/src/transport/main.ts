import { formatTable } from './format-table.js';
import { transportThroughput } from './transport-throughput.js';

const started = performance.now();
const results = await transportThroughput();
console.log(formatTable(results));
console.log(
  `\ntransport throughput bench took ${((performance.now() - started) / 1000).toFixed(1)} s (node ${process.version})`,
);
