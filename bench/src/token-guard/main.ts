import { formatResults } from '../lib/result.js';
import { benchCoalescedRefresh } from './coalesced-refresh.js';
import { benchEnsureFreshFastPath } from './fast-path.js';
import { benchKeyPairSigning } from './signing.js';

const results = [
  ...(await benchEnsureFreshFastPath()),
  ...(await benchCoalescedRefresh()),
  ...(await benchKeyPairSigning()),
];
console.log(formatResults(results));
for (const r of results) if (r.notes) console.log(`${r.name}: ${r.notes}`);
if (results.some((r) => r.pass === false)) process.exitCode = 1;
