import { formatResults } from '../lib/result.js';
import { benchManyChannels } from './many-channels.js';

const rows = Number(process.env.ROWS ?? 1_000_000);
const results = await benchManyChannels([
  { open: 32, busy: 32, rows },
  { open: 100, busy: 100, rows },
  { open: 10_000, busy: 8, rows },
]);
console.log(formatResults(results));
for (const r of results) if (r.notes) console.log(`  ${r.name}: ${r.notes}`);
