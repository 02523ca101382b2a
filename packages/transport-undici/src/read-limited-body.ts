import type { Readable } from 'node:stream';

/**
 * Reads a response body into UTF-8 text chunk by chunk, destroying the stream (which releases
 * the socket) and throwing `tooLarge()` as soon as it passes `maxBytes`.
 */
export async function readLimitedBody(
  body: Readable,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      received += chunk.byteLength;
      if (received > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    body.destroy();
    throw error;
  }
  return Buffer.concat(chunks, received).toString('utf8');
}
