import type { IncomingMessage } from 'node:http';

/** What reading a request body produced. */
export type BodyResult =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'tooLarge'; receivedBytes: number }
  | { kind: 'failed'; error: unknown };

/** Bodies beyond the limit are drained (discarded) up to this many bytes, then the socket is cut. */
const DRAIN_LIMIT_BYTES = 256 * 1024 * 1024;

/**
 * Reads a request body up to `limitBytes`. A larger body is drained so the client can read the
 * 413 that follows instead of failing with EPIPE; an aborted or failed request resolves `failed`.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunks: Buffer[] = [];
    let received = 0;
    let over = Number.isFinite(declared) && declared > limitBytes;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) over = true;
      if (over) {
        chunks.length = 0;
        if (received > DRAIN_LIMIT_BYTES) {
          req.socket.destroy();
          finish({ kind: 'failed', error: new Error('request body far beyond the limit') });
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) finish({ kind: 'tooLarge', receivedBytes: received });
      else
        finish({
          kind: 'ok',
          body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received),
        });
    });
    req.on('error', (error) => finish({ kind: 'failed', error }));
    req.on('close', () => {
      if (!req.complete) finish({ kind: 'failed', error: new Error('request aborted') });
    });
  });
}
