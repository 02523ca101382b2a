/** Options for {@link readBodyText}. */
export interface ReadBodyTextOptions {
  /** Bytes allowed before the read stops with `tooLarge`. */
  maxBytes: number;
  /** Cancels the read at once; the read then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Builds the error thrown when the body passes `maxBytes`. */
  tooLarge: (receivedBytes: number) => Error;
}

/**
 * Reads a web `ReadableStream` chunk by chunk into UTF-8 text, failing as soon as it passes
 * `maxBytes` (so an oversized body is never buffered whole). The stream is cancelled on every
 * early exit so the underlying connection is released.
 */
export async function readBodyText(
  stream: ReadableStream<Uint8Array> | null,
  options: ReadBodyTextOptions,
): Promise<string> {
  if (stream === null) return '';
  const { maxBytes, signal, tooLarge } = options;
  const reader = stream.getReader();
  // Cancelling on abort settles a pending read() even when the fetch implementation ignores the
  // signal once headers have arrived; the loop below then rethrows the signal's reason.
  const onAbort = (): void => {
    reader.cancel(signal?.reason).catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let received = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (signal?.aborted) throw signal.reason;
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) throw tooLarge(received);
      parts.push(decoder.decode(value, { stream: true }));
    }
    parts.push(decoder.decode());
    return parts.join('');
  } catch (error) {
    reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
