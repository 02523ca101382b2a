import { Worker } from 'node:worker_threads';

/** A loopback HTTP sink running in a worker thread (so it does not share the client's loop). */
export interface SinkServer {
  readonly url: string;
  close(): Promise<void>;
}

// CommonJS source for the worker: drain the body, answer 200 `{}`.
const SINK_SOURCE = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
    res.end('{}');
  });
});
server.keepAliveTimeout = 60000;
server.maxRequestsPerSocket = 0;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => { server.closeAllConnections(); server.close(() => parentPort.close()); });
`;

/** Starts the sink and resolves once it listens. */
export async function startSinkServer(): Promise<SinkServer> {
  const worker = new Worker(SINK_SOURCE, { eval: true });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (p: number) => resolve(p));
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      worker.postMessage('close');
      await worker.terminate();
    },
  };
}
