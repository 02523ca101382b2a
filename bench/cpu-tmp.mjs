import { createUndiciTransport } from '@snowpipe/transport-undici';
import { Agent } from 'undici';
import { startSinkServer } from '/work/main/bench/dist/transport/sink-server.js';
const sink = await startSinkServer();
const body = Buffer.alloc(64*1024, 'a');
const H = { 'content-type': 'application/x-ndjson' };
const agent = new Agent({ connections: 10 });
const t = createUndiciTransport({ connections: 10 });
const origin = sink.url;
const raw = async () => { const r = await agent.request({ origin, path: '/v2/rows', method: 'POST', headers: H, body }); await r.body.text(); };
const ours = () => t.request({ method: 'POST', url: `${origin}/v2/rows`, headers: H, body });
async function measure(send, n) { const c = process.cpuUsage(); let left = n; await Promise.all(Array.from({length:10}, async () => { while (left-- > 0) await send(); })); const u = process.cpuUsage(c); return (u.user+u.system)/n; }
await measure(raw, 2000); await measure(ours, 2000);
const r = [], o = [];
for (let i = 0; i < 8; i++) { r.push(await measure(raw, 1500)); o.push(await measure(ours, 1500)); }
const med = a => [...a].sort((x,y)=>x-y)[a.length>>1];
console.log('raw', med(r).toFixed(1), 'ours', med(o).toFixed(1), 'us/req');
await agent.close(); await t.close(); await sink.close();
