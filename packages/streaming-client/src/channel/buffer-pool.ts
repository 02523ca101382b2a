/**
 * Request-body buffers, reused once the rows they carry are committed. A steady stream then
 * writes into the same few buffers instead of allocating (and leaving the GC and the allocator to
 * reclaim) a fresh one per request — which is what kept resident memory far above the byte
 * budget before.
 */
export interface BufferPool {
  /** A buffer of exactly `capacity` bytes, reused when one is free, wrapped in a lease. */
  lease(capacity: number): BufferLease;
  /** Bytes held in free buffers. */
  readonly freeBytes: number;
  /**
   * The largest buffer a writer should lease now: a quarter of the memory budget shared by the
   * writers that hold a buffer open (this one included), so their half-empty buffers add about a
   * quarter of the budget on top of it; but never less than `minFairBytes`, so with a small budget
   * and many busy writers the bound is `minFairBytes` per writer.
   */
  fairCapacity(): number;
}

/**
 * One buffer's life: the writer adds the bytes it writes, commits release them, and the buffer
 * goes back to the pool only when the writer has closed it, every written byte was released, and
 * no request carrying its bytes is on the way. Bytes that are never released (a failed or closed
 * channel drops its batches) keep the buffer out of the pool for good: it is left to the GC.
 */
export interface BufferLease {
  readonly buffer: Buffer;
  /** The writer put `bytes` more into the buffer. */
  add(bytes: number): void;
  /** `bytes` of the buffer are committed and no longer needed. */
  release(bytes: number): void;
  /** The writer will not write into the buffer again. */
  close(): void;
  /** A request carrying bytes of this buffer starts. */
  beginSend(): void;
  /** That request settled (the transport is done with the body). */
  endSend(): void;
}

/** Options for {@link createBufferPool}. */
export interface BufferPoolOptions {
  /** Free buffers kept for reuse, in bytes; beyond it released buffers are left to the GC. */
  maxFreeBytes: number;
  /** The memory budget the buffers serve (the client's `maxBufferedBytes`). */
  budgetBytes: number;
  /**
   * The smallest {@link BufferPool.fairCapacity}: batches smaller than this would cost more
   * requests (and spans) per row than the memory they save.
   * @default 1048576
   */
  minFairBytes?: number;
}

/** Creates a {@link BufferPool}. Free buffers are kept per capacity. */
export function createBufferPool(options: BufferPoolOptions): BufferPool {
  const free = new Map<number, Buffer[]>();
  let freeBytes = 0;
  let openLeases = 0;
  const minFairBytes = options.minFairBytes ?? 1024 * 1024;

  const give = (buffer: Buffer): void => {
    if (buffer.length > options.maxFreeBytes) return;
    // Make room by dropping free buffers of other sizes: the sizes a channel outgrew (it starts
    // small and doubles) would otherwise fill the pool and keep the size in use from returning.
    for (const [capacity, list] of free) {
      if (freeBytes + buffer.length <= options.maxFreeBytes) break;
      if (capacity === buffer.length) continue;
      while (list.length > 0 && freeBytes + buffer.length > options.maxFreeBytes) {
        list.pop();
        freeBytes -= capacity;
      }
    }
    if (freeBytes + buffer.length > options.maxFreeBytes) return;
    let list = free.get(buffer.length);
    if (!list) free.set(buffer.length, (list = []));
    list.push(buffer);
    freeBytes += buffer.length;
  };

  const take = (capacity: number): Buffer => {
    const reused = free.get(capacity)?.pop();
    if (reused) {
      freeBytes -= capacity;
      return reused;
    }
    // Its own allocation, not a slice of Node's shared pool: it is handed back whole.
    return Buffer.allocUnsafeSlow(capacity);
  };

  return {
    get freeBytes() {
      return freeBytes;
    },
    fairCapacity: () =>
      Math.max(minFairBytes, Math.floor(options.budgetBytes / (4 * (openLeases + 1)))),
    lease(capacity) {
      const buffer = take(capacity);
      openLeases += 1;
      let live = 0;
      let sending = 0;
      let open = true;
      let returned = false;
      const settle = (): void => {
        if (returned || open || live !== 0 || sending !== 0) return;
        returned = true;
        give(buffer);
      };
      return {
        buffer,
        add(bytes) {
          live += bytes;
        },
        release(bytes) {
          live -= bytes;
          settle();
        },
        close() {
          if (!open) return;
          open = false;
          openLeases -= 1;
          settle();
        },
        beginSend() {
          sending += 1;
        },
        endSend() {
          sending -= 1;
          settle();
        },
      };
    },
  };
}
