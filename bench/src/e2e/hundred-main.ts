import { formatResults } from '../lib/result.js';
import { benchHundredChannels } from './hundred-channels.js';

const results = await benchHundredChannels();
console.log(formatResults(results));
for (const r of results) if (r.notes) console.log(`  ${r.name}: ${r.notes}`);
