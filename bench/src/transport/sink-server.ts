import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** A loopback HTTP sink in a child process, so its CPU is not counted as the client's. */
export interface SinkServer {
  readonly url: string;
  close(): Promise<void>;
}

// Drains the body and answers 200 `{}`; prints its port once listening.
const SINK_SOURCE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
    res.end('{}');
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

/** Starts the sink and resolves once it listens. */
export async function startSinkServer(): Promise<SinkServer> {
  const child = spawn(process.execPath, ['-e', SINK_SOURCE], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  const port = Number(chunk.toString().trim());
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}
