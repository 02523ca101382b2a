import { formatResults } from '../lib/result.js';
import { benchTenMillionRows } from './ten-million-rows.js';

const results = await benchTenMillionRows();
console.log(formatResults(results));
for (const r of results) if (r.notes) console.log(`  ${r.name}: ${r.notes}`);
