import { describe, expect, it } from 'vitest';
import { readBodyText } from './read-body-text.js';

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

const tooLarge = (n: number): Error => new Error(`too large ${n}`);

describe('readBodyText', () => {
  it('decodes UTF-8 split across chunk boundaries', async () => {
    const bytes = new TextEncoder().encode('héllo → wörld 🌊');
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    await expect(readBodyText(streamOf(chunks), { maxBytes: 1000, tooLarge })).resolves.toBe(
      'héllo → wörld 🌊',
    );
  });

  it('returns an empty string for a missing body and accepts exactly maxBytes', async () => {
    await expect(readBodyText(null, { maxBytes: 1, tooLarge })).resolves.toBe('');
    const body = streamOf([new Uint8Array(4).fill(97)]);
    await expect(readBodyText(body, { maxBytes: 4, tooLarge })).resolves.toBe('aaaa');
  });

  it('stops an endless stream once past maxBytes and cancels it', async () => {
    let cancelled = false;
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(readBodyText(endless, { maxBytes: 10_000, tooLarge })).rejects.toThrow(
      'too large 10240',
    );
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(20);
  });

  it('rejects with the signal reason when aborted while a read is pending', async () => {
    let cancelReason: unknown;
    const silent = new ReadableStream<Uint8Array>({
      cancel(reason) {
        cancelReason = reason;
      },
    });
    const controller = new AbortController();
    const reason = new Error('stop');
    const pending = readBodyText(silent, { maxBytes: 10, signal: controller.signal, tooLarge });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(cancelReason).toBe(reason);
  });
});
