import { formatResults } from '../lib/result.js';
import { benchValueEncoding } from './value-encoding.js';

const rows = process.env.ROWS === undefined ? undefined : Number(process.env.ROWS);
const results = await benchValueEncoding(rows === undefined ? {} : { rows });
console.log(formatResults(results));
for (const r of results) if (r.notes) console.log(`  ${r.name}: ${r.notes}`);
