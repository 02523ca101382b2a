import { formatResults } from '../lib/result.js';
import { benchNdjsonEncoding } from './encoding.js';

const rows = process.env.ROWS === undefined ? undefined : Number(process.env.ROWS);
const results = await benchNdjsonEncoding(rows === undefined ? {} : { rows });
console.log(formatResults(results));
for (const r of results) if (r.notes) console.log(`  ${r.name}: ${r.notes}`);
